"""The audit chain detects every kind of tampering made behind the app's back."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import Workspace, put_setting


@pytest.fixture
def logged(workspace_path: Path) -> Path:
    with Workspace.open(workspace_path) as ws:
        for i in range(10):
            with ws.write(f"user {i}") as tx:
                put_setting(tx, f"k{i}", str(i))
        with ws.read() as conn:
            assert audit.verify(conn).ok
    return workspace_path


def tamper(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as raw:
        for statement in statements:
            raw.execute(statement)


def verify(path: Path) -> audit.ChainReport:
    with Workspace.open(path) as ws, ws.read() as conn:
        return audit.verify(conn)


CASES: dict[str, tuple[Callable[[Path], None], int]] = {
    "update details": (
        lambda p: tamper(p, 'UPDATE audit_log SET details = \'{"value":"9"}\' WHERE seq = 7'),
        7,
    ),
    "update actor": (lambda p: tamper(p, "UPDATE audit_log SET actor = 'x' WHERE seq = 3"), 3),
    "delete middle": (lambda p: tamper(p, "DELETE FROM audit_log WHERE seq = 5"), 5),
    "delete last": (lambda p: tamper(p, "DELETE FROM audit_log WHERE seq = 14"), 14),
    "insert": (
        lambda p: tamper(
            p,
            "UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 6",
            "UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000",
            "INSERT INTO audit_log SELECT 6, at, actor, action, entity, entity_id, details, "
            "prev_hash, hash FROM audit_log WHERE seq = 5",
        ),
        6,
    ),
    "append": (
        lambda p: tamper(
            p,
            "INSERT INTO audit_log SELECT 15, at, actor, action, entity, entity_id, details, "
            "hash, hash FROM audit_log WHERE seq = 14",
        ),
        15,
    ),
    "reorder": (
        lambda p: tamper(
            p,
            "UPDATE audit_log SET seq = -1 WHERE seq = 8",
            "UPDATE audit_log SET seq = 8 WHERE seq = 9",
            "UPDATE audit_log SET seq = 9 WHERE seq = -1",
        ),
        8,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampering_is_found_at_the_first_affected_entry(logged: Path, case: str) -> None:
    edit, first_bad = CASES[case]
    assert verify(logged).entries == 14
    edit(logged)
    report = verify(logged)
    assert not report.ok
    assert report.broken_at == first_bad, report.reason


def test_cli_audit_verify_exit_status(logged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--db", str(logged)]) == 0
    assert "intact: 14 entries" in capsys.readouterr().out
    tamper(logged, "DELETE FROM audit_log WHERE seq = 2")
    assert main(["audit", "verify", "--db", str(logged)]) == 1
    assert "broken at entry 2" in capsys.readouterr().err


def test_audit_is_written_in_the_same_transaction(workspace: Workspace) -> None:
    with workspace.read() as conn:
        before = audit.count_entries(conn)
    with pytest.raises(RuntimeError), workspace.write("t") as tx:
        put_setting(tx, "doomed", "1")
        raise RuntimeError("fails before commit")
    with workspace.read() as conn:
        assert audit.count_entries(conn) == before
        assert audit.verify(conn).ok
