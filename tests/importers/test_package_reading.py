"""The package reader gives what openpyxl would, from the parts the checks kept, without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import from_ISO8601
from openpyxl.worksheet.cell_range import CellRange

from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.sheet_data import MergedRange, read_sheet
from arf_desktop.importers.workbook_package import WorkbookPackage, from_iso8601
from arf_desktop.importers.workbook_reader import load
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import both, filled, kit_for, set_evidence
from tests.loaded_modules import ROOT

SHEETS = (wc.COVER_SHEET, wc.EVIDENCE_SHEET, wc.META_SHEET)


def snapshot(sheets: dict) -> dict:
    return {
        name: (
            {k: (c.value, type(c.value).__name__, c.data_type) for k, c in sheet._cells.items()},
            [m.coord for m in sheet.merged],
        )
        for name, sheet in sheets.items()
    }


def merge(cells: str):
    return lambda workbook: workbook[wc.EVIDENCE_SHEET].merge_cells(cells)


def iso_dates(workbook) -> None:
    workbook.iso_dates = True  # dates written as t="d" cells, as strict OOXML writers do
    workbook[wc.EVIDENCE_SHEET]["J2"] = datetime(2026, 3, 4, 9, 30)


EDITS = {
    "as the demo fills it": None,
    "a formula": set_evidence("B-P1-02", wc.COL_SELF, "=1+1"),
    "merged answer cells": merge("F5:G5"),
    "an ISO date cell": iso_dates,
    "all three": both(set_evidence("B-P1-02", wc.COL_SELF, "=1+1"), merge("F5:G5"), iso_dates),
}


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    db = tmp_path_factory.mktemp("kit") / "w.arfdb"
    init_workspace(db, "Tester")
    with Workspace.open(db) as workspace:
        return kit_for(workspace)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_kept_parts_read_as_the_zip_does(tmp_path: Path, kit, edit) -> None:
    path = filled(kit, tmp_path, edit=edit)
    from_kept = load(path, path.name)
    package = WorkbookPackage(path)  # nothing kept: every part inflated from the zip
    try:
        from_zip = {name: read_sheet(package, name) for name in SHEETS}
    finally:
        package.close()
    assert snapshot(from_kept.sheets) == snapshot(from_zip)


def test_formula_merged_and_iso_cells_read_as_openpyxl_reads_them(tmp_path: Path, kit) -> None:
    path = filled(kit, tmp_path, edit=EDITS["all three"])
    with zipfile.ZipFile(path) as archive:
        assert b't="d"><v>2026-03-04T09:30:00<' in archive.read("xl/worksheets/sheet3.xml")
    evidence = load(path, path.name).sheets[wc.EVIDENCE_SHEET]
    theirs = openpyxl.load_workbook(path)[wc.EVIDENCE_SHEET]
    for coordinate in ("F3", "J2"):
        cell = theirs[coordinate]
        ours = evidence.cell(cell.row, cell.column)
        assert (ours.value, ours.data_type) == (cell.value, cell.data_type), coordinate
    assert [m.coord for m in evidence.merged] == [str(r) for r in theirs.merged_cells.ranges]


@pytest.mark.parametrize("ref", ["B2:C3", "a1", "$A$1:$B$2", "XFD1048576", "C3:C3", "AA10:AB2"])
def test_merged_ranges_as_openpyxl_reads_them(ref: str) -> None:
    try:
        theirs = CellRange(ref)
    except ValueError:
        with pytest.raises(ValueError):
            MergedRange(ref)
        return
    ours = MergedRange(ref)
    assert (ours.min_row, ours.max_row, ours.min_col, ours.max_col, ours.coord) == (
        theirs.min_row, theirs.max_row, theirs.min_col, theirs.max_col, theirs.coord,
    )  # fmt: skip


@pytest.mark.parametrize("ref", ["", "B2:", "1:2", "A1:B2:C3", "A 1", "ABCD1"])
def test_malformed_merged_ranges_are_refused(ref: str) -> None:
    with pytest.raises(ValueError):
        MergedRange(ref)


ISO = [
    "2026-03-04", "2026-03-04T09:30", "2026-03-04T09:30:15", "2026-03-04T09:30:15.25Z",
    "09:30", "T09:30:15.5", "PT3H", "PT2H30M5.5S", "PT5S", "", "2026-03-04junk",
    "2026-13-04", "2026-02-30T00:00", "soon", "PT",
]  # fmt: skip


@pytest.mark.parametrize("text", ISO)
def test_iso_values_as_openpyxl_reads_them(text: str) -> None:
    def outcome(reader):
        try:
            value = reader(text)
        except ValueError:
            return "refused"
        return value, type(value)

    assert outcome(from_iso8601) == outcome(from_ISO8601)


def run_import(args: list[str], cwd: Path) -> tuple[set[str], list[dict]]:
    """`python -X importtime -m arf_desktop import ARGS --json`: the modules loaded, the result."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "arf_desktop", "import", "--json", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr[-2000:]
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return modules, json.loads(done.stdout)


def test_formula_and_merged_cells_are_reported_without_openpyxl(tmp_path: Path, kit) -> None:
    db = tmp_path / "w.arfdb"
    init_workspace(db, "Tester")
    for index, name in enumerate(EDITS):
        filled(kit, tmp_path / "returns" / name, organisation=index, edit=EDITS[name], seed=index)
    modules, results = run_import(
        ["--db", str(db), "--round", "R", str(tmp_path / "returns")], tmp_path
    )
    assert not [m for m in modules if m == "openpyxl" or m.startswith("openpyxl.")]
    by_folder = {Path(r["file"].split("›")[-1].strip()).parent.name: r for r in results}
    assert by_folder["as the demo fills it"]["status"] == "imported"
    assert by_folder["an ISO date cell"]["status"] == "imported"
    problems = [(p["sheet"], p["cell"]) for p in by_folder["all three"]["problems"]]
    assert sorted(problems) == [("Evidence", "F3"), ("Evidence", "F5:G5")]
    assert by_folder["a formula"]["problems"][0]["message"].startswith(
        "Self-assessment for B-P1-02 holds a formula (=1+1)."
    )
    assert by_folder["merged answer cells"]["problems"][0]["message"].startswith(
        "Cells are merged here."
    )
    assert all(name in by_folder[name]["file"] for name in EDITS)
