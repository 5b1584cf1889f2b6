"""The list of the assessor's allocated submissions with their progress; choosing one opens it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from arf_desktop.domain.scoring import AllocationRow
from arf_desktop.ui.kit.widgets import label, make_table
from arf_desktop.ui.scoring.models import AllocationsModel


class AllocationsPanel(QWidget):
    """The "Your submissions" table: one row per allocation; `chosen` says which to open."""

    chosen = Signal(object)  # the AllocationRow of the row made current

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AllocationsModel(self)
        self._sized = False
        self.table = make_table("Your allocated submissions")
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label("Your submissions", "section", "Your submissions heading"))
        layout.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.chosen.emit(self.model.record(current.row()))

    def show_rows(self, rows: list[AllocationRow]) -> None:
        self.model.set_records(rows)

    def select(self, row: int) -> None:
        self.table.selectRow(row)

    def replace(self, allocation: AllocationRow) -> None:
        """Show one allocation's new progress or state in its row."""
        self.model.replace_record(allocation)

    def size_columns(self) -> None:
        """Fit the level, progress and status columns once, to the rows shown first.

        They hold short bounded texts; a column left to fit its contents would be measured
        over every row each time a score changes the progress.
        """
        if self._sized or not self.model.rowCount():
            return
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(60)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        for column, widest in (
            (1, "Level applied for"),
            (2, "888 / 888"),
            (3, "Conflict of interest"),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.resizeColumnToContents(column)
            wanted = metrics.horizontalAdvance(widest) + 24
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), wanted))
        self._sized = True
