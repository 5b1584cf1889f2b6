"""Columns fitted to their first rows' texts, measured with the view's font in one go."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QTableView


def fit_columns(
    view: QTableView, text: Callable[[int, int], str], columns: Iterable[int], rows: int
) -> None:
    """Size each of `columns` as `resizeColumnToContents` would with a precision of `rows`
    (the first rows; the header's caption where wider): each text measured with the view's
    font, and the room the style gives a cell around its text asked once, for the widest
    text (asking the style for every cell in turn is what a national round cannot afford)."""
    model, header = view.model(), view.horizontalHeader()
    metrics = view.fontMetrics()
    grid = 1 if view.showGrid() else 0
    rows = min(rows, model.rowCount())
    for column in columns:
        widest, widest_row = -1, 0
        for row in range(rows):
            width = metrics.horizontalAdvance(text(row, column))
            if width > widest:
                widest, widest_row = width, row
        content = view.sizeHintForIndex(model.index(widest_row, column)).width() + grid
        header.resizeSection(column, max(content if rows else 0, header.sectionSizeHint(column)))
