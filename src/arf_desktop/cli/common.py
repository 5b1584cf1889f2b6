"""What every command shares: its result, the workspace it names, and who the audit log records."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

from arf_desktop import paths
from arf_desktop.domain.errors import UserFacingError

Handler = Callable[[argparse.Namespace], "Result"]
Progress = Callable[[int, int, str], None]


class Result:
    """What a command prints: human lines, a JSON payload, and its exit status."""

    def __init__(self, lines: list[str], payload: Any = None, ok: bool = True) -> None:
        self.lines = lines
        self.payload = payload
        self.ok = ok


def workspace_location(args: argparse.Namespace) -> str:
    return args.db or os.environ.get("ARF_DESKTOP_DB") or str(paths.default_workspace())


def actor(args: argparse.Namespace, workspace: Any | None = None) -> str:
    if args.user:
        return args.user
    if workspace is not None:
        return workspace.default_user()
    from arf_desktop.storage.workspace import system_user

    return system_user()


def open_workspace(args: argparse.Namespace, writing: bool = False) -> Any:
    from arf_desktop.storage.workspace import Workspace

    return Workspace.open(workspace_location(args), lock=writing)


def round_name(args: argparse.Namespace, workspace: Any) -> str:
    """The round named with --round, or the only round in the workspace."""
    if args.round:
        return args.round
    from arf_desktop.registers.rounds import list_rounds

    rounds = list_rounds(workspace)
    if len(rounds) == 1:
        return rounds[0].name
    names = ", ".join(r.name for r in rounds) or "none yet"
    raise UserFacingError(f"Name the round with --round (rounds: {names}).")


def progress_printer(args: argparse.Namespace, batches_only: bool = False) -> Progress:
    """Show `[n/total] name` on a terminal as work goes on; never with --json or into a file."""

    def show(done: int, total: int, name: str) -> None:
        if name and not args.json and (total > 1 or not batches_only) and sys.stderr.isatty():
            print(f"[{done + 1}/{total}] {name}", file=sys.stderr)

    return show
