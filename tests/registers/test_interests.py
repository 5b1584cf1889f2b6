"""The conflict-of-interest register, and the rule that decides who may not score whom."""

from __future__ import annotations

import pytest

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.scoring import (
    Assessor,
    DeclaredConflict,
    OrganisationRef,
    conflict_reasons,
)
from arf_desktop.registers.interests import ConflictDraft, add_conflict, list_conflicts
from tests.scoring.conftest import COORDINATOR, Scene, scene  # noqa: F401

BOLTON = OrganisationRef(1, "Bolton NHS Foundation Trust", "NHS Greater Manchester ICB")
MFT = OrganisationRef(2, "Manchester University NHS Foundation Trust", "NHS Greater Manchester ICB")
ALDER = OrganisationRef(
    3, "Alder Hey Children's NHS Foundation Trust", "NHS Cheshire and Merseyside ICB"
)
AMARA = Assessor(10, "Amara Okafor", 1, BOLTON.name, "NHS Greater Manchester ICB", None, True)


def declared(org: OrganisationRef, starts: str | None = None, ends: str | None = None):
    return DeclaredConflict(
        1, AMARA.id, AMARA.name, org.id, org.name, "Secondment", "x", starts, ends
    )


def test_own_organisation_is_always_a_conflict() -> None:
    assert conflict_reasons(AMARA, BOLTON, [], False, "2025-06-01") == [
        "Amara Okafor works for Bolton NHS Foundation Trust (own organisation)"
    ]
    assert conflict_reasons(AMARA, MFT, [], False, "2025-06-01") == []


def test_same_icb_is_a_conflict_only_when_the_round_says_so() -> None:
    reasons = conflict_reasons(AMARA, MFT, [], True, "2025-06-01")
    assert len(reasons) == 1 and "same ICB (NHS Greater Manchester ICB)" in reasons[0]
    assert conflict_reasons(AMARA, ALDER, [], True, "2025-06-01") == []


def test_declared_conflicts_respect_their_dates() -> None:
    day = "2025-06-01"
    assert conflict_reasons(AMARA, ALDER, [declared(ALDER)], False, day)
    assert conflict_reasons(AMARA, ALDER, [declared(ALDER, "2025-01-01", "2025-12-31")], False, day)
    assert not conflict_reasons(AMARA, ALDER, [declared(ALDER, "2025-07-01")], False, day)
    assert not conflict_reasons(AMARA, ALDER, [declared(ALDER, None, "2025-05-31")], False, day)


def test_conflict_register(scene: Scene) -> None:  # noqa: F811
    conflict = add_conflict(
        scene.workspace,
        COORDINATOR,
        ConflictDraft(
            "Siân Evans",
            "Blackpool Teaching Hospitals NHS Foundation Trust",
            "Seconded there until March",
            kind="Secondment",
            ends_on="2099-03-31",
        ),
    )
    assert conflict.assessor == "Siân Evans" and conflict.kind == "Secondment"
    assert list_conflicts(scene.workspace, "siân evans") == [conflict]
    with pytest.raises(Refused, match="needs a reason"):
        add_conflict(scene.workspace, COORDINATOR, ConflictDraft("Siân Evans", "Bolton", " "))
    with pytest.raises(Refused, match="not a date"):
        add_conflict(
            scene.workspace,
            COORDINATOR,
            ConflictDraft("Siân Evans", "Bolton NHS Foundation Trust", "r", starts_on="31/03/2025"),
        )
    with pytest.raises(NotFound, match="no assessor"):
        add_conflict(scene.workspace, COORDINATOR, ConflictDraft("Nobody", "Bolton", "r"))
