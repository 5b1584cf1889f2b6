"""The exchange repository: merges, merge bases, edit clashes and id mappings, as stored."""

from __future__ import annotations

import json

from sqlalchemy import select

from arf_desktop.domain.framework import Framework
from arf_desktop.storage import exchange as repo
from arf_desktop.storage import tables
from arf_desktop.storage.exchange import OPEN, RESOLVED, Base
from arf_desktop.storage.workspace import Workspace
from tests.exchange.conftest import COORDINATOR, build_round

MERGE = {
    "return_id": "r-1", "file_name": "amara.arfreturn", "file_sha256": "f" * 64,
    "assessor_id": 1, "assessor_workspace": "laptop", "pack_id": "p-1",
    "created": "2026-01-05T10:00:00Z", "records": 3, "counts": "{}",
    "audit_head_seq": 7, "audit_head_hash": "a" * 64,
}  # fmt: skip


def test_merge_counts_keep_the_stored_names_of_existing_workspaces(
    workspace: Workspace, framework: Framework
) -> None:
    coordinator = build_round(workspace, framework)
    counts = {"new": 1, "updated": 0, "unchanged": 2, "older": 0, "clashes": 1, "settled": 0}
    with workspace.write(COORDINATOR) as tx:
        merge_id = repo.insert_merge(tx, {**MERGE, "round_id": coordinator.round_id})
        repo.set_merge_counts(tx, merge_id, counts)
    with workspace.read() as conn:
        em = tables.exchange_merges
        stored = json.loads(conn.execute(select(em.c.counts)).scalar_one())
        [merge] = repo.list_merges(conn, coordinator.round_id)
        assert repo.find_merge(conn, "r-1") == merge
    assert stored["conflicts"] == 1 and "clashes" not in stored
    assert merge.counts == counts and merge.merged_by == COORDINATOR


def test_an_edit_clash_is_opened_listed_and_resolved(
    workspace: Workspace, framework: Framework
) -> None:
    coordinator = build_round(workspace, framework)
    (organisation, assessor), allocation = sorted(coordinator.allocations.items())[0]
    candidates = [
        {"source": "return", "revision": 2, "content": '{"comment":"","score":2}'},
        {"source": "return", "revision": 2, "content": '{"comment":"","score":3}'},
    ]
    with workspace.write(COORDINATOR) as tx:
        clash_id = repo.insert_clash(
            tx,
            {"allocation_id": allocation, "item": "B-P1-01", "revision": 2,
             "kind": "same_revision", "candidates": candidates, "merge_id": None},
        )  # fmt: skip
        repo.put_base(tx, Base(allocation, "B-P1-01", 1, 1, '{"comment":"","score":1}'), None)
        repo.put_base(tx, Base(allocation, "B-P1-01", 2, 3, '{"comment":"","score":3}'), None)
    with workspace.read() as conn:
        [listed] = repo.list_clashes(conn, coordinator.round_id)
        assert repo.count_open_clashes(conn, coordinator.round_id) == 1
        bases = repo.bases_for(conn, [allocation])
    assert (listed.clash.id, listed.organisation, listed.assessor) == (
        clash_id, organisation, assessor,
    )  # fmt: skip
    assert listed.clash.candidates == tuple(candidates) and listed.clash.status == OPEN
    assert bases[(allocation, "B-P1-01")].local_revision == 3  # the second put replaced it
    with workspace.write(COORDINATOR) as tx:
        repo.update_clash(tx, clash_id, {"status": RESOLVED, "chosen": {"score": 3}})
    with workspace.read() as conn:
        clash = repo.get_clash(conn, clash_id)
        assert repo.list_clashes(conn) == [] and repo.count_open_clashes(conn) == 0
        assert len(repo.list_clashes(conn, status=None)) == 1
        assert repo.clashes_for(conn, [allocation])[(allocation, "B-P1-01")] == [clash]
    assert clash is not None and (clash.status, clash.chosen) == (RESOLVED, {"score": 3})


def test_id_mappings_are_put_replaced_and_dropped(workspace: Workspace) -> None:
    with workspace.write(COORDINATOR) as tx:
        repo.put_mapping(tx, "office", "allocation", 7, 1, offset=2)
        repo.put_mapping(tx, "office", "allocation", 7, 4)
        repo.put_mapping(tx, "office", "round", 7, 9)
    with workspace.read() as conn:
        assert repo.mapping(conn, "office", "allocation") == {7: (4, 0)}
        assert repo.mapping(conn, "elsewhere", "allocation") == {}
    with workspace.write(COORDINATOR) as tx:
        repo.drop_mapping(tx, "office", "allocation", 7)
    with workspace.read() as conn:
        assert repo.mapping(conn, "office", "allocation") == {}
        assert repo.mapping(conn, "office", "round") == {7: (9, 0)}
