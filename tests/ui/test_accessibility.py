"""The accessibility check: every screen and dialog named, with roles and keyboard routes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget

from arf_desktop.cli.main import main
from arf_desktop.storage.backups import copy_database
from arf_desktop.ui.accessibility_walk import dialogs, walk_window
from arf_desktop.ui.kit.accessibility import check_widgets
from arf_desktop.ui.main_window import SCREENS, MainWindow


def test_every_screen_and_dialog_of_the_demo_passes(window: MainWindow) -> None:
    assert [str(finding) for finding in walk_window(window)] == []
    assert window.navigation.currentRow() == len(SCREENS) - 1  # visited through the navigation
    assert {"Add organisation", "New round", "Decision", "Submission detail"} <= set(
        dialogs(window.workspace)
    )


def test_the_command_reports_no_findings_on_the_demo(
    demo_file: Path, tmp_path: Path, capsys
) -> None:
    copy = copy_database(demo_file, tmp_path / "demo.arfdb")
    assert main(["accessibility-check", "--db", str(copy)]) == 0
    assert "No findings" in capsys.readouterr().out


def test_unnamed_unreachable_and_headerless_controls_are_found(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    named = QLineEdit()
    caption = QLabel("&Organisation name")
    caption.setBuddy(named)
    bare = QLineEdit()
    icon_only = QPushButton()
    icon_only.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table = QTableView()
    table.setAccessibleName("Results")
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["Organisation", ""])
    table.setModel(model)
    for widget in (caption, named, bare, icon_only, table):
        layout.addWidget(widget)
    root.show()
    found = {(f.control.split(" ")[0], f.problem) for f in check_widgets(root, "test")}
    assert found == {
        ("QLineEdit", "no accessible name"),
        ("QPushButton", "no accessible name"),
        ("QPushButton", "cannot be reached with the keyboard"),
        ("QTableView", "column 2 has no header name"),
    }
