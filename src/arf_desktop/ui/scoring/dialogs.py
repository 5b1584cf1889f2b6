"""Questions scoring asks: who are you, submit or reopen; new assessor, conflict, allocation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.domain.records import Round
from arf_desktop.domain.scoring import Assessor
from arf_desktop.registers.assessors import AssessorDraft
from arf_desktop.registers.interests import KINDS, ConflictDraft
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.widgets import label


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


# -- the Scoring screen's questions (tests replace these) -----------------------------


def confirm_submit(parent: QWidget, organisation: str, scored: int) -> bool:
    return dialogs.confirm(
        parent,
        "Submit scores",
        f"Submit your {scored} scores for {organisation}? They will be locked; changing them "
        "afterwards needs a reason and is recorded in the audit log.",
    )


def ask_reopen_reason(parent: QWidget, organisation: str) -> str | None:
    text, ok = QInputDialog.getMultiLineText(
        parent, "Reopen scores", f"Why are the scores for {organisation} being reopened?"
    )
    return text if ok else None


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class WhoAreYou(QWidget):
    """Asked once per workspace: which assessor is using this copy of ARF Desktop."""

    def __init__(self) -> None:
        super().__init__()
        self.title = label("Who are you?", "empty-title")
        self.body = label(
            "Choose your name once. ARF Desktop remembers it for this workspace and shows only "
            "the submissions allocated to you; your scores are recorded under your name.",
            "empty-body",
            "Who are you: explanation",
        )
        self.choice = QComboBox()
        self.choice.setAccessibleName("Your name")
        self.confirm = QPushButton("This is me")
        self.confirm.setAccessibleName("Confirm who you are")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.choice, 2)
        row.addWidget(self.confirm)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.title, self.body):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addStretch(2)
        self.setTabOrder(self.choice, self.confirm)

    def set_assessors(self, assessors: list[Assessor], current: Assessor | None) -> None:
        self.choice.clear()
        for assessor in assessors:
            where = assessor.organisation or assessor.icb or "no organisation"
            self.choice.addItem(f"{assessor.name} — {where}", assessor.id)
        if current is not None:
            self.choice.setCurrentIndex(max(0, self.choice.findData(current.id)))
