"""The two lines under the criteria table: progress through the submission and the last change."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from arf_desktop.domain.scoring import AllocationRow
from arf_desktop.ui.kit.widgets import label


class StatusLines(QWidget):
    """Progress ("12 of 17 scored") above what was saved last, or why it was not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = label("", "subtitle", "Scoring progress")
        self.message = label("", "", "Last saved change")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)

    def say(self, text: str, problem: bool = False) -> None:
        """Show what happened; a problem is shown in the warning colour."""
        self.message.setProperty("role", "status-bad" if problem else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def show_progress(
        self, allocation: AllocationRow | None, level: str = "", shown: int = 0, total: int = 0
    ) -> None:
        """Organisation, level applied for and criteria scored; how many the filters show."""
        if allocation is None:
            self.progress.setText("")
            return
        self.progress.setText(
            f"{allocation.organisation} · applied for {level} · {allocation.scored} of {total} "
            "scored"
            + (" · submitted" if allocation.submitted else "")
            + (f" · showing {shown} of {total} (filtered)" if shown != total else "")
        )
