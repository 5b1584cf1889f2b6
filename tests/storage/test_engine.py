"""Pragmas on every connection, and writers that queue instead of failing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import text

from arf_desktop.storage.workspace import Workspace


def test_pragmas_on_a_new_connection(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as workspace, workspace.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 5000


def test_foreign_keys_are_enforced(workspace: Workspace) -> None:
    from sqlalchemy.exc import IntegrityError

    try:
        with workspace.write("t") as tx:
            tx.execute(
                text(
                    "INSERT INTO submissions (round_id, organisation_id, created_at) "
                    "VALUES (999, 999, 'now')"
                )
            )
    except IntegrityError:
        pass
    else:
        raise AssertionError("a row pointing at nothing was accepted")


def test_two_processes_writing_at_once_both_succeed(workspace_location: str) -> None:
    """Read-then-write in one transaction from two processes: writers queue, none fails."""
    script = textwrap.dedent(
        f"""
        import sys
        from sqlalchemy import select, func
        from arf_desktop.storage import tables
        from arf_desktop.storage.workspace import Workspace, put_setting
        with Workspace.open({workspace_location!r}) as ws:
            for i in range(40):
                with ws.write(sys.argv[1]) as tx:
                    n = tx.execute(select(func.count()).select_from(tables.settings)).scalar_one()
                    put_setting(tx, f"{{sys.argv[1]}}.{{i}}", str(n))
        print("done")
        """
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", script, name], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for name in ("a", "b")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
        assert out.decode().strip() == "done"
    with Workspace.open(workspace_location) as ws, ws.read() as conn:
        total = conn.exec_driver_sql("SELECT count(*) FROM settings WHERE key LIKE '_.%%'")
        assert total.scalar_one() == 80
