"""`erase person` asks before it erases and lists what it found; `subject-access` refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.registers.audit_log import entry_count
from arf_desktop.storage.backups import list_backups
from arf_desktop.storage.workspace import Workspace
from tests.registers import person_workspace as pw
from tests.registers.person_workspace import EMAIL, PERSON

person_template, person_db = pw.person_template, pw.person_db


def entries(path: Path) -> int:
    with Workspace.open(path) as workspace:
        return entry_count(workspace)


def test_without_a_terminal_or_yes_nothing_is_erased(
    person_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = entries(person_db)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["erase", "person", "--email", EMAIL, "--db", str(person_db)]) == 1
    captured = capsys.readouterr()
    assert "To erase" in captured.out and "Assessor (2)" in captured.out
    assert "needs confirmation" in captured.err and "Nothing was changed" in captured.err
    assert entries(person_db) == before and list_backups(person_db) == []


def test_a_declined_prompt_changes_nothing(
    person_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert main(["erase", "person", "--name", PERSON, "--db", str(person_db)]) == 1
    assert "Cancelled; nothing was changed." in capsys.readouterr().err
    assert list_backups(person_db) == []


def test_dry_run_lists_every_record_as_json(
    person_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["erase", "person", "--email", EMAIL, "--dry-run", "--json", "--db", str(person_db)]
    assert main(args) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["erased"] is False
    places = {(r["table"], r["field"]) for r in payload["records"]}
    assert places >= pw.PLACES
    assert list_backups(person_db) == []


def test_nothing_found_says_so(person_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(person_db)
    assert main(["erase", "person", "--email", "nobody@example.nhs.uk", "--db", db]) == 0
    assert "Nothing about this person is held" in capsys.readouterr().out
    args = ["subject-access", "--email", "nobody@example.nhs.uk", "--out", "x.zip", "--db", db]
    assert main(args) == 1
    assert "Nothing is held about nobody@example.nhs.uk" in capsys.readouterr().err
    assert not Path("x.zip").exists()


def test_subject_access_refuses_the_workspace_and_its_sidecars(
    person_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = entries(person_db)
    for target in (person_db, person_db.with_name(person_db.name + "-wal")):
        args = ["subject-access", "--email", EMAIL, "--out", str(target), "--db", str(person_db)]
        assert main(args) == 1
        assert "is the workspace or one of its own files" in capsys.readouterr().err
    assert entries(person_db) == before
