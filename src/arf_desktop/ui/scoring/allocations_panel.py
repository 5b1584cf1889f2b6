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
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
