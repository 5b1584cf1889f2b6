"""Creating a workspace: the database, the default framework and the organisation register."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from arf_desktop.registers.frameworks import FrameworkLoaded, load_framework
from arf_desktop.registers.organisations import seed_register
from arf_desktop.storage.workspace import Workspace, put_setting


@dataclass(frozen=True)
class WorkspaceCreated:
    location: str
    framework: FrameworkLoaded
    organisations_added: int


def init_workspace(
    location: str | Path, actor: str, framework_file: Path | None = None
) -> WorkspaceCreated:
    """Create (or complete) a workspace; running it again changes nothing."""
    with Workspace.open(location, create=True) as workspace:
        loaded = load_framework(workspace, actor, framework_file)
        added = seed_register(workspace, actor)
        if workspace.setting("workspace.user") is None:
            with workspace.write(actor) as tx:
                put_setting(tx, "workspace.user", actor)
        return WorkspaceCreated(workspace.display_name, loaded, added)
