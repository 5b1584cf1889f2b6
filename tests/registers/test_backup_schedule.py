"""The backups service: a scheduled backup is due when the newest is old enough, files only."""

from __future__ import annotations

from datetime import timedelta

from arf_desktop.registers.backups import backup_due
from arf_desktop.storage.workspace import Workspace


def test_a_backup_is_due_until_one_is_taken(workspace: Workspace) -> None:
    if workspace.path is None:  # a server database is backed up with the server's own tools
        assert not backup_due(workspace, timedelta(0))
        return
    assert backup_due(workspace, timedelta(hours=24))
    workspace.backup("scheduled")
    assert not backup_due(workspace, timedelta(hours=24))
    assert backup_due(workspace, timedelta(0))
