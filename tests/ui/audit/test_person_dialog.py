"""The Find or erase a person dialog: findings shown, erasure only on confirmation, a zip."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from arf_desktop.registers.audit_log import verify_log
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.audit import person_dialog
from arf_desktop.ui.audit.person_dialog import PersonDialog
from arf_desktop.ui.main_window import SCREENS, MainWindow
from tests.registers import person_workspace as pw
from tests.registers.person_workspace import EMAIL, PERSON

person_template, person_db = pw.person_template, pw.person_db


@pytest.fixture
def dialog(qtbot, person_db: Path) -> Iterator[PersonDialog]:
    with Workspace.open(person_db) as workspace:
        opened = PersonDialog(None, workspace, "Data protection officer", EMAIL)
        qtbot.addWidget(opened)
        opened.show()
        yield opened


def test_the_dialog_opens_on_every_record_found(dialog: PersonDialog) -> None:
    assert dialog.report is not None
    rows = dialog.model.rowCount()
    assert rows == len(dialog.report.records) >= len(pw.PLACES)
    column = [dialog.model.item(r, 1).text() for r in range(rows)]
    assert {"Assessor", "Score comment", "Evidence file name", "Letter already issued"} <= set(
        column
    )
    assert dialog.erase_button.isEnabled() and dialog.access_button.isEnabled()
    assert PERSON in dialog.summary.text()


def test_erasing_needs_confirmation(dialog: PersonDialog, monkeypatch) -> None:
    monkeypatch.setattr(person_dialog, "confirm", lambda *args: False)
    before = dialog.model.rowCount()
    assert not dialog.ask_erase()
    assert dialog.find() is not None and dialog.model.rowCount() == before


def test_erasing_from_the_dialog_keeps_the_log_verified(
    dialog: PersonDialog,
    monkeypatch,
) -> None:
    monkeypatch.setattr(person_dialog, "confirm", lambda *args: True)
    assert dialog.ask_erase()
    assert dialog.summary.text().startswith("Erased ")
    assert dialog.report is not None and not dialog.report.by_action("erase")
    assert not dialog.erase_button.isEnabled()
    assert verify_log(dialog.workspace).ok


def test_the_dialog_writes_a_subject_access_zip(dialog: PersonDialog, tmp_path: Path) -> None:
    written = dialog.write_subject_access(tmp_path / "answer.zip")
    assert written is not None and "Written:" in dialog.summary.text()
    with zipfile.ZipFile(written) as archive:
        assert {"records.json", "summary.pdf"} == set(archive.namelist())


def test_the_audit_screen_opens_it(window: MainWindow) -> None:
    window.show_screen(SCREENS.index("Audit"))
    assert window.audit.person_button.accessibleName()
    opened = window.audit.person_dialog()
    opened.name.setText("Amara Okafor")
    report = opened.find()
    assert report is not None and report.found
    opened.reject()
