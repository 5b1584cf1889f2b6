"""Command-line conventions: global options anywhere, --demo, the window command, examples,
default exchange extensions, and every kind of file named when given to the wrong command."""

from __future__ import annotations

import argparse
import json
import shlex
from pathlib import Path

import pytest

from arf_desktop.cli.examples import EXAMPLES
from arf_desktop.cli.main import build_parser, main
from arf_desktop.files.file_kinds import sniff_file
from arf_desktop.importers.framework_file import default_framework_path, load_framework_file
from arf_desktop.registers.audit_log import entries_page
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage.workspace import Workspace
from tests.exchange.conftest import ROUND, build_round, score_all

OFFICE = "Programme coordinator"


def run(args: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> str:
    assert main(args) == code, capsys.readouterr()
    captured = capsys.readouterr()
    return captured.out if code == 0 else captured.err


def leaf_commands() -> dict[str, argparse.ArgumentParser]:
    def subs(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    found = {}
    for name, sub in subs(build_parser()).items():
        inner = subs(sub)
        found.update({f"{name} {n}": p for n, p in inner.items()} if inner else {name: sub})
    return found


def test_global_options_go_before_or_after_the_command(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(workspace_path)
    before = json.loads(run(["--db", db, "--json", "info"], capsys))
    after = json.loads(run(["info", "--db", db, "--json"], capsys))
    mixed = json.loads(run(["--json", "info", "--db", db], capsys))
    assert before == after == mixed
    assert before["workspace"] == db and before["framework"] is not None
    run(["--user", "Dana Ortiz", "--db", db, "assessor", "add", "Eve Ng"], capsys)
    run(["assessor", "add", "Finn Roy", "--user", "Gil Ash", "--db", db], capsys)
    with Workspace.open(db) as ws:
        actors = [entry.actor for entry in entries_page(ws, 0, 2)]
    assert actors == ["Gil Ash", "Dana Ortiz"]


def test_the_environment_names_the_workspace_and_the_readme_says_so(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARF_DESKTOP_DB", str(workspace_path))
    assert json.loads(run(["info", "--json"], capsys))["workspace"] == str(workspace_path)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    command_line = readme.split("## Command line", 1)[1].split("\n## ")[0]
    assert "ARF_DESKTOP_DB" in command_line and "before or after" in command_line


def test_demo_is_a_global_option_and_clashes_with_db(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARF_DESKTOP_HOME", str(tmp_path / "data"))
    from arf_desktop import paths

    demo = paths.demo_workspace()
    assert not demo.exists()
    first = json.loads(run(["--demo", "info", "--json"], capsys))
    assert Path(first["workspace"]) == demo and first["submissions"] > 0
    assert json.loads(run(["info", "--demo", "--json"], capsys)) == first
    err = run(["info", "--demo", "--db", str(tmp_path / "x.arfdb")], capsys, code=1)
    assert "either --demo or --db" in err


def test_no_command_is_refused_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([])
    assert exited.value.code == 2
    assert "--demo" in capsys.readouterr().err


def test_window_command_opens_the_main_window(
    qapp, workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: list[str] = []

    def close_when_shown() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        if not windows:
            QTimer.singleShot(50, close_when_shown)
            return
        seen.extend(type(w).__name__ for w in windows)
        for window in windows:
            window.close()

    QTimer.singleShot(50, close_when_shown)
    settings = str(tmp_path / "window.ini")
    assert main(["--db", str(workspace_path), "window", "--settings", settings]) == 0
    assert "MainWindow" in seen


def test_every_command_has_help_examples_that_parse(capsys: pytest.CaptureFixture[str]) -> None:
    leaves = leaf_commands()
    assert sorted(set(leaves) - set(EXAMPLES)) == []
    parser = build_parser()
    for command, sub in leaves.items():
        assert sub.format_help().count(f"arf-desktop {command}") >= 1, command
        with pytest.raises(SystemExit):
            main([*command.split(), "--help"])
        shown = capsys.readouterr().out
        assert "examples:" in shown, command
        for example in EXAMPLES[command]:
            assert f"  arf-desktop {example}" in shown
            words = shlex.split(example)
            assert " ".join(words[: len(command.split())]) == command or words[0].startswith("-")
            parsed = parser.parse_args(words)
            assert parsed.handler is sub.get_default("handler"), example


@pytest.fixture
def exchange_round(workspace_path: Path, tmp_path: Path):
    with Workspace.open(workspace_path) as ws:
        build_round(ws, load_framework_file(default_framework_path())[0])
    return workspace_path


def test_pack_export_into_a_folder_and_extensions_added(
    exchange_round: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = ["--db", str(exchange_round), "--user", OFFICE]
    folder = tmp_path / "packs"
    folder.mkdir()
    one = ["pack", "export", "--round", ROUND, "--assessor", "Siân Evans", *office, "--json"]
    into_folder = json.loads(run([*one, "--out", f"{folder}/"], capsys))["written"][0]["path"]
    assert Path(into_folder).parent == folder and into_folder.endswith(".arfpack")
    assert "Siân Evans" in Path(into_folder).name and Path(into_folder).is_file()
    named = json.loads(run([*one, "--out", str(tmp_path / "sian")], capsys))["written"][0]
    assert named["path"] == str(tmp_path / "sian.arfpack")
    kept = json.loads(run([*one, "--out", str(tmp_path / "s.ARFPACK")], capsys))["written"][0]
    assert kept["path"] == str(tmp_path / "s.ARFPACK")
    new_folder = tmp_path / "new-folder"
    made = json.loads(run([*one, "--out", f"{new_folder}/"], capsys))["written"][0]["path"]
    assert Path(made).parent == new_folder and made.endswith(".arfpack")

    laptop = tmp_path / "laptop.arfdb"
    init_workspace(laptop, "Laptop owner")
    run(["pack", "import", str(tmp_path / "sian.arfpack"), "--db", str(laptop)], capsys)
    score_all(laptop, load_framework_file(default_framework_path())[0], lambda _o, _c: 2)
    back = ["return", "export", "--round", ROUND, "--db", str(laptop), "--json"]
    written = json.loads(run([*back, "--out", str(tmp_path / "sian-scores")], capsys))
    assert written["path"] == str(tmp_path / "sian-scores.arfreturn")
    assert sniff_file(Path(written["path"])).key == "score_return"
    in_folder = json.loads(run([*back, "--out", str(folder)], capsys))["path"]
    assert Path(in_folder).parent == folder and in_folder.endswith(".arfreturn")
