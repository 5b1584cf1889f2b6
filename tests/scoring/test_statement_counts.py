"""SQL statements per scoring action, counted on the workspace's real engine: a fixed few.

A query per criterion would make these counts grow with the sheet; a re-read in a write
would add one. Transaction control (BEGIN, its IMMEDIATE form on SQLite, the write lock on
PostgreSQL) is left out: only the statements that read or write are counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from arf_desktop.scoring.scores import open_sheet, record_comment, record_score
from arf_desktop.storage.workspace import Workspace
from tests.scoring.conftest import Scene
from tests.scoring.test_scores import allocation

SILVER_TRUST = "Alder Hey Children's NHS Foundation Trust"  # applied for Silver: more criteria


@contextmanager
def statements(workspace: Workspace) -> Iterator[list[str]]:
    """The statements sent to the database while the block runs, transaction control left out."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, _parameters, _context, _many) -> None:
        text = " ".join(statement.split())
        if not text.upper().startswith(("BEGIN", "SELECT PG_ADVISORY")):
            seen.append(text)

    event.listen(workspace.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(workspace.engine, "before_cursor_execute", note)


def test_recording_a_score_is_one_write_with_a_fixed_few_statements(scene: Scene) -> None:
    mine = allocation(scene, "Siân Evans")
    first, second = (row.id for row in open_sheet(scene.workspace, mine).rows[:2])
    record_score(scene.workspace, "Siân Evans", mine, first, 2)  # the row exists from now on
    for criterion, value in ((second, 1), (first, 3)):  # a new row, then a changed one
        with statements(scene.workspace) as seen:
            change = record_score(scene.workspace, "Siân Evans", mine, criterion, value)
        assert change.changed
        score_reads = [s for s in seen if s.startswith("SELECT scores.")]
        assert len(score_reads) == 1, seen  # the row is read once, not again to write it
        writes = [s for s in seen if s.startswith(("INSERT", "UPDATE", "DELETE"))]
        # the score, the audit entry, the audit head: nothing else is written
        assert len(writes) == 3, writes
        assert sum(s.startswith("INSERT INTO audit_log") for s in writes) == 1
        assert len(seen) <= 9, seen


def test_an_unchanged_score_writes_nothing(scene: Scene) -> None:
    mine = allocation(scene, "Siân Evans")
    first = open_sheet(scene.workspace, mine).rows[0].id
    record_score(scene.workspace, "Siân Evans", mine, first, 2)
    with statements(scene.workspace) as seen:
        assert not record_score(scene.workspace, "Siân Evans", mine, first, 2).changed
    assert not [s for s in seen if s.startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_comment_costs_what_a_score_costs(scene: Scene) -> None:
    mine = allocation(scene, "Siân Evans")
    first = open_sheet(scene.workspace, mine).rows[0].id
    with statements(scene.workspace) as score:
        record_score(scene.workspace, "Siân Evans", mine, first, 2)
    with statements(scene.workspace) as comment:
        record_comment(scene.workspace, "Siân Evans", mine, first, "Board minute missing.")
    assert len(comment) == len(score)


def test_opening_a_sheet_reads_as_much_for_any_number_of_criteria(scene: Scene) -> None:
    bronze = allocation(scene, "Siân Evans")
    silver = allocation(scene, "Siân Evans", SILVER_TRUST)
    record_score(
        scene.workspace, "Siân Evans", silver, open_sheet(scene.workspace, silver).rows[0].id, 2
    )
    counts = {}
    for allocation_id in (bronze, silver):
        with statements(scene.workspace) as seen:
            sheet = open_sheet(scene.workspace, allocation_id)
        counts[len(sheet.rows)] = len(seen)
    assert len(counts) == 2  # two sheets of different sizes
    assert len(set(counts.values())) == 1, counts  # no statement per criterion
    assert max(counts.values()) <= 8, counts
