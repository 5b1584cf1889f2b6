"""Asking for a work pack's passphrase: hidden as typed, confirmed for a new pack, retried."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.exchange.pack_reader import check_pack_passphrase
from arf_desktop.exchange.sealed import SealProblem, WrongPassphrase, check_new_passphrase

Check = Callable[[str], "str | None"]  # a passphrase -> why it is refused (None: accepted)
NEW_INTRO = (
    "Work packs carry personal data, so each is encrypted. Choose a passphrase of a few "
    "unrelated words (at least 8 characters) and tell it to the assessors another way "
    "(telephone, text message), never in the e-mail that carries the pack."
)


class PassphraseDialog(QDialog):
    """One passphrase (twice for a new pack); a refused one is explained here and retried."""

    def __init__(
        self, parent: QWidget | None, title: str, intro: str, confirm: bool, check: Check
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.check = check
        self.answer: str | None = None
        text = QLabel(intro)
        text.setWordWrap(True)
        text.setAccessibleName("What the passphrase is for")
        self.passphrase = self._field("Passphrase")
        self.again: QLineEdit | None = self._field("Passphrase again") if confirm else None
        self.reveal = QCheckBox("Show the passphrase")
        self.reveal.setAccessibleName("Show the passphrase as it is typed")
        self.reveal.toggled.connect(self._reveal)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "status-bad")
        self.problem.setAccessibleName("Passphrase problem")
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Encrypt and write" if confirm else "Open the pack")
        self.ok.setAccessibleName(self.ok.text())
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # wrapped text fits
        layout.addWidget(text)
        fields = [("&Passphrase:", self.passphrase)]
        if self.again is not None:
            fields.append(("The &same passphrase again:", self.again))
        for caption, field in fields:
            named = QLabel(caption)
            named.setBuddy(field)
            layout.addWidget(named)
            layout.addWidget(field)
        for widget in (self.reveal, self.problem, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(480)
        text.setMinimumHeight(text.heightForWidth(440))  # the whole intro, however it wraps

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        field.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText
        )
        return field

    def _reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in (self.passphrase, self.again):
            if field is not None:
                field.setEchoMode(mode)

    def refuse(self, why: str) -> None:
        """Say why in the dialog and let the user type it again."""
        self.problem.setText(f"✖ {why}")
        self.problem.setVisible(True)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def try_accept(self) -> None:
        text = self.passphrase.text()
        if self.again is not None and self.again.text() != text:
            self.refuse("The two passphrases differ; type the same one in both fields.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            why = self.check(text)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if why:
            self.refuse(why)
            return
        self.answer = text
        self.accept()


def new_pack_check(text: str) -> str | None:
    try:
        check_new_passphrase(text)
    except UserFacingError as error:
        return error.message
    return None


def opening_check(path: Path) -> Check:
    """Whether the passphrase opens the pack at `path` (its first chunk; quick)."""

    def check(text: str) -> str | None:
        try:
            check_pack_passphrase(path, text)
        except WrongPassphrase:
            return "Wrong passphrase, or the file was changed. Check the passphrase and try again."
        except SealProblem as error:
            return error.reason[:1].upper() + error.reason[1:] + "."
        except OSError as error:
            return f"{path.name} cannot be read ({error.strerror or error})."
        return None

    return check


def ask_new_passphrase(parent: QWidget | None) -> str | None:
    dialog = PassphraseDialog(parent, "Encrypt the work packs", NEW_INTRO, True, new_pack_check)
    return dialog.answer if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_pack_passphrase(parent: QWidget | None, path: Path) -> str | None:
    intro = (
        f"“{path.name}” is encrypted. Type the passphrase your coordinator gave you for it "
        "(by telephone or text message, not in the e-mail)."
    )
    dialog = PassphraseDialog(parent, "Open the work pack", intro, False, opening_check(path))
    return dialog.answer if dialog.exec() == QDialog.DialogCode.Accepted else None
