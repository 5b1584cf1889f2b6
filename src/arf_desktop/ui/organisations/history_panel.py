"""The selected organisation's history across rounds: outcomes, validity and renewal."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from arf_desktop.domain.moderation import outcome_label
from arf_desktop.exporters.history import HistoryLine, organisation_history
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.record_model import Column, RecordTableModel
from arf_desktop.ui.kit.widgets import fit_columns, make_table

STATUS_WORDS = {"decided": "Decided", "open": "In progress", "withdrawn": "Withdrawn"}


class HistoryPanel(QWidget):
    """Every round the chosen organisation submitted to, oldest first."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.title = QLabel("History across rounds")
        self.title.setProperty("role", "subtitle")
        self.title.setAccessibleName("Organisation history title")
        self.model: RecordTableModel[HistoryLine] = RecordTableModel(
            [
                Column("Round", lambda h: h.round),
                Column("Level applied for", lambda h: h.level_applied.capitalize()),
                Column("Status", lambda h: STATUS_WORDS.get(h.status, h.status)),
                Column(
                    "Outcome",
                    lambda h: outcome_label(h.outcome, h.level_awarded) if h.outcome else "—",
                ),
                Column("Decision date", lambda h: h.decision_date or "—"),
                Column("Valid until", lambda h: h.valid_until or "—"),
                Column("Renewal due", lambda h: h.renewal_due or "—"),
            ]
        )
        self.table = make_table("Organisation history table")
        self.table.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)

    def show_for(self, organisation: str | None) -> None:
        if organisation is None:
            self.title.setText("History across rounds: choose an organisation above.")
            self.model.set_records([])
            return
        name, lines = organisation_history(self.workspace, organisation)
        self.model.set_records(lines)
        self.title.setText(
            f"History across rounds: {name} — "
            + (f"{len(lines)} round{'s' if len(lines) != 1 else ''}" if lines else "no rounds yet")
        )
        fit_columns(self.table)
