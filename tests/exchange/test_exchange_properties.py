"""Property tests: any order or batching of returns gives one state; re-import is a no-op."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from arf_desktop.domain.framework import canonical_json
from arf_desktop.exchange.merge import import_return_bytes, import_returns
from arf_desktop.exchange.merge_apply import content_of
from arf_desktop.exchange.merge_rules import winner
from arf_desktop.storage import audit, tables
from tests.exchange.conftest import (
    ASSESSORS,
    COORDINATOR,
    Coordinator,
    score_record,
    status_record,
    synthetic_return,
)

VALUES = ((2, ""), (3, ""), (1, "Gap noted."))
STATUS = 3  # item index 3 stands for the allocation's submit state

one_return = st.tuples(
    st.sampled_from(ASSESSORS),
    st.dictionaries(
        st.tuples(st.integers(0, 1), st.integers(0, 3)),  # (allocation, item)
        st.tuples(st.integers(0, 2), st.integers(0, 2)),  # (revision, value)
        min_size=1,
        max_size=6,
    ),
)


def records_for(coord: Coordinator, assessor: str, chosen: dict) -> list[dict[str, Any]]:
    mine = sorted(coord.mine(assessor).items())
    records = []
    for (which, item), (revision, value) in sorted(chosen.items()):
        organisation, allocation = mine[which]
        if item == STATUS:
            records.append(status_record(organisation, allocation, revision, revision % 2 == 1))
        else:
            score, comment = VALUES[value]
            criterion = coord.criteria(organisation)[item]
            records.append(
                score_record(organisation, allocation, criterion, max(revision, 1), score, comment)
            )
    return records


def reset(coord: Coordinator) -> None:
    with coord.workspace.write("Test reset") as tx:
        for table in (tables.score_conflicts, tables.exchange_bases, tables.exchange_merges):
            tx.execute(table.delete())
        tx.execute(tables.scores.delete())
        tx.execute(tables.allocations.update().values(status="allocated", submitted_at=None))


def state(coord: Coordinator) -> tuple[dict, dict, dict]:
    with coord.workspace.read() as conn:
        sc, al, cf = tables.scores, tables.allocations, tables.score_conflicts
        scores = {
            (r.allocation_id, r.criterion_id): (r.score, r.comment)
            for r in conn.execute(select(sc))
        }
        statuses = {r.id: r.status for r in conn.execute(select(al))}
        conflicts = {
            (r.allocation_id, r.item): frozenset(c["content"] for c in json.loads(r.candidates))
            for r in conn.execute(select(cf).where(cf.c.status == "open"))
        }
    return scores, statuses, conflicts


def model(coord: Coordinator, returns: list[list[dict[str, Any]]]) -> tuple[dict, dict, dict]:
    """What the rule promises: per score the highest revision wins; a tie of values conflicts."""
    seen: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    for records in returns:
        for record in records:
            if record["kind"] == "status" and record["revision"] == 0:
                continue
            item = record.get("criterion", "#status")
            seen[(record["allocation"], item)].append((record["revision"], content_of(record)))
    scores: dict = {}
    statuses = dict.fromkeys(coord.allocations.values(), "allocated")
    conflicts: dict = {}
    for (allocation, item), found in seen.items():
        _, values = winner(found)
        value = json.loads(next(iter(values))) if len(values) == 1 else None
        if value is None:
            conflicts[(allocation, item)] = values
        if item == "#status":
            statuses[allocation] = value["status"] if value else "allocated"
        else:
            scores[(allocation, item)] = (value["score"], value["comment"]) if value else (None, "")
    return scores, statuses, conflicts


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(returns=st.lists(one_return, min_size=1, max_size=5), data=st.data())
def test_order_and_batching_never_change_the_result(
    coordinator: Coordinator, tmp_path: Path, returns: list, data: st.DataObject
) -> None:
    files = []
    for assessor, chosen in returns:
        records = records_for(coordinator, assessor, chosen)
        lineage = data.draw(st.sampled_from(("laptop", "restored copy")))
        files.append((records, synthetic_return(coordinator, assessor, records, lineage)))
    expected = model(coordinator, [records for records, _ in files])
    event("with conflicts" if expected[2] else "without conflicts")

    reset(coordinator)
    for index, (_, content) in enumerate(files):
        import_return_bytes(coordinator.workspace, COORDINATOR, content, f"{index}.arfreturn")
    in_order = state(coordinator)
    assert in_order == expected

    reset(coordinator)
    order = data.draw(st.permutations(range(len(files))))
    cuts = data.draw(st.lists(st.booleans(), min_size=len(files), max_size=len(files)))
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    batch: list[Path] = []
    for position, index in enumerate(order):
        path = folder / f"{position}.arfreturn"
        path.write_bytes(files[index][1])
        batch.append(path)
        if cuts[position] or position == len(order) - 1:
            import_returns(coordinator.workspace, COORDINATOR, batch)
            batch = []
    assert state(coordinator) == in_order

    with coordinator.workspace.read() as conn:
        entries = audit.count_entries(conn)
    again = import_returns(coordinator.workspace, COORDINATOR, sorted(folder.iterdir()))
    assert all(r.status == "unchanged" for r in again.reports)
    with coordinator.workspace.read() as conn:
        assert audit.count_entries(conn) == entries
    assert state(coordinator) == in_order


def test_the_model_agrees_with_a_tie_of_values() -> None:
    first = canonical_json({"comment": "", "score": 2})
    second = canonical_json({"comment": "", "score": 3})
    assert winner([(2, first), (3, second)]) == (3, frozenset({second}))
    assert winner([(3, first), (3, second), (1, first)]) == (3, frozenset({first, second}))
