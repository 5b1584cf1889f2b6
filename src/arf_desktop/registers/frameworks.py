"""Loading framework versions into a workspace and choosing the current one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from arf_desktop.domain.errors import Refused
from arf_desktop.domain.framework import Framework
from arf_desktop.importers.framework_file import default_framework_path, load_framework_file
from arf_desktop.storage import frameworks as repo
from arf_desktop.storage.workspace import Workspace, put_setting


@dataclass(frozen=True)
class FrameworkLoaded:
    framework_id: int
    framework: Framework
    new: bool


def load_framework(
    workspace: Workspace, actor: str, path: Path | None = None, make_current: bool = True
) -> FrameworkLoaded:
    """Validate a framework file and store it as a version in the workspace (idempotent)."""
    framework, definition = load_framework_file(path or default_framework_path())
    with workspace.write(actor) as tx:
        try:
            framework_id, new = repo.add_framework(tx, definition)
        except ValueError as error:
            raise Refused(str(error)) from error
        if make_current:
            put_setting(tx, repo.CURRENT_KEY, str(framework_id))
    return FrameworkLoaded(framework_id, framework, new)


def current_framework(workspace: Workspace) -> tuple[int, Framework] | None:
    with workspace.read() as conn:
        framework_id = repo.current_framework_id(conn)
        if framework_id is None:
            return None
        return framework_id, repo.get_framework(conn, framework_id)


def framework_by_id(workspace: Workspace, framework_id: int) -> Framework:
    """One stored framework version (a round or submission names it by id)."""
    with workspace.read() as conn:
        return repo.get_framework(conn, framework_id)
