"""The window on a read-only workspace: a banner says so, and no control can change it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton, QTableView

from arf_desktop.app import build_window, make_application
from arf_desktop.exporters.batch_export import ExportResult
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.settings import SettingsRegistry
from arf_desktop.ui.main_window import SCREENS, MainWindow
from arf_desktop.ui.outcomes.exports import finished_message
from tests.read_only import read_only

VIEWING = {
    "View the selected submission",
    "Open the selected award letter as PDF",
    "Open the selected certificate",
    "Open the feedback report",
    "Verify the audit log's hash chain",
}


@pytest.fixture
def read_only_window(qtbot, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
    make_application()
    copy = tmp_path / "demo.arfdb"
    shutil.copyfile(demo_file, copy)
    with read_only(copy):
        workspace = Workspace.open(copy, lock=True)
        main = build_window(workspace, SettingsRegistry.at(str(tmp_path / "s.ini")), "Reader")
        qtbot.addWidget(main)
        main.show()
        qtbot.waitExposed(main)
        yield main
        main.close()
        workspace.close()


def test_the_banner_says_read_only_and_no_control_changes_anything(
    read_only_window: MainWindow,
) -> None:
    window = read_only_window
    banner = window.read_only_banner
    assert banner is not None and banner.isVisible()
    assert banner.text().startswith("Read-only workspace: the file cannot be written")
    assert window.windowTitle().endswith("(read-only)")
    for row, name in enumerate(SCREENS):
        window.navigation.setCurrentRow(row)
        screen = window.stack.currentWidget()
        for table in screen.findChildren(QTableView):  # choosing a row turns buttons on
            if table.isVisibleTo(screen) and table.model() and table.model().rowCount():
                table.selectRow(0)
        QApplication.processEvents()
        on = {
            b.accessibleName()
            for b in screen.findChildren(QPushButton)
            if b.isEnabled() and b.isVisibleTo(screen)
        }
        assert on <= VIEWING, name
        editors = [e for e in screen.findChildren(QPlainTextEdit) if e.isVisibleTo(screen)]
        assert all(e.isReadOnly() for e in editors), name
    window.navigation.setCurrentRow(SCREENS.index("Submissions"))
    window.submissions.findChildren(QTableView)[0].selectRow(1)
    QApplication.processEvents()
    assert window.submissions.open_button.isEnabled()  # viewing stays on


def test_a_writable_workspace_has_no_banner(window: MainWindow) -> None:
    assert window.read_only_banner is None
    assert window.submissions.new_round_button.isEnabled()


def test_the_export_message_keeps_the_folder_as_typed() -> None:
    result = ExportResult(Path("/Users/Ann/NW Letters"), written=[Path("/Users/Ann/NW Letters/a")])
    assert finished_message(result).startswith("1 file written to /Users/Ann/NW Letters.")
