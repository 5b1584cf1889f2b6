"""Replaying the audit log against the data: a row changed behind the log's back is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from arf_desktop.domain.framework import Framework
from arf_desktop.exchange.merge import import_return_bytes
from arf_desktop.scoring.scores import record_score
from arf_desktop.storage import audit, tables
from arf_desktop.storage.audit_replay import replay
from arf_desktop.storage.workspace import Workspace
from tests.exchange.conftest import (
    COORDINATOR,
    Coordinator,
    build_round,
    score_all,
    take_pack,
    write_return,
)


@pytest.fixture
def coordinator(workspace: Workspace, framework: Framework) -> Coordinator:
    """The exchange round on SQLite and on PostgreSQL."""
    return build_round(workspace, framework)


def scored(coord: Coordinator, tmp_path: Path) -> None:
    """Scores written here through the services and merged from a real return."""
    laptop = take_pack(coord, "Siân Evans", tmp_path)
    score_all(laptop, coord.framework, lambda org, cid: 1 + (len(org) + len(cid)) % 3)
    data = write_return(laptop, tmp_path / "sian.arfreturn").read_bytes()
    import_return_bytes(coord.workspace, COORDINATOR, data, "sian.arfreturn")
    org, alloc = sorted(coord.mine("Amara Okafor").items())[0]
    for criterion in coord.criteria(org)[:3]:
        record_score(coord.workspace, "Amara Okafor", alloc, criterion, 2)


def test_a_score_edited_in_the_database_is_named(coordinator: Coordinator, tmp_path) -> None:
    scored(coordinator, tmp_path)
    with coordinator.workspace.read() as conn:
        report = replay(conn)
    assert report.ok, [d.line() for d in report.differences]
    assert report.checked["scores"] > 10 and report.checked["allocations"] == 6
    sc = tables.scores
    with coordinator.workspace.write("intruder") as tx:
        row = tx.connection.execute(select(sc).order_by(sc.c.id).limit(1)).one()
        tx.connection.execute(sc.update().where(sc.c.id == row.id).values(score=3 - row.score))
        al = tables.allocations
        tx.connection.execute(al.update().where(al.c.id == row.allocation_id).values(status="x"))
    with coordinator.workspace.read() as conn:
        assert audit.verify(conn).ok  # the chain alone does not notice...
        report = replay(conn)  # ...the replay does, and names the rows
    lines = [d.line() for d in report.differences]
    assert not report.ok and len(lines) == 2, lines
    assert any(row.criterion_id in line and f"score {row.score}" in line for line in lines)
    assert any("(status)" in line and "holds x" in line for line in lines)


def test_entries_without_values_are_not_checkable(coordinator: Coordinator, tmp_path) -> None:
    scored(coordinator, tmp_path)
    org, alloc = sorted(coordinator.mine("Amara Okafor").items())[0]
    criterion = coordinator.criteria(org)[0]
    with coordinator.workspace.write(COORDINATOR) as tx:  # as an older release logged a change
        audit.append(tx.connection, COORDINATOR, "score.change", "score", f"{alloc}:{criterion}")
    with coordinator.workspace.read() as conn:
        report = replay(conn)
    assert report.ok and report.not_checkable["scores"] == 1
