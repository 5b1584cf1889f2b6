"""`retention settings|status|apply` on the command line: text, --json, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.storage.workspace import Workspace
from tests.registers.retention_world import DUE, build_world


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def world_path(workspace_path: Path) -> Path:
    with Workspace.open(workspace_path) as workspace:
        build_world(workspace)
    return workspace_path


def test_status_lists_what_is_due_per_kind(world_path: Path, capsys) -> None:
    db = str(world_path)
    code, out, _ = run(capsys, "retention", "status", "--db", db, "--as-of", DUE["scores"])
    assert code == 0
    assert "Scores and comments: 1 due" in out and "Submissions: 0 due" in out
    code, out, _ = run(capsys, "retention", "status", "--db", db, "--as-of", "2030-01-01", "--json")
    payload = json.loads(out)
    due = {k["kind"]: k["due"] for k in payload["kinds"]}
    assert due == {"evidence": 2, "scores": 2, "submissions": 2, "contacts": 2, "audit": 0}
    item = payload["kinds"][0]["items"][0]
    assert set(item) >= {"kind", "id", "label", "anchor", "due_on", "ids"}


def test_dry_run_then_apply(world_path: Path, capsys) -> None:
    db = str(world_path)
    code, out, _ = run(capsys, "retention", "apply", "--dry-run", "--db", db,
                       "--as-of", "2030-01-01")  # fmt: skip
    assert code == 0 and "dry run: nothing was changed" in out
    code, out, _ = run(capsys, "retention", "apply", "--db", db, "--as-of", "2030-01-01", "--json")
    payload = json.loads(out)
    assert payload["backup"] and not payload["dry_run"]
    assert set(payload["removed"]) == {"evidence", "scores", "contacts", "submissions"}
    code, out, _ = run(capsys, "audit", "verify", "--db", db)
    assert code == 0 and "Audit verified." in out
    code, out, _ = run(capsys, "retention", "apply", "--db", db, "--as-of", "2030-01-01")
    assert code == 0 and "Nothing is due." in out


def test_settings_show_and_set(workspace_path: Path, capsys) -> None:
    db = str(workspace_path)
    code, out, _ = run(capsys, "retention", "settings", "--db", db)
    assert code == 0 and "Evidence files: kept 2 years" in out and "(default)" in out
    code, out, _ = run(capsys, "retention", "settings", "--db", db, "--set", "evidence=4",
                       "--set", "contacts=2", "--json")  # fmt: skip
    years = {k["kind"]: k["years"] for k in json.loads(out)["schedule"]}
    assert years["evidence"] == 4 and years["contacts"] == 2 and years["scores"] == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["retention", "settings", "--set", "evidence"], "write --set KIND=YEARS"),
        (["retention", "settings", "--set", "photos=3"], "is not a kind of data"),
        (["retention", "settings", "--set", "evidence=0"], "whole number of years"),
        (["retention", "status", "--as-of", "31/12/2030"], "write --as-of as YYYY-MM-DD"),
    ],
)
def test_bad_input_is_one_clear_line(
    workspace_path: Path, capsys, argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv, "--db", str(workspace_path))
    assert code == 1 and message in err and "Traceback" not in err
