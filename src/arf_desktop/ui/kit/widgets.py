"""Small shared widgets: screen header, empty state, filterable table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def label(text: str, role: str = "", name: str = "") -> QLabel:
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setAccessibleName(name or text)
    widget.setWordWrap(True)
    return widget


class ScreenHeader(QWidget):
    """A screen's title line, a subtitle, and room for actions on the right."""

    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        texts = QVBoxLayout()
        self.title = label(title, "title")
        self.subtitle = label(subtitle, "subtitle", f"{title} summary")
        texts.addWidget(self.title)
        texts.addWidget(self.subtitle)
        layout.addLayout(texts, 1)
        self.action_row = QHBoxLayout()
        layout.addLayout(self.action_row)

    def add_action(self, widget: QWidget) -> None:
        self.action_row.addWidget(widget)


class EmptyState(QWidget):
    """What a screen shows when it has nothing yet: what this is and what to do next."""

    def __init__(self, title: str, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = label(title, "empty-title")
        self.body = label(body, "empty-body", f"{title}: what to do next")
        for widget in (self.title, self.body):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addStretch(2)


def make_table(name: str) -> QTableView:
    """A dense, readable table view with one row selected at a time."""
    view = QTableView()
    view.setAccessibleName(name)
    view.setObjectName(name.replace(" ", "_").lower())
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class FilterProxy(QSortFilterProxyModel):
    """Case-insensitive filtering across all columns; sorting stays in the source model."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def refilter(self, change: Callable[[], None]) -> None:
        """Apply a change to the filter's own criteria and re-run the row filter."""
        self.beginFilterChange()
        change()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)


def filter_box(name: str, placeholder: str) -> QLineEdit:
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setAccessibleName(name)
    box.setClearButtonEnabled(True)
    return box


def enable_sorting(view: QTableView, column: int | None) -> None:
    """Let the header sort; start sorted ascending by `column`, or in the model's order (None)."""
    header = view.horizontalHeader()
    header.setSortIndicator(-1 if column is None else column, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)


def make_button(text: str, name: str, secondary: bool = False) -> QPushButton:
    """A push button with its accessible name; secondary ones are outlined, not filled."""
    widget = QPushButton(text)
    widget.setAccessibleName(name)
    if secondary:
        widget.setProperty("role", "secondary")
    return widget


def fit_columns(view: QTableView, widest: int = 300) -> None:
    """Size columns to their contents, none wider than `widest`, so the last ones stay in view."""
    view.horizontalHeader().setResizeContentsPrecision(50)
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount() if view.model() else 0):
        if view.columnWidth(column) > widest:
            view.setColumnWidth(column, widest)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to `width`×`height`, or to what the screen has room for at large scaling.

    At 150% on a 1366×768 laptop a screen has about 910×512 logical pixels; a window or
    dialog larger than that would open with its buttons out of reach.
    """
    screen = widget.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None:
        width = min(width, int(room.width() * 0.95))
        height = min(height, int(room.height() * 0.9))
    widget.resize(width, height)


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area: it scrolls, rather than being cut off, when the
    window is smaller than it needs (large fonts, 200% scaling, a small laptop screen)."""
    area = QScrollArea()
    area.setObjectName("scroller")
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
