"""The comment box for the current criterion and the comment bank beneath it.

A pause in typing or leaving the box asks for the comment to be saved (`save_wanted`); Esc or
Ctrl+Return asks to save and go back to the table (`leave_wanted`). The screen does the saving.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget
from typing_extensions import override

from arf_desktop.ui.kit.widgets import label, make_button

AUTOSAVE_MS = 1200
OPEN_HINT = "Say what the evidence shows or what is missing. Esc saves and returns to the table."
LOCKED_HINT = "Submitted and locked: reopen to change comments."
BANK_PREVIEW = 90  # characters of a banked comment shown in the list


class CommentEditor(QWidget):
    """Comment heading, box and bank row; read-only while the scores are submitted."""

    save_wanted = Signal()
    leave_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = label("Comment (Ctrl+M)", "", "Comment heading")
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName("Comment on this criterion")
        self.comment.setPlaceholderText(OPEN_HINT)
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(120)
        self.bank_choice = QComboBox()
        self.bank_choice.setAccessibleName("Comment bank for this criterion")
        self.bank_insert = make_button("Use", "Use the chosen banked comment", True)
        self.bank_save = make_button("Save to bank", "Save this comment to the bank", True)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self._loading = False
        self._bank_shown: tuple[list[tuple[int, str]], bool] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.comment)
        bank_row = QHBoxLayout()
        bank_row.addWidget(self.bank_choice, 1)
        bank_row.addWidget(self.bank_insert)
        bank_row.addWidget(self.bank_save)
        layout.addLayout(bank_row)

        self.comment.installEventFilter(self)
        self.comment.textChanged.connect(self._typed)
        self.autosave.timeout.connect(self.save_wanted)

    # -- the comment ---------------------------------------------------------------------
    def load(self, text: str) -> None:
        """Show a saved comment (not an edit: nothing is saved for it)."""
        self._loading = True
        self.comment.setPlainText(text)
        self._loading = False

    def text(self) -> str:
        return self.comment.toPlainText()

    def append(self, text: str) -> None:
        """Add a paragraph at the end of what is written."""
        current = self.comment.toPlainText().strip()
        self.comment.setPlainText(f"{current}\n{text}" if current else text)

    def set_locked(self, locked: bool) -> None:
        self.comment.setReadOnly(locked)
        self.comment.setPlaceholderText(LOCKED_HINT if locked else OPEN_HINT)

    def focus(self) -> None:
        """Put the cursor at the end of the comment."""
        self.comment.setFocus()
        self.comment.moveCursor(self.comment.textCursor().MoveOperation.End)

    def _typed(self) -> None:
        if not self._loading and not self.comment.isReadOnly():
            self.autosave.start()

    # -- the bank ------------------------------------------------------------------------
    def show_bank(self, entries: list[tuple[int, str]], usable: bool) -> None:
        """List the criterion's banked comments; `usable` is False while the scores are locked."""
        if (entries, usable) == self._bank_shown:
            return  # the same list (an empty bank, mostly): nothing to redo
        self._bank_shown = (list(entries), usable)
        self.bank_choice.clear()
        self.bank_choice.addItem(
            f"Banked comments ({len(entries)})" if entries else "No banked comments", None
        )
        for _entry_id, text in entries:
            shown = text if len(text) < BANK_PREVIEW else text[: BANK_PREVIEW - 3] + "…"
            self.bank_choice.addItem(shown, text)
        self.bank_insert.setEnabled(bool(entries) and usable)

    def chosen_banked(self) -> str | None:
        return self.bank_choice.currentData()

    # -- keys ----------------------------------------------------------------------------
    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.comment:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._key(event)
            if event.type() == QEvent.Type.FocusOut:
                self.save_wanted.emit()
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        ctrl_return = event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        )
        if event.key() == Qt.Key.Key_Escape or ctrl_return:
            self.leave_wanted.emit()
            return True
        return False
