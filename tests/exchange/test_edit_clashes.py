"""The edit-clash queue: values two edits disagree on are held back, listed and resolved."""

from __future__ import annotations

import pytest

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.exchange.edit_clashes import list_queue, open_count, resolve_clash
from arf_desktop.exchange.merge import UNCHANGED
from arf_desktop.scoring.scores import record_score, stored_scores
from arf_desktop.storage import audit
from tests.exchange.conftest import ROUND, Coordinator, score_record, synthetic_return
from tests.exchange.test_exchange_merge import ASSESSOR, first_allocation, merge


def test_same_revision_different_values_are_queued_and_resolved(coordinator: Coordinator) -> None:
    org, alloc = first_allocation(coordinator)
    c1 = coordinator.criteria(org)[0]
    mine = synthetic_return(coordinator, ASSESSOR, [score_record(org, alloc, c1, 2, 2)], "laptop")
    theirs = synthetic_return(
        coordinator, ASSESSOR, [score_record(org, alloc, c1, 2, 3, "Outstanding.")], "restored"
    )
    merge(coordinator, mine)
    report = merge(coordinator, theirs)
    assert report.clashes == 1 and "same revision" in report.notes[0]
    assert stored_scores(coordinator.workspace, alloc)[c1].score is None  # held back
    queue = list_queue(coordinator.workspace, ROUND)
    assert open_count(coordinator.workspace, ROUND) == 1
    assert [c.label for c in queue[0].choices] == [
        "Return, revision 2: 2 · Fully evidenced",
        "Return, revision 2: 3 · Exemplary — “Outstanding.”",
    ]
    before = coordinator.snapshot()
    assert merge(coordinator, theirs).status == UNCHANGED and coordinator.snapshot() == before
    done = resolve_clash(coordinator.workspace, "Panel chair", queue[0].id, 1, "Checked.")
    assert done.chosen.value == {"score": 3, "comment": "Outstanding."}
    assert stored_scores(coordinator.workspace, alloc)[c1].score == 3
    assert open_count(coordinator.workspace) == 0
    with coordinator.workspace.read() as conn:
        entry = audit.entries_for(conn, "score_conflict", str(queue[0].id))[-1]
    assert entry.action == "score.conflict.resolve" and entry.actor == "Panel chair"
    again = synthetic_return(coordinator, ASSESSOR, [score_record(org, alloc, c1, 2, 2)], "laptop")
    assert merge(coordinator, again).clashes == 0  # a value already decided between


def test_a_change_made_here_since_the_last_merge_is_not_overwritten(
    coordinator: Coordinator,
) -> None:
    org, alloc = first_allocation(coordinator)
    c1 = coordinator.criteria(org)[0]
    merge(
        coordinator, synthetic_return(coordinator, ASSESSOR, [score_record(org, alloc, c1, 1, 2)])
    )
    record_score(coordinator.workspace, ASSESSOR, alloc, c1, 1)  # scored at the office
    report = merge(
        coordinator, synthetic_return(coordinator, ASSESSOR, [score_record(org, alloc, c1, 2, 3)])
    )
    assert report.clashes == 1 and "changed in this workspace" in report.notes[0]
    [clash] = list_queue(coordinator.workspace)
    assert [c.source for c in clash.choices] == ["workspace", "return"]
    resolve_clash(coordinator.workspace, "Panel chair", clash.id, 0)
    assert stored_scores(coordinator.workspace, alloc)[c1].score == 1


def test_a_clash_is_resolved_once_with_one_of_its_values(coordinator: Coordinator) -> None:
    org, alloc = first_allocation(coordinator)
    c1 = coordinator.criteria(org)[0]
    for lineage, score in (("laptop", 1), ("restored", 2)):
        data = synthetic_return(
            coordinator, ASSESSOR, [score_record(org, alloc, c1, 3, score)], lineage
        )
        merge(coordinator, data)
    [clash] = list_queue(coordinator.workspace)
    with pytest.raises(Refused, match="Choose one of the 2 values"):
        resolve_clash(coordinator.workspace, "Panel chair", clash.id, 2)
    done = resolve_clash(coordinator.workspace, "Panel chair", clash.id, 0)
    stored = stored_scores(coordinator.workspace, alloc)[c1]
    assert (stored.score, stored.revision, stored.source) == (
        1,
        done.revision,
        f"conflict:{clash.id}",
    )
    with pytest.raises(Refused, match="already resolved"):
        resolve_clash(coordinator.workspace, "Panel chair", clash.id, 1)
    with pytest.raises(NotFound, match="no edit clash number 999"):
        resolve_clash(coordinator.workspace, "Panel chair", 999, 0)
