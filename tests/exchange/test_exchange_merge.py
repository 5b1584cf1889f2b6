"""Merging returns: revisions decide, a re-import changes nothing, bad returns are refused."""

from __future__ import annotations

import pytest

from arf_desktop.exchange.manifest import ExchangeRejected
from arf_desktop.exchange.merge import MERGED, UNCHANGED, import_return_bytes
from arf_desktop.registers.interests import ConflictDraft, add_conflict
from arf_desktop.scoring.scores import stored_scores
from arf_desktop.storage import audit
from arf_desktop.storage import exchange as exchange_repo
from tests.exchange.conftest import (
    COORDINATOR,
    Coordinator,
    resigned,
    score_record,
    status_record,
    synthetic_return,
)

ASSESSOR = "Amara Okafor"


def first_allocation(coord: Coordinator) -> tuple[str, int]:
    return sorted(coord.mine(ASSESSOR).items())[0]


def merge(coord: Coordinator, data: bytes, name: str = "r.arfreturn"):
    return import_return_bytes(coord.workspace, COORDINATOR, data, name)


def test_new_updated_unchanged_and_older(coordinator: Coordinator) -> None:
    org, alloc = first_allocation(coordinator)
    c1, c2 = coordinator.criteria(org)[:2]
    first = synthetic_return(
        coordinator, ASSESSOR,
        [score_record(org, alloc, c1, 1, 2), score_record(org, alloc, c2, 2, 1, "Gap."),
         status_record(org, alloc, 1, True)],
    )  # fmt: skip
    report = merge(coordinator, first)
    assert (report.status, report.new, report.updated) == (MERGED, 2, 1)
    stored = stored_scores(coordinator.workspace, alloc)
    assert (stored[c1].score, stored[c2].comment) == (2, "Gap.")
    assert merge(coordinator, first).line() == "already imported; nothing changed"

    newer = synthetic_return(
        coordinator,
        ASSESSOR,
        [score_record(org, alloc, c1, 3, 3), score_record(org, alloc, c2, 2, 1, "Gap.")],
    )
    report = merge(coordinator, newer)
    assert (report.updated, report.unchanged) == (1, 1)
    older = synthetic_return(coordinator, ASSESSOR, [score_record(org, alloc, c1, 2, 0, "Old.")])
    report = merge(coordinator, older)
    assert (report.status, report.older) == (UNCHANGED, 1)
    assert stored_scores(coordinator.workspace, alloc)[c1].score == 3  # never overwritten


def test_merge_is_audited_with_the_assessors_chain_head(coordinator: Coordinator) -> None:
    org, alloc = first_allocation(coordinator)
    data = synthetic_return(
        coordinator, ASSESSOR, [score_record(org, alloc, coordinator.criteria(org)[0], 1, 2)]
    )
    report = merge(coordinator, data, "amara.arfreturn")
    with coordinator.workspace.read() as conn:
        [stored] = exchange_repo.list_merges(conn, coordinator.round_id)
        entries = [e for e in audit.page(conn, 0, 5) if e.action == "return.merge"]
        assert audit.verify(conn).ok
    assert (stored.return_id, stored.audit_head_seq, stored.audit_head_hash) == (
        report.return_id, 7, "a" * 64,
    )  # fmt: skip
    assert entries[0].details["assessor_audit_head"] == {"seq": 7, "hash": "a" * 64}


def rejected(coord: Coordinator, data: bytes) -> str:
    before = coord.snapshot()
    with pytest.raises(ExchangeRejected) as caught:
        merge(coord, data)
    assert coord.snapshot() == before
    return " ".join(caught.value.reasons)


def test_returns_that_must_be_refused(coordinator: Coordinator) -> None:
    org, alloc = first_allocation(coordinator)
    c1 = coordinator.criteria(org)[0]
    others = {o: a for (o, who), a in coordinator.allocations.items() if who != ASSESSOR}
    other_org = next(o for o in others if o not in coordinator.mine(ASSESSOR))
    foreign = synthetic_return(
        coordinator, ASSESSOR, [score_record(other_org, others[other_org], c1, 1, 2)]
    )
    assert "is not allocated to it" in rejected(coordinator, foreign)
    assert "not a criterion" in rejected(
        coordinator,
        synthetic_return(coordinator, ASSESSOR, [score_record(org, alloc, "G99", 1, 2)]),
    )
    assert "not on the rating scale" in rejected(
        coordinator, synthetic_return(coordinator, ASSESSOR, [score_record(org, alloc, c1, 1, 9)])
    )
    twice = [score_record(org, alloc, c1, 1, 2), score_record(org, alloc, c1, 2, 2)]
    assert "appears twice" in rejected(coordinator, synthetic_return(coordinator, ASSESSOR, twice))
    add_conflict(
        coordinator.workspace,
        COORDINATOR,
        ConflictDraft(ASSESSOR, org, "Joined the trust's board."),
    )
    found = rejected(
        coordinator, synthetic_return(coordinator, ASSESSOR, [score_record(org, alloc, c1, 1, 2)])
    )
    assert "may not score" in found and "Joined the trust's board" in found


def test_another_round_framework_or_workspace(coordinator: Coordinator, monkeypatch) -> None:
    from tests.exchange import conftest

    org, alloc = first_allocation(coordinator)
    records = [score_record(org, alloc, coordinator.criteria(org)[0], 1, 2)]
    monkeypatch.setattr(conftest, "ROUND", "Last year's round")
    assert "which is not in this workspace" in rejected(
        coordinator, synthetic_return(coordinator, ASSESSOR, records)
    )
    monkeypatch.undo()
    with coordinator.workspace.write(COORDINATOR) as tx:
        from arf_desktop.storage import tables

        tx.execute(
            tables.schema_info.update()
            .where(tables.schema_info.c.key == "workspace_id")
            .values(value="x")
        )
    data = synthetic_return(coordinator, ASSESSOR, records)
    with coordinator.workspace.write(COORDINATOR) as tx:
        tx.execute(
            tables.schema_info.update()
            .where(tables.schema_info.c.key == "workspace_id")
            .values(value="y")
        )
    assert "another workspace" in rejected(coordinator, data)


def test_a_return_for_another_framework_version(coordinator: Coordinator) -> None:
    org, alloc = first_allocation(coordinator)
    data = synthetic_return(
        coordinator, ASSESSOR, [score_record(org, alloc, coordinator.criteria(org)[0], 1, 2)]
    )
    data = resigned(coordinator, data, lambda m: m["framework"].update(version="2099.1"))
    assert "version 2099.1" in rejected(coordinator, data)
