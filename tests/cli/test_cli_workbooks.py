"""`arf-desktop template` and `arf-desktop import`: files, exit codes, JSON records, counts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from arf_desktop.cli.main import main
from arf_desktop.importers import workbook_contract as wc
from arf_desktop.storage.workspace import Workspace
from tests.importers import hostile_files as h
from tests.importers.workbook_builders import filled, kit_for


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def info(db: str, capsys: pytest.CaptureFixture[str]) -> dict:
    code, out, _ = run(["info", "--db", db, "--json"], capsys)
    assert code == 0
    return json.loads(out)


def test_template_command(workspace_path: Path, tmp_path: Path, capsys) -> None:
    db, out = str(workspace_path), tmp_path / "blank.xlsx"
    code, stdout, _ = run(["template", "--db", db, "--out", str(out), "--level", "bronze"], capsys)
    assert code == 0 and f"Template written: {out}" in stdout
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == list(wc.SHEET_ORDER)
    assert workbook[wc.EVIDENCE_SHEET].max_row == 18
    code, stdout, _ = run(
        ["template", "--db", db, "--out", str(tmp_path), "--org", "ALDER HEY", "--json"], capsys
    )
    assert code == 1  # “ALDER HEY” is not a name or code in the register, but it is suggested
    assert "Did you mean “Alder Hey Children's NHS Foundation Trust”?" in stdout
    code, _, err = run(["template", "--db", db, "--out", str(out)], capsys)
    assert code == 1 and err.count("\n") == 1 and "already exists" in err
    code, stdout, _ = run(
        [
            "template", "--db", db, "--out", str(tmp_path),
            "--org", "alder hey children's nhs foundation trust", "--json",
        ],
        capsys,
    )  # fmt: skip
    payload = json.loads(stdout)
    assert code == 0 and payload["organisation"] == "Alder Hey Children's NHS Foundation Trust"
    assert payload["criteria"] == 45 and Path(payload["file"]).exists()


def test_import_command_statuses_and_json(workspace_path: Path, tmp_path: Path, capsys) -> None:
    db = str(workspace_path)
    with Workspace.open(workspace_path) as workspace:
        kit = kit_for(workspace)
    good = filled(kit, tmp_path / "good")
    code, _, err = run(["import", "--db", db, str(good)], capsys)
    assert code == 1 and "no round yet" in err
    code, stdout, _ = run(["import", "--db", db, str(good), "--round", "2025/26", "--json"], capsys)
    assert code == 0
    [record] = json.loads(stdout)
    assert record["status"] == "imported" and record["version"] == 1
    assert record["organisation"] == kit.organisation(0).name
    assert record["problems"] == [] and isinstance(record["warnings"], list)
    code, stdout, _ = run(["import", "--db", db, str(good)], capsys)
    assert code == 0 and "unchanged" in stdout and "already imported" in stdout
    before = info(db, capsys)

    bad = filled(kit, tmp_path / "bad", evidence=False)
    book = openpyxl.load_workbook(bad)
    book[wc.COVER_SHEET]["B6"] = "Platinum"
    book.save(bad)
    empty = h.build_empty(tmp_path)
    code, stdout, _ = run(["import", "--db", db, str(bad), str(empty), "--json"], capsys)
    assert code == 1
    records = json.loads(stdout)
    assert [r["status"] for r in records] == ["rejected", "rejected"]
    assert records[0]["problems"][0]["sheet"] == "Cover"
    assert records[0]["problems"][0]["cell"] == "B6"
    assert info(db, capsys) == before

    code, _, err = run(["import", "--db", db, str(bad)], capsys)
    assert code == 1
    assert "rejected  " in err and "problem: Cover!B6: “Platinum” is not a level" in err
    assert "Traceback" not in err


def test_import_runs_as_a_real_command(workspace_path: Path, tmp_path: Path) -> None:
    """The installed entry point: exit status and JSON on stdout, no traceback on stderr."""
    empty = h.build_empty(tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "arf_desktop", "import", "--db", str(workspace_path),
         str(empty), "--round", "R", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 1, completed.stderr
    assert json.loads(completed.stdout)[0]["status"] == "rejected"
    assert "Traceback" not in completed.stderr
