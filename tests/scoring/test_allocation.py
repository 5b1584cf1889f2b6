"""Allocation: N unconflicted assessors per submission, balanced, all or nothing, audited."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arf_desktop.domain.errors import Refused
from arf_desktop.domain.scoring import AllocationImpossible, AllocationNeed, plan_allocation
from arf_desktop.registers.interests import ConflictDraft, add_conflict
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.scoring.allocation import (
    allocate,
    allocate_by_hand,
    list_allocations,
    remove_allocation,
)
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import counts
from tests.scoring.conftest import (
    ASSESSORS,
    COORDINATOR,
    ORGANISATIONS,
    ROUND,
    Scene,
    add_submissions,
)

EVERYONE = [name for name, _ in ASSESSORS]


def test_automatic_allocation_is_balanced_and_never_conflicted(scene: Scene) -> None:
    result = allocate(scene.workspace, COORDINATOR, ROUND, EVERYONE)
    assert result.per_submission == 2 and len(result.added) == 12
    rows = list_allocations(scene.workspace, ROUND)
    per_submission = Counter(r.organisation for r in rows)
    assert set(per_submission.values()) == {2} and len(per_submission) == len(ORGANISATIONS)
    assert all(r.conflict is None for r in rows)
    pairs = {(r.assessor, r.organisation) for r in rows}
    assert ("Amara Okafor", "Bolton NHS Foundation Trust") not in pairs
    assert ("Łukasz Nowak", "Alder Hey Children's NHS Foundation Trust") not in pairs
    loads = Counter(r.assessor for r in rows)
    assert set(loads.values()) == {3}  # 12 allocations over 4 assessors
    assert result.loads == dict.fromkeys(sorted(EVERYONE), 3)
    again = allocate(scene.workspace, COORDINATOR, ROUND, EVERYONE)
    assert again.added == () and again.kept == 12
    with scene.workspace.read() as conn:
        assert counts(conn).allocations == 12
        entry = audit.page(conn, 0, 1)[0]
    assert entry.action == "allocation.add" and entry.details["mode"] == "automatic"


def test_allocation_refuses_a_submission_without_enough_unconflicted_assessors(
    scene: Scene,
) -> None:
    with pytest.raises(Refused) as refused:
        allocate(scene.workspace, COORDINATOR, ROUND, ["Amara Okafor", "Siân Evans"])
    message = refused.value.message
    assert message.startswith("Nothing was allocated.")
    assert "Bolton NHS Foundation Trust needs 2 assessors but only 1 of those named" in message
    assert "Amara Okafor works for Bolton NHS Foundation Trust (own organisation)" in message
    assert "Alder Hey" not in message
    with scene.workspace.read() as conn:
        assert counts(conn).allocations == 0


def test_declared_and_same_icb_conflicts_are_respected(scene: Scene) -> None:
    add_conflict(
        scene.workspace,
        COORDINATOR,
        ConflictDraft(
            "Siân Evans", "Manchester University NHS Foundation Trust", "Sister works there"
        ),
    )
    icb_round = create_round(
        scene.workspace, COORDINATOR, RoundDraft("ICB round", same_icb_conflict=True)
    )
    add_submissions(
        scene.workspace,
        scene.framework,
        icb_round.id,
        ("Manchester University NHS Foundation Trust",),
    )
    with pytest.raises(Refused) as refused:
        allocate(scene.workspace, COORDINATOR, "ICB round", ["Amara Okafor", "Siân Evans"], 1)
    message = refused.value.message
    assert "same ICB (NHS Greater Manchester ICB)" in message and "Sister works there" in message
    result = allocate(scene.workspace, COORDINATOR, "ICB round", EVERYONE, 2)
    assert {a for _, a in result.added} == {"Łukasz Nowak", "Zoë Brontë-Adeyemi"}


def test_allocation_by_hand_and_removal(scene: Scene) -> None:
    with pytest.raises(Refused, match="own organisation"):
        allocate_by_hand(
            scene.workspace, COORDINATOR, ROUND, "Bolton NHS Foundation Trust", "Amara Okafor"
        )
    row = allocate_by_hand(
        scene.workspace, COORDINATOR, ROUND, "Bolton NHS Foundation Trust", "Siân Evans"
    )
    assert row.assessor == "Siân Evans" and row.progress == "0 / 17"
    with pytest.raises(Refused, match="already allocated"):
        allocate_by_hand(
            scene.workspace, COORDINATOR, ROUND, "bolton nhs foundation trust", "siân evans"
        )
    result = allocate(scene.workspace, COORDINATOR, ROUND, EVERYONE)
    assert result.kept == 1 and len(result.added) == 11  # Bolton only needed one more
    remove_allocation(scene.workspace, COORDINATOR, row.id)
    assert len(list_allocations(scene.workspace, ROUND)) == 11


def test_a_conflict_declared_after_allocation_blocks_and_is_topped_up(scene: Scene) -> None:
    allocate(scene.workspace, COORDINATOR, ROUND, EVERYONE)
    taken = next(r for r in list_allocations(scene.workspace, ROUND, "Siân Evans"))
    add_conflict(
        scene.workspace, COORDINATOR, ConflictDraft("Siân Evans", taken.organisation, "New job")
    )
    blocked = [r for r in list_allocations(scene.workspace, ROUND) if r.conflict]
    assert [(r.assessor, r.organisation) for r in blocked] == [("Siân Evans", taken.organisation)]
    assert blocked[0].state == "Conflict of interest"
    result = allocate(scene.workspace, COORDINATOR, ROUND, EVERYONE)
    assert len(result.added) == 1 and result.added[0][0] == taken.organisation
    assert result.blocked and "New job" in result.blocked[0]


# -- the planner on its own ---------------------------------------------------------


@st.composite
def problems(draw):
    assessors = draw(st.integers(2, 7))
    per = draw(st.integers(1, min(3, assessors)))
    count = draw(st.integers(1, 25))
    needs = []
    for sub in range(count):
        eligible = draw(st.sets(st.integers(0, assessors - 1), min_size=per, max_size=assessors))
        needs.append(
            AllocationNeed(sub, f"org {sub:02d}", frozenset(), tuple(sorted(eligible)), {})
        )
    return needs, per, {a: f"assessor {a}" for a in range(assessors)}


@settings(max_examples=150, deadline=None)
@given(problems())
def test_plan_gives_everyone_n_eligible_and_no_improving_move_remains(problem) -> None:
    needs, per, names = problem
    plan = plan_allocation(needs, per, {}, names)
    loads = Counter(a for picks in plan.values() for a in picks)
    for need in needs:
        picks = plan[need.submission_id]
        assert len(set(picks)) == per and set(picks) <= set(need.eligible)
    highest = max(loads.values())
    # No single allocation can move from a most-loaded assessor to one at least 2 lighter.
    for need in needs:
        for giver in plan[need.submission_id]:
            if loads[giver] == highest:
                for taker in need.eligible:
                    assert taker in plan[need.submission_id] or loads[taker] > highest - 2


def test_plan_with_everyone_eligible_is_perfectly_balanced() -> None:
    needs = [AllocationNeed(s, f"org {s}", frozenset(), (0, 1, 2, 3, 4), {}) for s in range(300)]
    plan = plan_allocation(needs, 3, {}, {a: str(a) for a in range(5)})
    assert set(Counter(a for picks in plan.values() for a in picks).values()) == {180}


def test_plan_names_every_impossible_submission() -> None:
    needs = [
        AllocationNeed(1, "A trust", frozenset(), (0,), {1: "B works there"}),
        AllocationNeed(2, "B trust", frozenset(), (0, 1), {}),
        AllocationNeed(3, "C trust", frozenset(), (), {0: "x", 1: "y"}),
    ]
    with pytest.raises(AllocationImpossible) as impossible:
        plan_allocation(needs, 2, {}, {0: "Zed", 1: "Abe"})
    assert impossible.value.problems == [
        "A trust needs 2 assessors but only 1 of those named can score it: B works there",
        "C trust needs 2 assessors but only 0 of those named can score it: y; x",
    ]
