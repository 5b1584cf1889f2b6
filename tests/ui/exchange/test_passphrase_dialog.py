"""The passphrase dialog: hidden as typed, named for screen readers, confirmed, retried."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from arf_desktop.app import make_application
from arf_desktop.domain.framework import Framework
from arf_desktop.exchange.packs import export_pack
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.exchange.passphrase import (
    NEW_INTRO,
    PassphraseDialog,
    new_pack_check,
    opening_check,
)
from arf_desktop.ui.kit.theme import STYLE_SHEET
from tests.exchange.conftest import COORDINATOR, ROUND, build_round

PASSPHRASE = "kestrel orchard ribbon"


def dialog_for(qtbot, confirm: bool, check) -> PassphraseDialog:
    make_application()
    dialog = PassphraseDialog(None, "Passphrase", NEW_INTRO, confirm, check)
    dialog.setStyleSheet(STYLE_SHEET)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_in(qtbot, field: QLineEdit, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


@pytest.fixture
def sealed_pack(workspace_path: Path, framework: Framework, tmp_path: Path) -> Path:
    with Workspace.open(workspace_path) as ws:
        build_round(ws, framework)
        return export_pack(
            ws, COORDINATOR, ROUND, "Siân Evans", tmp_path / "sian.arfpack", PASSPHRASE
        ).path


def test_a_new_passphrase_is_hidden_confirmed_and_long_enough(qtbot, tmp_path) -> None:
    dialog = dialog_for(qtbot, True, new_pack_check)
    assert dialog.again is not None
    for field, name in ((dialog.passphrase, "Passphrase"), (dialog.again, "Passphrase again")):
        assert field.echoMode() == QLineEdit.EchoMode.Password
        assert field.accessibleName() == name
    assert dialog.problem.accessibleName() == "Passphrase problem"
    type_in(qtbot, dialog.passphrase, PASSPHRASE)
    type_in(qtbot, dialog.again, PASSPHRASE + "x")
    dialog.ok.click()
    assert dialog.isVisible() and "differ" in dialog.problem.text()
    type_in(qtbot, dialog.passphrase, "short")
    type_in(qtbot, dialog.again, "short")
    dialog.ok.click()
    assert dialog.isVisible() and "at least 8 characters" in dialog.problem.text()
    dialog.reveal.setChecked(True)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    dialog.reveal.setChecked(False)
    type_in(qtbot, dialog.passphrase, PASSPHRASE)
    type_in(qtbot, dialog.again, PASSPHRASE)
    dialog.grab().save(str(tmp_path / "passphrase-new.png"))
    dialog.ok.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.answer == PASSPHRASE


def test_a_wrong_passphrase_is_shown_in_the_dialog_and_can_be_retried(
    qtbot, sealed_pack: Path, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, False, opening_check(sealed_pack))
    assert dialog.again is None
    type_in(qtbot, dialog.passphrase, "kestrel orchard ribbin")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.answer is None
    assert dialog.problem.isVisible()
    assert dialog.problem.text().startswith("✖ Wrong passphrase, or the file was changed")
    assert dialog.passphrase.hasSelectedText()  # typing again replaces it
    dialog.grab().save(str(tmp_path / "passphrase-wrong.png"))
    type_in(qtbot, dialog.passphrase, PASSPHRASE)
    dialog.ok.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.answer == PASSPHRASE
