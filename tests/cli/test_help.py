"""`arf-desktop --help` lists every command of every group, and the README documents each one."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

import pytest

from arf_desktop.cli.common import add_subcommand, global_options_parser
from arf_desktop.cli.main import (
    COMMAND_GROUPS,
    GROUPS,
    build_parser,
    group_module,
    main,
    named_group,
)

README = Path(__file__).resolve().parents[2] / "README.md"
COMMAND_WORD = re.compile(r"[a-z][a-z-]*(\\\|[a-z-]+)*")


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def parser_commands() -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for name, sub in subcommands(build_parser()).items():
        found.add((name,))
        found.update((name, inner) for inner in subcommands(sub))
    return found


def readme_commands() -> set[tuple[str, ...]]:
    section = README.read_text(encoding="utf-8").split("## Command line", 1)[1].split("\n## ")[0]
    found: set[tuple[str, ...]] = set()
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        for phrase in re.findall(r"`([^`]+)`", line.split(" | ")[0]):
            words = []
            for token in phrase.split():
                if not COMMAND_WORD.fullmatch(token):
                    break
                words.append(token)
            found.add((words[0],))
            found.update((words[0], inner) for inner in words[1:2] for inner in inner.split("\\|"))
    return found


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    listed = capsys.readouterr().out
    tops = {command[0] for command in parser_commands()}
    assert len(tops) >= 25
    assert [name for name in sorted(tops) if not re.search(rf"^\s+{name}\b", listed, re.M)] == []


def test_every_command_runs_a_handler_of_its_own_group() -> None:
    modules = {group.__name__ for group in GROUPS}
    handlers = {}
    for name, sub in subcommands(build_parser()).items():
        inner = subcommands(sub)
        for full, leaf in [((name, n), p) for n, p in inner.items()] or [((name,), sub)]:
            handlers[full] = leaf.get_default("handler")
    wrong = {
        full: handler
        for full, handler in handlers.items()
        if handler is None
        or handler.__module__ not in modules
        or not handler.__name__.startswith("cmd_")
    }
    assert wrong == {}
    assert {handler.__module__ for handler in handlers.values()} == modules


def test_the_readme_documents_exactly_the_commands_there_are() -> None:
    assert readme_commands() == parser_commands()


def test_each_group_adds_the_commands_the_entry_point_expects() -> None:
    """A command loads only its own group: the entry point knows each group's command words."""
    for group, words in COMMAND_GROUPS.items():
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()

        def add(name: str, handler: Any, text: str, parent: Any = commands) -> Any:
            return add_subcommand(parent, name, handler, text, global_options_parser())

        group_module(group).register(commands, add)
        assert tuple(commands.choices) == words, group


@pytest.mark.parametrize(
    ("argv", "group"),
    [
        (["export", "letters", "--out", "x"], "outputs"),
        (["--db", "export", "info"], "workspace"),
        (["--db=w.arfdb", "--json", "--user", "Ada", "round", "list"], "rounds"),
        (["--help"], None),
        (["--us", "Ada", "export"], None),
        (["nonsense"], None),
        ([], None),
    ],
)
def test_the_named_command_picks_its_group(argv: list[str], group: str | None) -> None:
    assert named_group(argv) == group


def test_a_command_parses_alike_with_its_group_alone() -> None:
    argv = ["--db", "w.arfdb", "export", "letters", "--out", "x", "--json"]
    alone, full = build_parser(argv).parse_args(argv), build_parser().parse_args(argv)
    assert vars(alone) == vars(full)
