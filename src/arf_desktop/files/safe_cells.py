"""Writing worksheet cells safely: user text is always text, never a formula, never broken XML."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

MAX_CELL = 32_767  # Excel's limit on the characters in one cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SURROGATES = re.compile("[\ud800-\udfff\ufffe\uffff]")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="005EB8")
TITLE_FONT = Font(bold=True, size=13, color="003087")


def clean_text(text: str) -> str:
    """Text with the characters XML cannot hold removed, cut to Excel's cell limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return _SURROGATES.sub("", text)[:MAX_CELL]


def put(sheet: Worksheet, row: int, column: int, value: Any, number_format: str = "") -> Any:
    """Write one cell; strings are stored as text even when they look like formulas or errors."""
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    if isinstance(value, str):
        text = clean_text(value)
        cell = sheet.cell(row=row, column=column)
        cell.value = text
        cell.data_type = "s"  # openpyxl would store "=…" as a formula and "#N/A" as an error
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # Excel keeps it as text even when the cell is edited
        return cell
    cell = sheet.cell(row=row, column=column, value=value)
    if number_format and value is not None:
        cell.number_format = number_format
    return cell


def put_row(
    sheet: Worksheet,
    row: int,
    values: Sequence[Any],
    formats: Sequence[str] = (),
    header: bool = False,
) -> int:
    """Write a row from column 1; header rows are bold white on NHS blue. Returns the next row."""
    for column, value in enumerate(values, start=1):
        number_format = formats[column - 1] if column - 1 < len(formats) else ""
        cell = put(sheet, row, column, value, number_format)
        if header:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return row + 1


def put_title(sheet: Worksheet, row: int, text: str) -> int:
    cell = put(sheet, row, 1, text)
    cell.font = TITLE_FONT
    return row + 1


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
