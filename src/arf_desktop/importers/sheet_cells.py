"""Reading one answer cell safely: no formulas, within Excel's length limit, characters cleaned."""

from __future__ import annotations

from typing import Any

from arf_desktop.importers.problems import Findings
from arf_desktop.importers.sheet_data import CellValue, MergedRange, SheetData
from arf_desktop.importers.text_rules import cell_text
from arf_desktop.importers.workbook_contract import EXCEL_CELL_LIMIT

FORMULA_TYPES = {"ArrayFormula", "DataTableFormula"}


def is_formula(cell: Any) -> bool:
    value = cell.value
    if type(value).__name__ in FORMULA_TYPES:
        return True
    return cell.data_type == "f"


def answer_text(
    findings: Findings, sheet: str, cell: Any, what: str, multiline: bool = False
) -> str | None:
    """The cleaned text of `cell`, or None (with a problem recorded) when it cannot be used."""
    if is_formula(cell):
        findings.problem(
            sheet,
            cell.coordinate,
            f"{what} holds a formula ({str(cell.value)[:60]}). Type the value, not a formula.",
        )
        return None
    raw = cell.value
    if isinstance(raw, str) and len(raw) > EXCEL_CELL_LIMIT:
        findings.problem(
            sheet,
            cell.coordinate,
            f"{what} is {len(raw):,} characters long, more than Excel's limit of "
            f"{EXCEL_CELL_LIMIT:,} for one cell. Shorten it, or put the detail in an evidence "
            "file and name the file.",
        )
        return None
    cleaned = cell_text(raw, multiline=multiline)
    if cleaned.removed_controls:
        count = cleaned.removed_controls
        findings.warn(
            sheet,
            cell.coordinate,
            f"{what} contained {count} invisible control character{'s' if count > 1 else ''} "
            "(often from copying out of another program); replaced by spaces.",
        )
    return cleaned.text


def filled_cells(sheet: SheetData) -> dict[int, dict[int, CellValue]]:
    """The cells that hold a value, by row then column."""
    return sheet.filled()


def merged_ranges(sheet: SheetData) -> list[MergedRange]:
    return list(sheet.merged)


def overlaps(
    cell_range: MergedRange, min_row: int, max_row: int, min_col: int, max_col: int
) -> bool:
    return not (
        cell_range.max_row < min_row
        or cell_range.min_row > max_row
        or cell_range.max_col < min_col
        or cell_range.min_col > max_col
    )
