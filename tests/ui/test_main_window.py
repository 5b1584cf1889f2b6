"""The main window on a real demo workspace: every screen, keyboard navigation, saved state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.settings import CURRENT_SCREEN
from arf_desktop.ui.main_window import SCREENS, MainWindow


def test_every_screen_opens_and_controls_are_named(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableView

    for row, name in enumerate(SCREENS):
        window.show_screen(row)
        assert window.current_screen_name() == name
        screen = window.screens[name]
        for kind in (QAbstractButton, QLineEdit, QComboBox, QTableView):
            for control in screen.findChildren(kind):
                if control.isVisibleTo(screen) and control.parent() is not None:
                    assert control.accessibleName(), f"{name}: unnamed {kind.__name__}"


def test_state_is_saved_and_restored(window: MainWindow, qtbot) -> None:
    window.show_screen(SCREENS.index("Framework"))
    window.close()
    assert window.registry.get(CURRENT_SCREEN) == "Framework"
    again = MainWindow(window.workspace, window.registry, lambda: "Window tester")
    qtbot.addWidget(again)
    assert again.current_screen_name() == "Framework"


def test_keyboard_navigation_between_screens(window: MainWindow, qtbot) -> None:
    window.navigation.setFocus()
    window.show_screen(0)
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.current_screen_name() == "Scoring"
    scoring = window.screens["Scoring"]
    assert scoring.who.title.text() == "Who are you?"  # the demo has assessors, none chosen yet


def test_workspace_location_is_a_setting(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from arf_desktop.app import parse_args, resolve_location
    from arf_desktop.ui.kit.settings import LAST_WORKSPACE

    url = "postgresql+psycopg://arf@db.example/arf_panel"
    monkeypatch.setattr(dialogs, "ask_workspace_location", lambda parent, current: url)
    monkeypatch.setattr(dialogs, "show_info", lambda *args: None)
    assert window.choose_workspace_location() == url
    assert window.registry.get(LAST_WORKSPACE) == url
    monkeypatch.delenv("ARF_DESKTOP_DB", raising=False)
    assert resolve_location(parse_args([]), window.registry.get(LAST_WORKSPACE)) == (url, None)
    assert resolve_location(parse_args(["--db", "other.arfdb"]), url) == ("other.arfdb", None)
