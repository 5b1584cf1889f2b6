"""The one door for score writes: revisions and audit entries, and nothing else writes a score."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from arf_desktop.scoring.allocation import allocate_by_hand
from arf_desktop.scoring.score_writes import ScoreAudit, save_score
from arf_desktop.storage import audit
from arf_desktop.storage import scores as score_repo
from tests.scoring.conftest import COORDINATOR, ROUND, Scene

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "arf_desktop"
DOOR = "scoring/score_writes.py"
ROW_WRITER = ("arf_desktop.storage.scores", "write_score")
BOLTON = "Bolton NHS Foundation Trust"


def references_to(tree: ast.AST, module: str, function: str) -> list[int]:
    """Lines that use `function` of `module`, however the module or function was imported."""
    package, _, leaf = module.rpartition(".")
    module_names: set[str] = set()  # names bound to the module
    function_names: set[str] = set()  # names bound to the function itself
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == module:
                    module_names.add(alias.asname or alias.name)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            for alias in node.names:
                if node.module == package and alias.name == leaf:
                    module_names.add(alias.asname or leaf)
                elif node.module == module and alias.name == function:
                    function_names.add(alias.asname or function)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == function:
            if ast.unparse(node.value) in module_names:
                lines.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id in function_names:
            lines.append(node.lineno)
    return lines


def row_writer_users() -> dict[str, list[int]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = references_to(ast.parse(path.read_text(encoding="utf-8")), *ROW_WRITER)
        if lines:
            found[path.relative_to(PACKAGE).as_posix()] = lines
    return found


def test_only_the_door_calls_the_storage_score_writer() -> None:
    users = row_writer_users()
    assert list(users) == [DOOR], (
        "score rows are written only through scoring.score_writes.save_score, which works out "
        f"the revision and the audit entry; found: {users}"
    )


@pytest.mark.parametrize(
    "source",
    [
        "from arf_desktop.storage import scores as repo\nrepo.write_score(tx)",
        "from arf_desktop.storage import scores\nscores.write_score(tx)",
        "import arf_desktop.storage.scores\narf_desktop.storage.scores.write_score(tx)",
        "from arf_desktop.storage.scores import write_score as w\nw(tx)",
        "from arf_desktop.storage.scores import write_score\nlater = write_score",
    ],
)
def test_the_walk_finds_every_way_of_reaching_the_writer(source: str) -> None:
    assert references_to(ast.parse(source), *ROW_WRITER) != []


def test_the_walk_ignores_other_writers_of_the_same_name() -> None:
    source = "from arf_desktop.scoring import score_writes\nscore_writes.write_score(tx)"
    assert references_to(ast.parse(source), *ROW_WRITER) == []


def test_revisions_count_up_from_one_and_each_write_is_audited(scene: Scene) -> None:
    allocation = allocate_by_hand(scene.workspace, COORDINATOR, ROUND, BOLTON, "Siân Evans").id
    with scene.workspace.write("Siân Evans") as tx:
        first = save_score(
            tx, allocation, "B-P1-01", 2, "", source="test", audit=ScoreAudit("score.change")
        )
        second = save_score(
            tx, allocation, "B-P1-01", 3, "Strong.", source="test", audit=ScoreAudit("score.change")
        )
    assert (first.before, first.revision) == (None, 1)
    assert second.before is not None and (second.before.score, second.revision) == (2, 2)
    with scene.workspace.read() as conn:
        stored = score_repo.get_score(conn, allocation, "B-P1-01")
        entries = audit.entries_for(conn, "score", f"{allocation}:B-P1-01")
    assert stored is not None
    assert (stored.score, stored.comment, stored.revision, stored.source) == (
        3,
        "Strong.",
        2,
        "test",
    )
    assert [e.details["revision"] for e in entries] == [1, 2]
    assert {e.actor for e in entries} == {"Siân Evans"}


def test_a_given_revision_is_kept_and_the_callers_own_entry_covers_the_write(scene: Scene) -> None:
    allocation = allocate_by_hand(scene.workspace, COORDINATOR, ROUND, BOLTON, "Siân Evans").id
    with scene.workspace.read() as conn:
        before = audit.count_entries(conn)
    with scene.workspace.write("Laptop owner") as tx:
        saved = save_score(
            tx, allocation, "B-P1-02", 1, "Thin.", source="pack", audit=None, revision=4
        )
    with scene.workspace.read() as conn:
        stored = score_repo.get_score(conn, allocation, "B-P1-02")
        assert audit.count_entries(conn) == before
    assert saved.revision == 4 and stored is not None and stored.revision == 4


def test_pending_entries_wait_for_one_bulk_append(scene: Scene) -> None:
    allocation = allocate_by_hand(scene.workspace, COORDINATOR, ROUND, BOLTON, "Siân Evans").id
    pending: list[dict] = []
    with scene.workspace.write(COORDINATOR) as tx:
        before = audit.head(tx.connection)
        save_score(
            tx, allocation, "B-P1-03", 2, "", source="return:x",
            audit=ScoreAudit("score.merge", {"return_id": "x"}), pending=pending,
        )  # fmt: skip
        assert audit.head(tx.connection) == before
        audit.append_many(tx.connection, tx.actor, pending)
    assert pending == [
        {
            "action": "score.merge",
            "entity": "score",
            "entity_id": f"{allocation}:B-P1-03",
            "details": {
                "return_id": "x",
                "revision": 1,
                "value": {"score": 2, "comment": ""},  # what `audit verify` replays
            },
        }
    ]
    with scene.workspace.read() as conn:
        assert audit.verify(conn).ok
