"""Before the window writes a file: never over the workspace, and a question before replacing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from arf_desktop.files.output_guard import (
    OutputPolicy,
    WorkspaceFiles,
    WorkspaceOutput,
    foreign_files,
    guarding,
)
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs

SHOWN = 5


def settings_file() -> Path:
    """The window's own settings file (it remembers the workspace's address): kept clear too."""
    store = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ARF Desktop", "arf-desktop"
    )
    return Path(store.fileName())


def workspace_files(workspace: Workspace) -> WorkspaceFiles:
    """The workspace's files on this computer (none but the settings file on a server)."""
    return WorkspaceFiles.at(workspace.path, extra=[settings_file()])


def replace_question(foreign: Sequence[Path]) -> str:
    """The question naming the files a write would replace."""
    shown = "\n".join(f"• {path}" for path in foreign[:SHOWN])
    more = f"\n…and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else ""
    one = len(foreign) == 1
    return (
        f"{shown}{more}\n\n{'This file already exists' if one else 'These files already exist'} "
        f"and {'was' if one else 'were'} not written by ARF Desktop as this kind of file. "
        f"Replace {'it' if one else 'them'}?"
    )


def approve(
    parent: QWidget | None, workspace: Workspace, planned: Sequence[tuple[Path, str | None]]
) -> OutputPolicy | None:
    """The policy to write `planned` under, or None when the user is told no or says no.

    The workspace's files are refused with a message; existing files that are not the app's
    own earlier output of the same kind are replaced only when the user answers yes.
    """
    policy = OutputPolicy(workspace_files(workspace))
    try:
        foreign = foreign_files(planned, policy.workspace)
    except WorkspaceOutput as error:
        dialogs.show_error(parent, "Not written", error.message)
        return None
    if foreign:
        title = "Replace existing file?" if len(foreign) == 1 else "Replace existing files?"
        if not dialogs.confirm(parent, title, replace_question(foreign)):
            return None
        policy.allow(foreign)
    return policy


def guarded(policy: OutputPolicy, work: Callable[..., Any]) -> Callable[..., Any]:
    """`work` run under `policy`, in whichever thread runs it."""

    def run(*args: Any, **kwargs: Any) -> Any:
        with guarding(policy):
            return work(*args, **kwargs)

    return run
