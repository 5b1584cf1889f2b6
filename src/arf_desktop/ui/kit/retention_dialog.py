"""The retention schedule dialog: years kept per kind of data, with what is due today."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from arf_desktop.domain.retention import KINDS, MAX_YEARS, MIN_YEARS, Schedule
from arf_desktop.registers.retention import RetentionReport


class RetentionDialog(QDialog):
    """One spin box per kind (its default and anchor beside it) and the count due today."""

    def __init__(
        self, parent: QWidget | None, schedule: Schedule, report: RetentionReport | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Retention schedule")
        self.setAccessibleName("Retention schedule")
        form = QFormLayout(self)
        intro = QLabel(
            "How long each kind of personal data is kept. The schedule is shared by everyone "
            "using this workspace; `arf-desktop retention apply` removes what is due, after "
            "a backup."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        due = {k.kind.key: len(k.items) for k in report.kinds} if report else {}
        self.years: dict[str, QSpinBox] = {}
        for kind in KINDS:
            box = QSpinBox()
            box.setRange(MIN_YEARS, MAX_YEARS)
            box.setSuffix(" years")
            box.setValue(schedule[kind.key])
            box.setAccessibleName(f"Years to keep {kind.label}")
            box.setAccessibleDescription(f"Counted {kind.anchor}; default {kind.default_years}")
            note = QLabel(f"{kind.anchor} · {due.get(kind.key, 0)} due today")
            note.setWordWrap(True)
            note.setAccessibleName(f"{kind.label.capitalize()}: when and how many due")
            row = QHBoxLayout()
            row.addWidget(box)
            row.addWidget(note, 1)
            label = QLabel(f"{kind.label.capitalize()}:")
            label.setBuddy(box)
            form.addRow(label, row)
            self.years[kind.key] = box
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setAccessibleName("Save or cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self, schedule: Schedule) -> dict[str, str]:
        """The kinds whose years differ from `schedule`, as text for the service."""
        return {
            key: str(box.value()) for key, box in self.years.items() if box.value() != schedule[key]
        }


def ask_retention(
    parent: QWidget, schedule: Schedule, report: RetentionReport | None
) -> dict[str, str] | None:
    """Show the dialog; the changed years, or None when cancelled."""
    dialog = RetentionDialog(parent, schedule, report)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.changes(schedule)
