"""One worksheet's cells and merged ranges, read in a single streaming pass over its XML."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from arf_desktop.importers.workbook_package import WorkbookPackage

EMPTY_TYPE = "n"


class CellValue:
    """A cell as read: its value, openpyxl's data type ('f' for a formula) and position."""

    __slots__ = ("column", "data_type", "row", "value")

    def __init__(self, row: int, column: int, value: Any = None, data_type: str = EMPTY_TYPE):
        self.row = row
        self.column = column
        self.value = value
        self.data_type = data_type

    @property
    def coordinate(self) -> str:
        return f"{column_letter(self.column)}{self.row}"


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?")


class MergedRange:
    """A merged range's corners, from a mergeCell's ref ("B2:C3", or one cell "B2")."""

    __slots__ = ("max_col", "max_row", "min_col", "min_row")

    def __init__(self, ref: str) -> None:
        found = _RANGE.fullmatch(ref)
        if found is None:
            raise ValueError(f"{ref} is not a valid coordinate or range")
        first_col, first_row, last_col, last_row = found.groups()
        self.min_col, self.min_row = column_number(first_col), int(first_row)
        self.max_col = column_number(last_col) if last_col else self.min_col
        self.max_row = int(last_row) if last_row else self.min_row
        if self.min_col > self.max_col or self.min_row > self.max_row:
            raise ValueError(f"{ref} is not a valid range (its corners are the wrong way round)")

    @property
    def coord(self) -> str:
        first = f"{column_letter(self.min_col)}{self.min_row}"
        if (self.min_col, self.min_row) == (self.max_col, self.max_row):
            return first
        return f"{first}:{column_letter(self.max_col)}{self.max_row}"


def column_number(letters: str) -> int:
    """A → 1, AA → 27 (either case)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class SheetData:
    """The cells that exist in one sheet, looked up by (row, column)."""

    def __init__(
        self, title: str, cells: dict[tuple[int, int], CellValue], merged: list[MergedRange]
    ) -> None:
        self.title = title
        self._cells = cells
        self.merged = merged

    def cell(self, row: int, column: int) -> CellValue:
        return self._cells.get((row, column)) or CellValue(row, column)

    def filled(self) -> dict[int, dict[int, CellValue]]:
        """The cells holding a value, by row then column."""
        rows: dict[int, dict[int, CellValue]] = {}
        for (row, column), cell in self._cells.items():
            if cell.value is not None and cell.value != "":
                rows.setdefault(row, {})[column] = cell
        return rows


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, FORMULA = f"{NS}row", f"{NS}c", f"{NS}v", f"{NS}f"
INLINE, TEXT, RUN, MERGE = f"{NS}is", f"{NS}t", f"{NS}r", f"{NS}mergeCell"


def read_sheet(workbook: WorkbookPackage, name: str) -> SheetData:
    """Read sheet `name` of an open workbook package.

    Plain sheets are read by python-calamine (see `sheet_values`); any other in one pass
    over its XML through defusedxml, using the workbook's shared strings and date styles:
    formulas are kept as formulas (data type 'f'), date cells become dates, and merged
    ranges are collected. Only cells that hold something are kept.
    """
    from arf_desktop.importers.sheet_values import calamine_cells

    found = calamine_cells(workbook, name)
    if found is not None:
        return SheetData(name, found, [])
    return read_sheet_xml(workbook, name)


def read_sheet_xml(workbook: WorkbookPackage, name: str) -> SheetData:
    """Read sheet `name` in one streaming pass over its XML (see `read_sheet`)."""
    from defusedxml.ElementTree import iterparse

    strings = workbook.shared_strings
    dates = workbook.date_styles
    cells: dict[tuple[int, int], CellValue] = {}
    merged: list[MergedRange] = []
    row_number = 0
    with workbook.open_sheet(name) as source:
        for _, element in iterparse(source):
            if element.tag == ROW:
                row_number = int(element.get("r") or row_number + 1)
                column = 0
                for cell in element.iter(CELL):
                    ref = cell.get("r")
                    row, column = _position(ref, row_number, column)
                    value, kind = _value(cell, strings, dates, workbook.epoch)
                    if value is not None:
                        cells[(row, column)] = CellValue(row, column, value, kind)
                element.clear()
            elif element.tag == MERGE:
                merged.append(MergedRange(element.get("ref") or ""))
    return SheetData(name, cells, merged)


_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def _position(ref: str | None, row: int, previous_column: int) -> tuple[int, int]:
    if not ref:
        return row, previous_column + 1
    found = _REFERENCE.fullmatch(ref)
    if found is None:
        raise ValueError(f"Invalid cell coordinates ({ref})")
    return int(found.group(2)), column_number(found.group(1))


def _value(cell: Any, strings: list, dates: set, epoch: Any) -> tuple[Any, str]:
    """The value of one <c> element and its type, as openpyxl would give it."""
    kind = cell.get("t", "n")
    formula = cell.find(FORMULA)
    if formula is not None:
        return "=" + (formula.text or ""), "f"
    if kind == "inlineStr":
        inline = cell.find(INLINE)
        if inline is None:
            return None, "s"
        parts = [child.text or "" for child in inline if child.tag == TEXT]
        parts += [run.findtext(TEXT) or "" for run in inline if run.tag == RUN]
        return "".join(parts), "s"
    raw = cell.findtext(VALUE)
    if raw is None:
        return None, kind
    if kind == "s":
        return strings[int(raw)], "s"
    if kind in ("str", "e"):
        return raw, "s"
    if kind == "b":
        return raw.strip() in ("1", "true"), "b"
    if kind == "d":
        from arf_desktop.importers.workbook_package import from_iso8601

        return from_iso8601(raw), "d"
    number = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
    style = cell.get("s")
    if style and int(style) in dates:
        from arf_desktop.importers.workbook_package import from_excel

        try:
            return from_excel(number, epoch), "d"
        except (OverflowError, ValueError):
            return number, "n"
    return number, "n"
