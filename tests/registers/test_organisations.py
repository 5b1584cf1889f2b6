"""The organisation register: seeded from the annual report, edited with rules, audited."""

from __future__ import annotations

import pytest

from arf_desktop.domain.errors import Refused
from arf_desktop.registers.organisations import (
    OrganisationDraft,
    add_organisation,
    edit_organisation,
    list_all,
    seed_register,
    set_active,
)
from arf_desktop.storage.workspace import Workspace


def test_seeded_register(workspace: Workspace) -> None:
    organisations = list_all(workspace)
    trusts = [o for o in organisations if o.org_type == "Trust"]
    assert len(trusts) == 27 and len(organisations) == 31
    by_icb = {icb: sum(o.icb == icb for o in trusts) for icb in {o.icb for o in trusts}}
    assert by_icb == {
        "NHS Cheshire and Merseyside ICB": 13,
        "NHS Greater Manchester ICB": 8,
        "NHS Lancashire and South Cumbria ICB": 6,
    }
    assert any(o.name == "NHS England — North West region" for o in organisations)
    assert seed_register(workspace, "t") == 0


def test_add_edit_and_deactivate(workspace: Workspace) -> None:
    added = add_organisation(
        workspace,
        "t",
        OrganisationDraft("  Łódź   Community NHS Trust ", "NHS Greater Manchester ICB"),
    )
    assert added.name == "Łódź Community NHS Trust" and added.active
    changes = edit_organisation(
        workspace, "t", added.id, OrganisationDraft(added.name, added.icb, code="RXX")
    )
    assert changes == {"code": [None, "RXX"]}
    assert (
        edit_organisation(
            workspace, "t", added.id, OrganisationDraft(added.name, added.icb, code="RXX")
        )
        == {}
    )
    assert set_active(workspace, "t", added.id, False) == {"active": [True, False]}


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (OrganisationDraft("   "), "needs a name"),
        (OrganisationDraft("Bolton NHS Foundation Trust"), "already in the register"),
        (OrganisationDraft("New Trust", contact_email="not an address"), "e-mail"),
    ],
)
def test_refusals(workspace: Workspace, draft: OrganisationDraft, message: str) -> None:
    with pytest.raises(Refused, match=message):
        add_organisation(workspace, "t", draft)
