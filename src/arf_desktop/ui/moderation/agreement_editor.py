"""The agreement editor beside the score grid: agreed score, rationale, feedback and its draft."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from arf_desktop.domain.moderation import CriterionLine, rationale_required
from arf_desktop.moderation.feedback import draft_for
from arf_desktop.ui.moderation.steady_label import SteadyLabel


def set_plain_text(edit: QPlainTextEdit, text: str) -> None:
    """Show `text`; an edit already showing it, with nothing to undo, is left as it is (a
    new document is laid out and painted again even when its text is the same)."""
    if edit.toPlainText() != text or edit.document().isUndoAvailable():
        edit.setPlainText(text)


class AgreementEditor(QWidget):
    """What the panel agrees for one criterion; where no feedback is written, a draft."""

    def __init__(self) -> None:
        super().__init__()
        self.agreed_choice = QComboBox()
        self.agreed_choice.setAccessibleName("Agreed score")
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setPlaceholderText(
            "Required where the agreed score differs from an assessor"
        )
        self.feedback = QPlainTextEdit()
        self.feedback.setAccessibleName("Panel feedback to the organisation")
        self.feedback.setPlaceholderText("What the organisation will read about this criterion")
        # room for the note is kept when there is none: moving between criteria does not
        # lay the editor (and the screen around it) out again
        self.draft_note = SteadyLabel("subtitle", "About the feedback draft", lines=2)
        self.adopt_button = QPushButton("Adopt draft")
        self.adopt_button.setAccessibleName("Adopt the draft from the assessors' comments")
        self.adopt_button.setToolTip(
            "Save the agreed score with the draft as the panel's feedback, as it is"
        )
        self.adopt_button.setProperty("role", "secondary")
        self.draft = ""
        self.save_button = QPushButton("Save agreed score")
        self.save_button.setAccessibleName("Save agreed score")
        self.decide_button = QPushButton("Record decision…")
        self.decide_button.setAccessibleName("Record the panel's decision")
        self.decide_button.setProperty("role", "secondary")
        form = QFormLayout(self)
        form.addRow("Agreed score", self.agreed_choice)
        form.addRow("Rationale", self.rationale)
        form.addRow("Feedback", self.feedback)
        form.addRow("", self.draft_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.adopt_button)
        buttons.addStretch(1)
        buttons.addWidget(self.decide_button)
        form.addRow(buttons)

    def show_feedback(
        self, line: CriterionLine, said: dict[str, str], threshold: int, decided: bool
    ) -> None:
        """The panel's feedback; where there is none yet, a draft from the assessors' comments."""
        written = line.agreed.feedback if line.agreed else ""
        score = line.effective if line.effective is not None else self.agreed_choice.currentData()
        self.draft = "" if written.strip() else draft_for(said, line, score, threshold)
        set_plain_text(self.feedback, written or self.draft)
        due = line.effective is not None and line.effective < threshold and not written.strip()
        if self.draft:
            note = (
                f"Drafted for {line.criterion_id} from the assessors' comments (no names): edit "
                "it and save, or adopt it as it is."
            )
        elif due:
            note = (
                f"{line.criterion_id} is below the threshold: write what the organisation needs "
                "to do; the decision waits for it."
            )
        else:
            note = ""
        self.draft_note.setText(note)
        self.adopt_button.setEnabled(bool(self.draft) and not decided)

    def update_hint(self, line: CriterionLine | None) -> None:
        score = self.agreed_choice.currentData()
        needed = line is not None and score is not None and rationale_required(score, line.scores)
        self.rationale.setPlaceholderText(
            "A rationale is required: this differs from an assessor's score"
            if needed
            else "Optional: the assessors agree with this score"
        )
