"""The results workbook: one row per submission, statistics, criteria; never a formula."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from arf_desktop.exporters.results_workbook import write_results
from arf_desktop.files.safe_cells import MAX_CELL, put
from arf_desktop.moderation.decide import Override, decide, reopen_decision
from arf_desktop.registers.organisations import OrganisationDraft, edit_organisation
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.workspace import Workspace
from tests.exporters.decided_round import PLANS, ROUND, UNDECIDED

HOSTILE_NAMES = {
    "Bolton NHS Foundation Trust": '=HYPERLINK("http://evil.example","Click") Trust',
    "Łódź and Wigan Community Partnership NHS Trust": "+44 Łódź Trust",
    "Cộng đồng Việt Nam Manchester Health Partnership": "-1+2 Cộng đồng",
    "Ελληνική Κοινότητα Υγείας Λίβερπουλ": "@SUM(A1:A9) Trust",
    "Ассоциация здравоохранения Северо-Запада": "Ash\x07 and\x00 Oak\x1b Trust",
}
HOSTILE_REASON = "=cmd|' /C calc'!A0\tand\rmore"


def formulas_in(path: Path) -> list[str]:
    """Every cell openpyxl reads back as a formula, and any <f> element in the sheets' XML."""
    found = []
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            found += [f"{sheet.title}!{c.coordinate}" for c in row if c.data_type == "f"]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name):
                found.append(name)
    return found


def test_one_row_per_submission_with_outcomes_and_means(decided: Workspace, tmp_path: Path) -> None:
    path = write_results(decided, ROUND, tmp_path / "results.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Results", "Statistics", "Criteria", "Agreed scores"]
    sheet = workbook["Results"]
    header = [c.value for c in sheet[1]]
    assert header[:7] == [
        "Organisation",
        "ICB",
        "Level applied for",
        "Outcome",
        "Level awarded",
        "Decision date",
        "Override reason",
    ]
    assert header[7].startswith("P1 ") and header[11].startswith("P5 ")
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert set(rows) == {*PLANS, UNDECIDED}
    gold = rows["Cộng đồng Việt Nam Manchester Health Partnership"]
    assert gold["Outcome"] == "Awarded" and gold["Level awarded"] == "Gold"
    assert gold["Criteria considered"] == 45 and gold["Criteria met"] == 45
    assert isinstance(gold[header[7]], float) and 2.0 <= gold[header[7]] <= 3.0
    minor = rows["Ассоциация здравоохранения Северо-Запада"]
    assert minor["Outcome"] == "Minor revisions" and minor["Level awarded"] == "Bronze"
    assert all(rows[name]["Decision date"] == datetime(2025, 3, 4) for name in PLANS)
    cell = sheet.cell(row=2, column=6)
    assert cell.is_date and cell.number_format == "d mmm yyyy"
    assert rows[UNDECIDED]["Decision date"] is None
    assert rows[UNDECIDED]["Outcome"].startswith("Not decided")
    assert rows[UNDECIDED]["Assessors submitted"] == 0
    assert rows[UNDECIDED]["Decision risk"]
    statistics = [r[0] for r in workbook["Statistics"].iter_rows(values_only=True) if r[0]]
    assert "Exact agreement" in statistics and "Fleiss' kappa" in statistics
    criteria = list(workbook["Criteria"].iter_rows(2, values_only=True))
    assert len(criteria) == 45 and criteria[0][0] == "B-P1-01"
    matrix = workbook["Agreed scores"]
    assert matrix.max_row == 7 and matrix.max_column == 46


def test_hostile_text_never_becomes_a_formula(decided_copy: Workspace, tmp_path: Path) -> None:
    with decided_copy.read() as conn:
        register = {o.name: o for o in org_repo.list_organisations(conn)}
    for old, new in HOSTILE_NAMES.items():
        found = register[old]
        draft = OrganisationDraft(new, found.icb, found.org_type, found.code)
        edit_organisation(decided_copy, "Tester", found.id, draft)
    target = HOSTILE_NAMES["Bolton NHS Foundation Trust"]
    reopen_decision(decided_copy, "Tester", ROUND, target, "Appeal upheld")
    override = Override("awarded", "Gold", HOSTILE_REASON)
    decide(decided_copy, "Tester", ROUND, target, "2025-03-05", override=override)
    path = write_results(decided_copy, ROUND, tmp_path / "results.xlsx")
    assert formulas_in(path) == []
    sheet = openpyxl.load_workbook(path)["Results"]
    names = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for hostile in HOSTILE_NAMES.values():
        shown = " ".join(
            hostile.replace("\x00", "").replace("\x07", "").replace("\x1b", "").split()
        )
        assert shown in names, shown
        assert names[shown][0].data_type == "s"
    reason = names[target][6]
    assert reason.value == HOSTILE_REASON.replace("\r", "\n")  # XML keeps a CR as a line end
    assert reason.data_type == "s" and reason.quotePrefix


@pytest.mark.parametrize(
    "value",
    ["=1+2", "+1", "-1", "@A1", "\t=1+2", "\r=1+2", "#N/A", '=HYPERLINK("x")', "plain"],
)
def test_every_risky_start_is_written_as_text(value: str, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    put(sheet, 1, 1, value)
    path = tmp_path / "cells.xlsx"
    workbook.save(path)
    assert formulas_in(path) == []
    cell = openpyxl.load_workbook(path).active["A1"]  # type: ignore[index]
    assert cell.data_type == "s"
    assert cell.value == value.replace("\r", "\n")


def test_control_characters_and_huge_text_never_break_a_save(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    put(sheet, 1, 1, "A\x00B\x01C\x0bD\x1fE\ud800F\ufffeG")
    put(sheet, 2, 1, "x" * 40_000)
    put(sheet, 3, 1, True)
    put(sheet, 4, 1, 2.5, "0.00")
    workbook.save(tmp_path / "cells.xlsx")
    read = openpyxl.load_workbook(tmp_path / "cells.xlsx").active
    assert read["A1"].value == "ABCDEFG"  # type: ignore[index]
    assert len(read["A2"].value) == MAX_CELL  # type: ignore[index]
    assert read["A3"].value == "Yes" and read["A4"].value == 2.5  # type: ignore[index]
