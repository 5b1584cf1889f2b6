"""Questions the Scoring screen asks: who are you, submit, reopen; opening an evidence file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.domain.scoring import Assessor
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.widgets import label


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
