"""The open submission's criteria: level, principle and text filters, the table and its score keys.

In the table a scale value (0–3) scores the current criterion and moves to the next; Delete or
Backspace clears it. The panel only reports the key (`score_key`); the screen saves the change.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QVBoxLayout, QWidget
from typing_extensions import override

from arf_desktop.scoring.scores import CriterionRow, ScoringSheet
from arf_desktop.ui.kit.widgets import filter_box, make_table
from arf_desktop.ui.scoring.models import (
    COMMENT_COLUMN,
    COMMENT_NEEDED,
    COMMENT_WRITTEN,
    HEADERS,
    SCORE_COLUMN,
    CriteriaFilter,
    CriteriaModel,
)

TITLE_COLUMN = HEADERS.index("Criterion")  # the one column that takes the spare width


class CriteriaPanel(QWidget):
    """Filters above the criteria table; reports the current criterion and the score keys."""

    current_changed = Signal(QModelIndex)  # the criterion made current (invalid: none)
    score_key = Signal(object, bool)  # the value to score (None clears it), move on afterwards
    filters_changed = Signal()

    def __init__(
        self, scale: Callable[[], Collection[int] | None], parent: QWidget | None = None
    ) -> None:
        """`scale` gives the values a key may score, or None while no submission is open."""
        super().__init__(parent)
        self._scale = scale
        self._sized = False
        self._filter_items: list[list[tuple[str, str]]] = []
        self.model = CriteriaModel(self)
        self.proxy = CriteriaFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table("Criteria to score")
        self.table.setModel(self.proxy)
        self.level_choice = QComboBox()
        self.level_choice.setAccessibleName("Show criteria of level")
        self.principle_choice = QComboBox()
        self.principle_choice.setAccessibleName("Show criteria of principle")
        for combo, characters in ((self.level_choice, 10), (self.principle_choice, 16)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(characters)
        self.filter = filter_box("Filter criteria", "Filter by id, title or text…")
        self.unscored_only = QCheckBox("Not scored only")
        self.unscored_only.setAccessibleName("Show only criteria not scored yet")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.level_choice)
        filters.addWidget(self.principle_choice)
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.unscored_only)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self._connect()

    def _connect(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.installEventFilter(self)
        self.level_choice.currentIndexChanged.connect(self._apply_filters)
        self.principle_choice.currentIndexChanged.connect(self._apply_filters)
        self.filter.textChanged.connect(self._apply_filters)
        self.unscored_only.toggled.connect(self._apply_filters)

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(current)

    # -- content -------------------------------------------------------------------------
    def show_sheet(self, sheet: ScoringSheet) -> None:
        """Show one submission's criteria, keeping the chosen filters where they still apply."""
        self.model.set_rows(sheet.rows, sheet.framework)
        self._fill_filters(sheet)

    def clear(self) -> None:
        self.model.set_rows([], None)

    def size_columns(self) -> None:
        """Fit the columns once, on the first sheet shown; later sheets keep the widths.

        Their contents are bounded (ids, principles, self-assessments, the scale captions and
        the comment markers), so measuring again on every change would only cost time: a
        column left to fit its contents is measured row by row on every repaint.
        """
        if self._sized or not self.model.rowCount():
            return
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(60)
        metrics = self.table.fontMetrics()
        wider = [*self.model.captions(), COMMENT_WRITTEN, COMMENT_NEEDED]
        for column in range(self.model.columnCount()):
            if column == TITLE_COLUMN:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.resizeColumnToContents(column)
            if column in (SCORE_COLUMN, COMMENT_COLUMN):
                longest = max(metrics.horizontalAdvance(text) for text in wider) + 24
                self.table.setColumnWidth(column, max(self.table.columnWidth(column), longest))
        self._sized = True

    # -- filters -------------------------------------------------------------------------
    def _fill_filters(self, sheet: ScoringSheet) -> None:
        """Offer the levels and principles the sheet has; refilled only when they change."""
        present = {row.level for row in sheet.rows} | {row.principle for row in sheet.rows}
        lists = [
            [(lv.name, lv.id) for lv in sheet.framework.levels if lv.id in present],
            [(f"{p.id} {p.name}", p.id) for p in sheet.framework.principles if p.id in present],
        ]
        if lists != self._filter_items:
            self._filter_items = lists
            for combo, items, everything in (
                (self.level_choice, lists[0], "All levels"),
                (self.principle_choice, lists[1], "All principles"),
            ):
                chosen = combo.currentData()
                combo.blockSignals(True)
                combo.clear()
                combo.addItem(everything, None)
                for text, value in items:
                    combo.addItem(text, value)
                combo.setCurrentIndex(max(0, combo.findData(chosen)))
                combo.blockSignals(False)
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            self.level_choice.currentData(),
            self.principle_choice.currentData(),
            self.filter.text(),
            self.unscored_only.isChecked(),
        )
        self.filters_changed.emit()

    # -- the current criterion -----------------------------------------------------------
    def current_row(self) -> CriterionRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row())

    def keep_one_current(self) -> bool:
        """Make the first shown criterion current if none is; False when none is shown."""
        if self.table.currentIndex().isValid():
            return True
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
            return True
        return False

    def next_row(self) -> bool:
        """Move to the next shown criterion; False at the last one."""
        index = self.table.currentIndex()
        if index.row() + 1 < self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(index.row() + 1, index.column()))
            return True
        return False

    def reveal(self, criterion_id: str) -> None:
        """Make a criterion current (in the same column) if the filters show it."""
        position = self.model.position(criterion_id)
        proxy_index = self.proxy.mapFromSource(self.model.index(position, 0))
        if proxy_index.isValid():
            column = max(0, self.table.currentIndex().column())
            self.table.setCurrentIndex(proxy_index.siblingAtColumn(column))

    def go_to_first_problem(self, threshold: int) -> None:
        """Clear the filters and go to the first criterion without a score or a needed comment."""
        self.proxy.set_filters()
        self.unscored_only.setChecked(False)
        for position, row in enumerate(self.model.rows()):
            if row.score is None or (row.score < threshold and not row.comment):
                self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(position, 0)))
                self.table.setFocus()
                return

    # -- keys ----------------------------------------------------------------------------
    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        key = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if key and watched is self.table:
            return self._table_key(event)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    def _table_key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        scale = self._scale()
        if modifiers != Qt.KeyboardModifier.NoModifier or scale is None:
            return False
        text = event.text()
        if text.isdigit() and int(text) in scale:
            self.score_key.emit(int(text), True)
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.score_key.emit(None, False)
            return True
        return False
