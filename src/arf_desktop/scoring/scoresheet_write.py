"""Building the scoring sheet workbook: Scores (editable cells only), Scale, Criteria, identity.

Every cell is written through files/safe_cells.py, so text an organisation or assessor typed
is always stored as text, never as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from arf_desktop.domain.framework import Framework
from arf_desktop.files.safe_cells import put
from arf_desktop.scoring.scoresheet_layout import (
    COLUMNS,
    CRITERIA,
    IDENTITY,
    OPEN,
    SCALE,
    SCORES,
    column,
)

WRAP = Alignment(vertical="top", wrap_text=True)


def _put(sheet: Worksheet, row: int, col: int, value: Any) -> Any:
    """Write a cell safely; empty text leaves the cell empty."""
    return put(sheet, row, col, None if value == "" else value)


def _scores_sheet(sheet: Worksheet, rows: Sequence[Sequence[Any]]) -> None:
    sheet.title = SCORES
    header_fill = PatternFill("solid", fgColor="005EB8")
    for col, (title, width) in enumerate(COLUMNS, start=1):
        cell = _put(sheet, 1, col, title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width
    editable_fill = PatternFill("solid", fgColor="FFF9C4")
    editable = (column("Score"), column("Comment"))
    status = column("Status") - 1
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            _put(sheet, r, c, value)
            sheet.cell(r, c).alignment = WRAP
        if values[status] == OPEN:
            for c in editable:
                sheet.cell(r, c).protection = Protection(locked=False)
                sheet.cell(r, c).fill = editable_fill
    sheet.column_dimensions["L"].hidden = True
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:K{len(rows) + 1}"
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _scale_sheet(book: Workbook, scores: Worksheet, framework: Framework, last: int) -> None:
    """The scale, and the list every Score cell must choose from."""
    scale = book.create_sheet(SCALE)
    for c, title in enumerate(("Score", "Label", "Choose", "What it means"), start=1):
        _put(scale, 1, c, title).font = Font(bold=True)
    for r, point in enumerate(framework.scale, start=2):
        for c, value in enumerate((point.value, point.label, point.caption, point.descriptor), 1):
            _put(scale, r, c, value)
            scale.cell(r, c).alignment = WRAP
    scale.column_dimensions["C"].width = 24
    scale.column_dimensions["D"].width = 90
    scale.protection.sheet = True
    choices = DataValidation(
        type="list",
        formula1=f"={SCALE}!$C$2:$C${len(framework.scale) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not on the scale",
        error="Choose a score from the list ("
        + ", ".join(p.caption for p in framework.scale)
        + ").",
    )
    scores.add_data_validation(choices)
    score_col = column("Score")
    choices.add(f"{scores.cell(2, score_col).coordinate}:{scores.cell(last, score_col).coordinate}")


def _criteria_sheet(book: Workbook, framework: Framework) -> None:
    guide = book.create_sheet(CRITERIA)
    for c, (title, width) in enumerate(
        (("Criterion ID", 12), ("Criterion", 40), ("Guidance", 100)), 1
    ):
        _put(guide, 1, c, title).font = Font(bold=True)
        guide.column_dimensions[guide.cell(1, c).column_letter].width = width
    for r, criterion in enumerate(framework.criteria, start=2):
        for c, value in enumerate((criterion.id, criterion.title, criterion.guidance), 1):
            _put(guide, r, c, value)
            guide.cell(r, c).alignment = WRAP
    guide.protection.sheet = True


def build_workbook(
    framework: Framework, rows: Sequence[Sequence[Any]], identity: Sequence[tuple[str, str]]
) -> Workbook:
    """The whole scoring sheet for these Scores rows, with its hidden identity sheet."""
    book = Workbook()
    scores = book.active
    _scores_sheet(scores, rows)
    _scale_sheet(book, scores, framework, len(rows) + 1)
    _criteria_sheet(book, framework)
    hidden = book.create_sheet(IDENTITY)
    for r, (key, value) in enumerate(identity, start=1):
        _put(hidden, r, 1, key)
        _put(hidden, r, 2, value)
    hidden.sheet_state = "hidden"
    hidden.protection.sheet = True
    book.security = None
    return book
