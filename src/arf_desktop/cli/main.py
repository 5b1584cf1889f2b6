"""The `arf-desktop` entry point: global options, one parser built from every command group."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from types import ModuleType
from typing import Any

from arf_desktop import __version__
from arf_desktop.cli.common import (
    Handler,
    Result,
    add_global_options,
    add_subcommand,
    global_options_parser,
    output_policy,
    settle_global_options,
)
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.files.output_guard import guarding

# Each command group (a module of arf_desktop.cli) and the command words it adds, in the
# order `--help` lists them: a command loads its own group's module and no other.
COMMAND_GROUPS: dict[str, tuple[str, ...]] = {
    "workspace": (
        "init", "info", "audit", "backup", "restore", "demo", "window", "organisations",
        "framework", "migrate-workspace", "self-test", "accessibility-check",
    ),
    "workbooks": ("template", "import"),
    "scoring": ("assessor", "conflict", "allocate", "allocations", "scoresheet", "submit"),
    "moderation": ("stats", "outcomes", "agree", "decide"),
    "exchange": ("pack", "return", "score-conflicts"),
    "outputs": ("export",),
    "rounds": ("round", "submission", "organisation", "history"),
    "panel": ("disputes", "reopen"),
    "calibration": ("calibration",),
    "retention": ("retention",),
    "personal": ("erase", "subject-access"),
}  # fmt: skip
# Global options that take a value as the next word, and those that take none.
VALUE_OPTIONS = ("--db", "--user")
FLAG_OPTIONS = ("--json", "--demo")


def group_module(name: str) -> ModuleType:
    """The module of a command group, loaded on first use (by the import statement's own
    machinery, which `python -X importtime` sees)."""
    module = f"arf_desktop.cli.{name}"
    __import__(module)
    return sys.modules[module]


def __getattr__(name: str) -> Any:
    if name == "GROUPS":  # every group's module, loaded only when asked for
        return tuple(group_module(group) for group in COMMAND_GROUPS)
    raise AttributeError(name)


def named_group(argv: list[str]) -> str | None:
    """The group of the command `argv` names, when its first word is plainly a known command;
    None for anything else (help, an unknown word or option), which the full parser handles."""
    words = iter(argv)
    for word in words:
        if word in VALUE_OPTIONS:
            next(words, None)
        elif word in FLAG_OPTIONS or word.startswith(tuple(f"{o}=" for o in VALUE_OPTIONS)):
            continue
        else:
            found = [g for g, commands in COMMAND_GROUPS.items() if word in commands]
            return found[0] if found else None
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of the command group `argv` names."""
    common = global_options_parser()
    parser = argparse.ArgumentParser(
        prog="arf-desktop",
        description="ARF Desktop: recognition rounds of the NHS North West Anti-Racist Framework.",
        epilog="Options --db, --user, --json and --demo go before or after the command. "
        "`arf-desktop window` (or `arf-desktop --demo`) opens the window. "
        "`arf-desktop COMMAND --help` shows examples.",
    )
    parser.add_argument("--version", action="version", version=f"arf-desktop {__version__}")
    add_global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str, parent: Any = commands) -> Any:
        return add_subcommand(parent, name, handler, help_text, common)

    named = None if argv is None else named_group(argv)
    for group in (named,) if named else COMMAND_GROUPS:
        group_module(group).register(commands, add)
    return parser


def emit(result: Result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.payload, indent=2, ensure_ascii=False, default=str))
        return
    stream = sys.stdout if result.ok else sys.stderr
    for line in result.lines:
        print(line, file=stream)


# A command builds most of its objects once (modules, the schema, a batch's rows) and keeps
# them to the end: the cycle collector's youngest generation is scanned less often meanwhile.
COMMAND_GC_THRESHOLD = (100_000, 50, 100)


def main(argv: list[str] | None = None) -> int:
    previous = gc.get_threshold()
    gc.set_threshold(*COMMAND_GC_THRESHOLD)
    try:
        return run_command(argv, own_process=argv is None)
    finally:
        gc.set_threshold(*previous)
        if argv is None and "PySide6" not in sys.modules:
            # The process ends next: what the command made is left to the system to take back
            # whole, not traced object by object by the collector at exit (after a batch of
            # letters, a tenth of a second). The window's Qt objects are left to Qt's order.
            gc.freeze()


def run_command(argv: list[str] | None = None, own_process: bool = False) -> int:
    """Parse the command line, run the command, print its result; the exit status.

    `own_process`: the command is all this process does (it ends when the command does).
    """
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = settle_global_options(parser.parse_args(argv))
    args.own_process = own_process
    if args.command is None:
        if not args.demo:
            parser.error("name a command (or --demo to open the window on the demo workspace)")
        args.command, args.handler = "window", group_module("workspace").cmd_window
    try:
        with guarding(output_policy(args)):
            result = args.handler(args)
    except UserFacingError as error:
        for line in error.message.splitlines():
            print(f"arf-desktop: {line}", file=sys.stderr)
        if args.json:
            print(json.dumps({"ok": False, "error": error.message}, ensure_ascii=False))
        return 1
    except KeyboardInterrupt:
        print("arf-desktop: cancelled; nothing half-written was kept.", file=sys.stderr)
        return 130
    except Exception as error:  # the last guard: a one-line reason, never a traceback
        return _last_guard(error, args)
    try:
        emit(result, args.json)
    except BrokenPipeError:  # the reader (`| head`) stopped early: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0 if result.ok else 1


def _last_guard(error: Exception, args: argparse.Namespace) -> int:
    """A full disk, a refused file or database in plain words; anything else as unexpected."""
    from arf_desktop.storage.failures import as_user_facing, hide_password

    location = args.db or os.environ.get("ARF_DESKTOP_DB") or "the workspace"
    known = as_user_facing(error, location)
    if known is not None:
        print(f"arf-desktop: {known.message}", file=sys.stderr)
        if args.json:
            print(json.dumps({"ok": False, "error": known.message}, ensure_ascii=False))
        return 1
    text = hide_password(f"{type(error).__name__}: {error}")
    print(f"arf-desktop: unexpected error ({text}).", file=sys.stderr)
    print("arf-desktop: please report this with the command you ran.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
