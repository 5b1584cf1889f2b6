"""Questions the Organisations & assessors screen asks: organisation, assessor, conflict, round.

Each dialog sits behind an ask_… function, so tests can answer it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from arf_desktop.domain.records import Organisation, Round
from arf_desktop.domain.scoring import Assessor
from arf_desktop.registers.assessors import AssessorDraft
from arf_desktop.registers.interests import KINDS, ConflictDraft
from arf_desktop.registers.organisations import ORG_TYPES, OrganisationDraft


class OrganisationDialog(QDialog):
    """Add or edit one organisation in the register."""

    def __init__(
        self, parent: QWidget | None, icbs: list[str], initial: Organisation | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit organisation" if initial else "Add organisation")
        self.name = QLineEdit(initial.name if initial else "")
        self.icb = QComboBox()
        self.icb.setEditable(True)
        self.icb.addItems(["", *icbs])
        self.icb.setCurrentText(initial.icb or "" if initial else "")
        self.org_type = QComboBox()
        self.org_type.addItems(list(ORG_TYPES))
        self.org_type.setCurrentText(initial.org_type if initial else "Trust")
        self.code = QLineEdit(initial.code or "" if initial else "")
        self.contact_name = QLineEdit(initial.contact_name or "" if initial else "")
        self.contact_email = QLineEdit(initial.contact_email or "" if initial else "")
        form = QFormLayout(self)
        for text, widget in (
            ("Name", self.name),
            ("ICB", self.icb),
            ("Type", self.org_type),
            ("ODS code", self.code),
            ("Contact name", self.contact_name),
            ("Contact e-mail", self.contact_email),
        ):
            widget.setAccessibleName(text)
            form.addRow(text, widget)
        self.active = QCheckBox("Active")
        self.active.setAccessibleName("Active")
        self.active.setChecked(initial.active if initial else True)
        self.active.setVisible(initial is not None)
        form.addRow("", self.active)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def draft(self) -> OrganisationDraft:
        return OrganisationDraft(
            name=self.name.text(),
            icb=self.icb.currentText(),
            org_type=self.org_type.currentText(),
            code=self.code.text(),
            contact_name=self.contact_name.text(),
            contact_email=self.contact_email.text(),
        )


def ask_organisation(
    parent: QWidget, icbs: list[str], initial: Organisation | None = None
) -> OrganisationDraft | None:
    dialog = OrganisationDialog(parent, icbs, initial)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.draft()


@dataclass(frozen=True)
class AllocationRequest:
    round_name: str
    assessors: tuple[str, ...]
    per_submission: int


def _form(dialog: QDialog, rows: list[tuple[str, QWidget]]) -> QFormLayout:
    form = QFormLayout(dialog)
    for text, widget in rows:
        widget.setAccessibleName(text)
        form.addRow(text, widget)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return form


class AssessorDialog(QDialog):
    def __init__(self, parent: QWidget | None, organisations: list[str], icbs: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add assessor")
        self.name = QLineEdit()
        self.organisation = QComboBox()
        self.organisation.addItems(["", *organisations])
        self.icb = QComboBox()
        self.icb.addItems(["(from the organisation)", *icbs])
        self.email = QLineEdit()
        _form(
            self,
            [
                ("Name", self.name),
                ("Organisation", self.organisation),
                ("ICB", self.icb),
                ("E-mail", self.email),
            ],
        )

    def draft(self) -> AssessorDraft:
        icb = self.icb.currentText() if self.icb.currentIndex() > 0 else None
        return AssessorDraft(
            self.name.text(), self.organisation.currentText() or None, icb, self.email.text()
        )


class ConflictDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, assessors: list[str], organisations: list[str]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Declare a conflict of interest")
        self.assessor = QComboBox()
        self.assessor.addItems(assessors)
        self.organisation = QComboBox()
        self.organisation.addItems(organisations)
        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        self.reason = QLineEdit()
        self.starts = QLineEdit()
        self.starts.setPlaceholderText("YYYY-MM-DD (optional)")
        self.ends = QLineEdit()
        self.ends.setPlaceholderText("YYYY-MM-DD (optional)")
        _form(
            self,
            [
                ("Assessor", self.assessor),
                ("Organisation", self.organisation),
                ("Kind", self.kind),
                ("Reason", self.reason),
                ("From", self.starts),
                ("Until", self.ends),
            ],
        )

    def draft(self) -> ConflictDraft:
        return ConflictDraft(
            self.assessor.currentText(),
            self.organisation.currentText(),
            self.reason.text(),
            self.kind.currentText(),
            self.starts.text() or None,
            self.ends.text() or None,
        )


class AllocationDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, rounds: list[Round], assessors: list[Assessor]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Allocate assessors")
        self.round = QComboBox()
        for item in rounds:
            self.round.addItem(item.name, item.assessors_per_submission)
        self.assessors = QListWidget()
        for assessor in assessors:
            entry = QListWidgetItem(assessor.name)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            self.assessors.addItem(entry)
        self.per_submission = QSpinBox()
        self.per_submission.setRange(1, 10)
        self.round.currentIndexChanged.connect(
            lambda _i: self.per_submission.setValue(int(self.round.currentData() or 2))
        )
        self.per_submission.setValue(int(self.round.currentData() or 2))
        _form(
            self,
            [
                ("Round", self.round),
                ("Assessors to allocate", self.assessors),
                ("Assessors per submission", self.per_submission),
            ],
        )

    def request(self) -> AllocationRequest:
        chosen = tuple(
            self.assessors.item(i).text()
            for i in range(self.assessors.count())
            if self.assessors.item(i).checkState() == Qt.CheckState.Checked
        )
        return AllocationRequest(self.round.currentText(), chosen, self.per_submission.value())


def ask_assessor(
    parent: QWidget, organisations: list[str], icbs: list[str]
) -> AssessorDraft | None:
    dialog = AssessorDialog(parent, organisations, icbs)
    return dialog.draft() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_conflict(
    parent: QWidget, assessors: list[str], organisations: list[str]
) -> ConflictDraft | None:
    dialog = ConflictDialog(parent, assessors, organisations)
    return dialog.draft() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_allocation(
    parent: QWidget, rounds: list[Round], assessors: list[Assessor]
) -> AllocationRequest | None:
    dialog = AllocationDialog(parent, rounds, assessors)
    return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
