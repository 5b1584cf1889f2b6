"""Backups through the backup API: complete copies, rotation, schedule, restore."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from arf_desktop.registers.organisations import OrganisationDraft, add_organisation
from arf_desktop.storage import backups
from arf_desktop.storage.workspace import Workspace, counts


def test_backup_includes_uncheckpointed_wal_writes(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as ws:
        add_organisation(ws, "t", OrganisationDraft("Backup Test Trust", "NHS Test ICB"))
        assert Path(str(workspace_path) + "-wal").exists()
        target = ws.backup("manual")
    with Workspace.open(target) as copy, copy.read() as conn:
        assert counts(conn).organisations == 32


def test_restore_round_trip_keeps_the_replaced_file(workspace_path: Path) -> None:
    backup = backups.take_backup(workspace_path, "manual")
    with Workspace.open(workspace_path) as ws:
        add_organisation(ws, "t", OrganisationDraft("Added After Backup Trust"))
    moved = backups.restore(workspace_path, backup)
    assert moved is not None
    with Workspace.open(workspace_path) as ws, ws.read() as conn:
        assert counts(conn).organisations == 31
    with Workspace.open(moved) as kept, kept.read() as conn:
        assert counts(conn).organisations == 32


def test_rotation_keeps_the_newest(workspace_path: Path) -> None:
    made = [backups.take_backup(workspace_path, "scheduled", keep=3) for _ in range(5)]
    remaining = [b.path for b in backups.list_backups(workspace_path)]
    assert len(remaining) == 3
    assert made[-1] in remaining and made[0] not in remaining


def test_schedule(workspace_path: Path) -> None:
    assert backups.is_due(workspace_path, timedelta(hours=24))
    backups.take_backup(workspace_path, "scheduled")
    assert not backups.is_due(workspace_path, timedelta(hours=24))
    assert backups.is_due(workspace_path, timedelta(0))


def test_unhealthy_backup_is_never_restored(workspace_path: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.arfdb"
    junk.write_bytes(b"not a database")
    with pytest.raises(ValueError, match="not a healthy backup"):
        backups.restore(workspace_path, junk)
    assert Workspace.open(workspace_path).integrity_check() == "ok"
