"""Cell values through python-calamine match the XML reader's, and other sheets go to it."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from arf_desktop.importers.sheet_data import read_sheet, read_sheet_xml
from arf_desktop.importers.sheet_values import calamine_cells
from arf_desktop.importers.workbook_package import WorkbookPackage
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import filled, kit_for


def cells(sheet) -> dict[tuple[int, int], tuple[object, str, str]]:
    return {
        key: (cell.value, type(cell.value).__name__, cell.data_type)
        for key, cell in sheet._cells.items()
    }


def test_filled_workbooks_read_the_same_both_ways(tmp_path: Path) -> None:
    init_workspace(tmp_path / "w.arfdb", "Tester")
    with Workspace.open(tmp_path / "w.arfdb") as workspace:
        kit = kit_for(workspace)
    for seed in range(3):
        path = filled(kit, tmp_path / f"trust {seed}", organisation=seed, seed=seed)
        package = WorkbookPackage(path)
        try:
            for name in ("Cover", "Evidence", "_arf"):
                fast = calamine_cells(package, name)
                assert fast is not None, name  # a plain sheet takes the fast path
                slow = read_sheet_xml(package, name)
                assert {
                    k: (c.value, type(c.value).__name__, c.data_type) for k, c in fast.items()
                } == (cells(slow))
        finally:
            package.close()


def workbook(tmp_path: Path, fill) -> WorkbookPackage:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    fill(sheet)
    book.save(tmp_path / "w.xlsx")
    return WorkbookPackage(tmp_path / "w.xlsx")


def test_numbers_dates_and_blanks_match(tmp_path: Path) -> None:
    def fill(sheet) -> None:
        sheet["A1"], sheet["B1"], sheet["C1"] = 3, 3.5, "text"
        sheet["A2"], sheet["B2"] = datetime(2026, 3, 4, 9, 30), date(2026, 3, 4)
        sheet["C2"], sheet["D2"] = time(12, 30), True
        sheet["A4"] = "after an empty row"

    package = workbook(tmp_path, fill)
    try:
        fast = calamine_cells(package, "S")
        assert fast is not None
        assert {k: (c.value, c.data_type) for k, c in fast.items()} == {
            k: (c.value, c.data_type) for k, c in read_sheet_xml(package, "S")._cells.items()
        }
        assert fast[(2, 2)].value == datetime(2026, 3, 4)  # a date cell as the XML reader gives it
        assert type(fast[(1, 1)].value) is int
    finally:
        package.close()


@pytest.mark.parametrize(
    "fill",
    [
        lambda s: s.__setitem__("A1", "=1+2"),  # a formula: flagged by the XML reader alone
        lambda s: s.__setitem__("A1", "#N/A"),  # an error cell
        lambda s: s.merge_cells("A1:B2"),
        lambda s: (s.__setitem__("A1", "x"), s.__setitem__("XFD1048576", "far")),  # a huge grid
        lambda s: s.__setitem__("A1", "line_x000D_break"),  # Excel's escapes
    ],
    ids=["formula", "error", "merged", "far-cell", "escape"],
)
def test_sheets_only_the_xml_reader_can_tell_go_to_it(tmp_path: Path, fill) -> None:
    package = workbook(tmp_path, fill)
    try:
        assert calamine_cells(package, "S") is None
        assert cells(read_sheet(package, "S")) == cells(read_sheet_xml(package, "S"))
    finally:
        package.close()


def test_formula_is_kept_as_a_formula(tmp_path: Path) -> None:
    package = workbook(tmp_path, lambda s: s.__setitem__("B3", "=SUM(A1:A2)"))
    try:
        cell = read_sheet(package, "S").cell(3, 2)
        assert (cell.value, cell.data_type) == ("=SUM(A1:A2)", "f")
    finally:
        package.close()
