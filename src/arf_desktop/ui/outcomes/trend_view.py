"""The dashboard's progress over time: the region after each round, against the target."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from arf_desktop.exporters.history import TrendPoint, progress_over_time
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.record_model import Column, RecordTableModel
from arf_desktop.ui.kit.theme import NHS_DARK_BLUE
from arf_desktop.ui.kit.widgets import fit_columns, make_table


class TrendPanel(QWidget):
    """One row per round with decisions: organisations holding a valid level, and the target."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        title = QLabel("Progress over time (region, awards valid at each round's panel)")
        title.setStyleSheet(f"font-weight: bold; color: {NHS_DARK_BLUE};")
        self.model: RecordTableModel[TrendPoint] = RecordTableModel(
            [
                Column("Round", lambda p: p.round),
                Column("As of", lambda p: p.as_of),
                Column(
                    "Recognised", lambda p: f"{p.recognised} of {p.organisations}", numeric=True
                ),
                Column("Share", lambda p: f"{p.share:.0%}", numeric=True),
                Column(
                    "Target",
                    lambda p: f"{p.target:.0%} — " + ("met" if p.meets_target else "below"),
                ),
            ]
        )
        self.table = make_table("Progress over time table")
        self.table.setModel(self.model)
        self.table.setMaximumHeight(150)
        self.empty = QLabel("No round has decisions yet.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)

    def refresh(self) -> None:
        points = progress_over_time(self.workspace)
        self.model.set_records(points)
        self.table.setVisible(bool(points))
        self.empty.setVisible(not points)
        fit_columns(self.table)
