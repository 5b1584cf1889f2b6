"""What every command shares: its result, the workspace it names, and who the audit log records."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
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


# The options every command takes, before or after the subcommand, and their values when absent
GLOBAL_DEFAULTS: dict[str, Any] = {"db": None, "user": None, "json": False, "demo": False}


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """Add --db, --user, --json and --demo; unset unless given, so either position can set them."""
    unset = argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=unset,
        help="workspace file or database URL (default: $ARF_DESKTOP_DB, else the user's workspace)",
    )
    parser.add_argument("--user", metavar="NAME", default=unset, help="who the audit log records")
    parser.add_argument(
        "--json", action="store_true", default=unset, help="print a machine-readable result"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=unset,
        help="use the demo workspace (made when missing)",
    )


def global_options_parser() -> argparse.ArgumentParser:
    """The parent parser every subcommand is built with."""
    common = argparse.ArgumentParser(add_help=False)
    add_global_options(common)
    return common


def settle_global_options(args: argparse.Namespace) -> argparse.Namespace:
    """Give every global option its value whether it came before, after or not at all."""
    for name, default in GLOBAL_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    return args


def add_subcommand(
    parent: Any, name: str, handler: Handler, help_text: str, common: argparse.ArgumentParser
) -> argparse.ArgumentParser:
    """One subcommand: its global options, its handler and its `--help` examples."""
    from arf_desktop.cli.examples import epilog

    sub = parent.add_parser(
        name,
        parents=[common],
        help=help_text,
        description=help_text,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.epilog = epilog(sub.prog.removeprefix("arf-desktop").strip())
    sub.set_defaults(handler=handler)
    return sub


def workspace_location(args: argparse.Namespace) -> str:
    """--demo (the demo workspace), else --db, else $ARF_DESKTOP_DB, else the default."""
    if getattr(args, "demo", False):
        if getattr(args, "db", None):
            raise UserFacingError("Give either --demo or --db, not both.")
        from arf_desktop.demo.workspace import build_demo

        return str(build_demo(paths.demo_workspace()))
    return args.db or os.environ.get("ARF_DESKTOP_DB") or str(paths.default_workspace())


def output_policy(args: argparse.Namespace) -> Any:
    """What the command's files keep clear of: the workspace it names (never opened or made
    here) and its files; --force lets an output replace a file it did not write itself."""
    from arf_desktop.files.output_guard import OutputPolicy, WorkspaceFiles, refuse_workspace

    if getattr(args, "demo", False):
        location: str = str(paths.demo_workspace())
    else:
        location = args.db or os.environ.get("ARF_DESKTOP_DB") or str(paths.default_workspace())
    policy = OutputPolicy(WorkspaceFiles.at(location), force=bool(getattr(args, "force", False)))
    for option in ("out", "pdf"):
        named = getattr(args, option, None)
        if isinstance(named, str) and named:
            refuse_workspace(Path(named), policy.workspace)
    return policy


def add_force(parser: argparse.ArgumentParser) -> None:
    """--force: replace existing files this command did not write (never the workspace)."""
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace existing files that are not this command's own earlier output "
        "(the workspace and its files are never replaced)",
    )


def actor(args: argparse.Namespace, workspace: Any | None = None) -> str:
    if args.user:
        return args.user
    if workspace is not None:
        return workspace.default_user()
    from arf_desktop.storage.workspace import system_user

    return system_user()


def open_workspace(args: argparse.Namespace, writing: bool = False) -> Any:
    """The workspace the command names; a command that writes refuses a read-only one at once."""
    from arf_desktop.storage.workspace import Workspace

    workspace = Workspace.open(workspace_location(args), lock=writing)
    if writing and workspace.read_only is not None:
        workspace.close()
        from arf_desktop.storage.file_access import WorkspaceReadOnly

        raise WorkspaceReadOnly(workspace.display_name, workspace.read_only)
    return workspace


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


def exchange_target(out: str, suffix: str, name_in_folder: str) -> Path:
    """Where an exchange file goes: into a folder (given with a trailing slash or existing) under
    `name_in_folder`, else `out` itself with `suffix` added when it does not end with it."""
    path = Path(out).expanduser()
    if out.endswith(("/", os.sep)) or path.is_dir():
        path = path / name_in_folder
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    return path
