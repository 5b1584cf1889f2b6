"""Plain cell values through python-calamine, for sheets where its answers match the XML reader's.

Calamine (Rust) reads a sheet's values about ten times faster than the streaming XML reader,
but it drops formulas, turns error cells into blanks and makes a grid as large as the sheet's
furthest cell. So a sheet takes this path only when a scan of its XML finds no formula, error,
ISO date or formula-string cell, no merged range, no cell without its reference, and a grid of
modest size; any other sheet (and any sheet calamine cannot read) goes through the XML reader,
which alone can tell those apart.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from arf_desktop.importers.sheet_data import CellValue
    from arf_desktop.importers.workbook_package import WorkbookPackage

# What only the XML reader can tell: declarations, comments and CDATA, merged ranges, formulas,
# the contract's elements written with a namespace prefix (one pass over the tags), and error,
# ISO-date and formula-string cells. Each pattern has a literal start, found quickly.
_XML_ONLY = re.compile(
    rb"<(?:!|mergeCell|f[\s>/]|[A-Za-z_][\w.-]*:(?:c|row|v|is|t|f|mergeCell)[\s>/])"
)
_XML_ONLY_TYPES = re.compile(rb't="(?:e|d|str)"')
_CELL = re.compile(rb'<c(?: r="([A-Z]{1,3})([0-9]{1,7})"|[\s>/])')
MAX_GRID = 50_000  # cells in calamine's dense grid: the contract's sheets need a few thousand;
# a bigger sheet (a national scoring sheet) is streamed by the XML reader, whose memory stays flat
EXACT_INTEGERS = 2**53


def calamine_cells(workbook: WorkbookPackage, name: str) -> dict[tuple[int, int], Any] | None:
    """{(row, column): CellValue} for the cells holding a value, or None to use the XML reader."""
    xml = workbook.sheet_xml(name)
    if b"_x" in xml:  # Excel's _xHHHH_ escapes
        return None
    if _XML_ONLY.search(xml) or _XML_ONLY_TYPES.search(xml) or not _grid_is_small(xml):
        return None
    book = workbook.calamine()  # opened only for a sheet it will read
    if book is None:
        return None
    try:
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception:  # anything calamine cannot read, the XML reader reports properly
        return None
    return _cells(grid)


def _grid_is_small(xml: bytes) -> bool:
    """True when every cell names its position and the grid up to the furthest one is small."""
    references = _CELL.findall(xml)  # ("", "") for a cell without r="A1" as Excel writes it
    if any(not row for _, row in references):
        return False
    rows = max((int(row) for _, row in references), default=0)
    columns = max((_column_number(letters) for letters in {c for c, _ in references}), default=0)
    return rows * columns <= MAX_GRID


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _cells(grid: list[list[Any]]) -> dict[tuple[int, int], Any] | None:
    from arf_desktop.importers.sheet_data import CellValue

    cells: dict[tuple[int, int], CellValue] = {}
    for row, values in enumerate(grid, start=1):
        for column, value in enumerate(values, start=1):
            if value == "" and isinstance(value, str):
                continue
            found = _as_xml_reader_gives(value)
            if found is None:
                return None
            cells[(row, column)] = CellValue(row, column, *found)
    return cells


def _as_xml_reader_gives(value: Any) -> tuple[Any, str] | None:
    """The value and data type the XML reader gives for the same cell (None: cannot say)."""
    if isinstance(value, str):
        return value, "s"
    if isinstance(value, bool):
        return value, "b"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < EXACT_INTEGERS:
            return int(value), "n"  # Excel writes whole numbers without a decimal point
        return value, "n"
    if isinstance(value, int):
        return value, "n"
    if isinstance(value, datetime):
        return value, "d"
    if isinstance(value, date):
        return datetime.combine(value, time()), "d"
    if isinstance(value, time):
        return value, "d"
    return None  # a duration or anything else: the XML reader converts those its own way
