"""Questions the Moderation screen asks: the panel's decision details; each behind a function."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from arf_desktop.domain.framework import Framework


@dataclass(frozen=True)
class DecisionRequest:
    panel_date: str
    members: tuple[str, ...]
    override_outcome: str | None = None
    override_level: str | None = None
    override_reason: str = ""


class DecisionDialog(QDialog):
    """Panel date, members present and, only if needed, an override with its reason."""

    def __init__(self, parent: QWidget | None, framework: Framework, computed: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record the panel's decision")
        self.panel_date = QDateEdit(QDate.currentDate())
        self.panel_date.setCalendarPopup(True)
        self.panel_date.setDisplayFormat("d MMM yyyy")
        self.panel_date.setMaximumDate(QDate.currentDate())  # the day the panel met: not ahead
        self.panel_date.setToolTip("The day the panel met: today or earlier")
        self.members = QLineEdit()
        self.members.setPlaceholderText("Names separated by commas")
        self.override = QCheckBox(f"Override the computed outcome ({computed})")
        self.outcome = QComboBox()
        for outcome in framework.outcomes:
            self.outcome.addItem(outcome.label, outcome.id)
        self.level = QComboBox()
        self.level.addItem("No level", None)
        for level in framework.levels:
            self.level.addItem(level.name, level.id)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Why the panel departs from the award rule")
        form = QFormLayout(self)
        for text, widget in (
            ("Panel date", self.panel_date),
            ("Members present", self.members),
            ("", self.override),
            ("Outcome", self.outcome),
            ("Level awarded", self.level),
            ("Reason", self.reason),
        ):
            widget.setAccessibleName(text or "Override the computed outcome")
            form.addRow(text, widget)
        self.override.toggled.connect(self._toggle)
        self._toggle(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _toggle(self, on: bool) -> None:
        for widget in (self.outcome, self.level, self.reason):
            widget.setEnabled(on)

    def request(self) -> DecisionRequest:
        chosen: date = self.panel_date.date().toPython()  # type: ignore[assignment]
        members = tuple(m.strip() for m in self.members.text().split(",") if m.strip())
        if not self.override.isChecked():
            return DecisionRequest(chosen.isoformat(), members)
        return DecisionRequest(
            chosen.isoformat(),
            members,
            self.outcome.currentData(),
            self.level.currentData(),
            self.reason.toPlainText(),
        )


def ask_decision(parent: QWidget, framework: Framework, computed: str) -> DecisionRequest | None:
    dialog = DecisionDialog(parent, framework, computed)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.request()
