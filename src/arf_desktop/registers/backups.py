"""Workspace backups as a service: whether a scheduled one is due."""

from __future__ import annotations

from datetime import timedelta

from arf_desktop.storage import backups
from arf_desktop.storage.workspace import Workspace


def backup_due(workspace: Workspace, every: timedelta) -> bool:
    """True when a workspace file's newest backup is older than `every` (never for a server)."""
    return workspace.path is not None and backups.is_due(workspace.path, every)
