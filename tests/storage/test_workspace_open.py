"""Opening workspaces: newer, foreign and damaged files are refused untouched; one instance each."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from arf_desktop.storage import backups, schema
from arf_desktop.storage.instance_lock import WorkspaceInUse
from arf_desktop.storage.schema import WorkspaceFileError
from arf_desktop.storage.workspace import DamagedWorkspace, Workspace, WorkspaceNotFound


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checkpoint(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_newer_workspace_is_refused_untouched(workspace_path: Path) -> None:
    with sqlite3.connect(workspace_path) as raw:
        raw.execute("UPDATE schema_info SET value = '99' WHERE key = 'schema_version'")
    checkpoint(workspace_path)
    before = digest(workspace_path)
    with pytest.raises(WorkspaceFileError, match="newer version of ARF Desktop"):
        Workspace.open(workspace_path)
    assert digest(workspace_path) == before


def test_foreign_files_are_refused_untouched(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.arfdb"
    text_file.write_text("hello")
    other_db = tmp_path / "other.arfdb"
    with sqlite3.connect(other_db) as raw:
        raw.execute("CREATE TABLE t (x)")
    for path, message in ((text_file, "not an SQLite database"), (other_db, "not an ARF")):
        before = digest(path)
        with pytest.raises(WorkspaceFileError, match=message):
            Workspace.open(path)
        assert digest(path) == before


def test_missing_workspace_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFound, match="arf-desktop init"):
        Workspace.open(tmp_path / "nope.arfdb")
    assert not (tmp_path / "nope.arfdb").exists()


def test_second_instance_is_refused_and_writes_nothing(workspace_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from arf_desktop.storage.workspace import Workspace
                ws = Workspace.open({str(workspace_path)!r}, lock=True)
                print("open", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        checkpoint(workspace_path)
        before = digest(workspace_path)
        with pytest.raises(WorkspaceInUse, match="already open"):
            Workspace.open(workspace_path, lock=True)
        assert digest(workspace_path) == before
    finally:
        holder.communicate("", timeout=30)
    with Workspace.open(workspace_path, lock=True) as again:
        assert again.integrity_check() == "ok"


def test_damaged_workspace_is_detected_and_restore_is_offered(workspace_path: Path) -> None:
    good = backups.take_backup(workspace_path, "scheduled")
    checkpoint(workspace_path)
    data = bytearray(workspace_path.read_bytes())
    page = 4096
    for offset in range(page * 2 + 100, min(len(data), page * 4), 7):
        data[offset] ^= 0x5A
    workspace_path.write_bytes(bytes(data))
    with pytest.raises((DamagedWorkspace, WorkspaceFileError)) as caught:
        Workspace.open(workspace_path)
    if isinstance(caught.value, DamagedWorkspace):
        assert caught.value.backup is not None and caught.value.backup.path == good
    moved = backups.restore(workspace_path, good)
    assert moved is not None and moved.exists()
    with Workspace.open(workspace_path) as restored:
        assert restored.integrity_check() == "ok"


def test_upgrade_ladder_backs_up_then_upgrades_in_one_transaction(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_column(connection) -> None:
        connection.execute(text("ALTER TABLE organisations ADD COLUMN region TEXT"))

    def broken_step(connection) -> None:
        connection.execute(text("ALTER TABLE organisations ADD COLUMN notes TEXT"))
        raise RuntimeError("step 3 failed")

    with sqlite3.connect(workspace_path) as raw:  # as a workspace of the first format
        raw.execute("UPDATE schema_info SET value = '1' WHERE key = 'schema_version'")
    monkeypatch.setattr(schema, "UPGRADES", {2: add_column, 3: broken_step})
    monkeypatch.setattr(schema, "LATEST_VERSION", 3)
    with pytest.raises(RuntimeError, match="step 3 failed"):
        Workspace.open(workspace_path)
    assert any(b.reason == "before-upgrade" for b in backups.list_backups(workspace_path))
    with sqlite3.connect(workspace_path) as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(organisations)")}
        version = raw.execute("SELECT value FROM schema_info WHERE key='schema_version'")
        assert version.fetchone()[0] == "1"
    assert "region" not in columns and "notes" not in columns  # nothing half-upgraded

    monkeypatch.setattr(schema, "UPGRADES", {2: add_column})
    monkeypatch.setattr(schema, "LATEST_VERSION", 2)
    with Workspace.open(workspace_path) as upgraded:
        assert upgraded.info("schema_version") == "2"
        with upgraded.read() as conn:
            columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(organisations)")}
    assert "region" in columns
