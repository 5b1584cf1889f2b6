"""The assessor register: add and edit with rules, audited; and who is scoring here."""

from __future__ import annotations

import pytest

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.registers.assessors import (
    AssessorDraft,
    add_assessor,
    current_assessor,
    edit_assessor,
    list_all,
    set_current_assessor,
)
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import Workspace
from tests.scoring.conftest import COORDINATOR, Scene, scene  # noqa: F401


def test_assessor_register_add_edit_and_refusals(workspace: Workspace) -> None:
    amara = add_assessor(
        workspace,
        COORDINATOR,
        AssessorDraft(
            "  Amara   Okafor ", "bolton nhs foundation trust", email="amara@example.nhs.uk"
        ),
    )
    assert amara.name == "Amara Okafor"
    assert amara.organisation == "Bolton NHS Foundation Trust"
    assert amara.icb == "NHS Greater Manchester ICB"  # taken from the organisation
    with pytest.raises(Refused, match="already in the register"):
        add_assessor(workspace, COORDINATOR, AssessorDraft("amara okafor"))
    with pytest.raises(NotFound, match="no organisation called"):
        add_assessor(workspace, COORDINATOR, AssessorDraft("X", "Nowhere Trust"))
    with pytest.raises(NotFound, match="not an ICB"):
        add_assessor(workspace, COORDINATOR, AssessorDraft("X", icb="NHS Atlantis ICB"))
    with pytest.raises(Refused, match="e-mail"):
        add_assessor(workspace, COORDINATOR, AssessorDraft("X", email="not an address"))
    regional = add_assessor(
        workspace,
        COORDINATOR,
        AssessorDraft("Siân Evans", icb="nhs lancashire and south cumbria icb"),
    )
    assert regional.icb == "NHS Lancashire and South Cumbria ICB" and regional.organisation is None
    diff = edit_assessor(workspace, COORDINATOR, regional.id, AssessorDraft("Siân Evans-Jones"))
    assert diff["name"] == ["Siân Evans", "Siân Evans-Jones"]
    assert [a.name for a in list_all(workspace)] == ["Amara Okafor", "Siân Evans-Jones"]
    with workspace.read() as conn:
        actions = [e.action for e in audit.page(conn, 0, 3)]
    assert actions == ["assessor.edit", "assessor.add", "assessor.add"]


def test_who_are_you_is_a_workspace_setting(scene: Scene) -> None:  # noqa: F811
    assert current_assessor(scene.workspace) is None
    chosen = list_all(scene.workspace)[0]
    set_current_assessor(scene.workspace, COORDINATOR, chosen.id)
    with Workspace.open(scene.path) as again:
        assert current_assessor(again) == chosen
