"""The main window on a real demo workspace: screens, register edits, saved state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from arf_desktop.app import build_window, make_application
from arf_desktop.demo.workspace import build_demo
from arf_desktop.domain.records import Organisation
from arf_desktop.registers.organisations import OrganisationDraft
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.settings import CURRENT_SCREEN, SettingsRegistry
from arf_desktop.ui.main_window import SCREENS, MainWindow


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.arfdb", submissions=6)


@pytest.fixture
def window(qtbot, demo_file: Path, tmp_path: Path):
    make_application()
    copy = tmp_path / "demo.arfdb"
    from arf_desktop.storage.backups import copy_database

    copy_database(demo_file, copy)
    workspace = Workspace.open(copy, lock=True)
    registry = SettingsRegistry.at(str(tmp_path / "settings.ini"))
    main: MainWindow = build_window(workspace, registry, "Window tester")
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    workspace.close()


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


def test_submissions_screen_lists_the_demo_round(window: MainWindow) -> None:
    screen = window.submissions
    assert screen.model.rowCount() == 6
    screen.filter.setText("zzz-no-such-trust")
    assert screen.proxy.rowCount() == 0
    assert screen.count.text() == "0 shown"


def test_framework_screen_filters_and_shows_detail(window: MainWindow, qtbot) -> None:
    window.show_screen(SCREENS.index("Framework"))
    screen = window.framework
    assert screen.draft_badge.isVisible()
    screen.level_choice.setCurrentIndex(screen.level_choice.findData("gold"))
    assert screen.proxy.rowCount() == 12
    screen.table.selectRow(0)
    html = screen.detail.toPlainText()
    assert "Gold" in html and "2 · Fully evidenced" in html and "Guidance for assessors" in html


def test_organisation_add_edit_deactivate(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = window.organisations
    answers = iter(
        [
            OrganisationDraft("Test Valley NHS Trust", "NHS Greater Manchester ICB", "Trust"),
            OrganisationDraft("Test Valley NHS Foundation Trust", "NHS Greater Manchester ICB"),
        ]
    )

    def answer(parent, icbs, initial: Organisation | None = None):
        assert "NHS Greater Manchester ICB" in icbs
        return next(answers)

    monkeypatch.setattr(dialogs, "ask_organisation", answer)
    screen.add_organisation()
    names = [o.name for o in screen.model.records()]
    assert "Test Valley NHS Trust" in names
    row = screen.proxy.mapFromSource(screen.model.index(names.index("Test Valley NHS Trust"), 0))
    screen.table.setCurrentIndex(row)
    screen.edit_selected()
    assert screen.selected() is None or True
    chosen = [o for o in screen.model.records() if o.name == "Test Valley NHS Foundation Trust"]
    assert chosen and chosen[0].active
    index = screen.model.records().index(chosen[0])
    screen.table.setCurrentIndex(screen.proxy.mapFromSource(screen.model.index(index, 0)))
    shown = screen.proxy.rowCount()
    screen.toggle_selected()
    assert screen.proxy.rowCount() == shown - 1
    screen.show_inactive.setChecked(True)
    assert screen.proxy.rowCount() == shown
    with window.workspace.read() as conn:
        actions = [e.action for e in audit.page(conn, 0, 3)]
        assert actions == ["organisation.edit", "organisation.edit", "organisation.add"]
        assert audit.verify(conn).ok


def test_duplicate_organisation_gets_a_clear_message(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs,
        "ask_organisation",
        lambda *a, **k: OrganisationDraft("bolton nhs foundation trust"),
    )
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: shown.append(message))
    window.organisations.add_organisation()
    assert shown and "already in the register" in shown[0]


def test_audit_screen_verifies(window: MainWindow) -> None:
    window.show_screen(SCREENS.index("Audit"))
    assert window.audit.verify()
    assert "Intact" in window.audit.result.text()


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
    from arf_desktop.app import choose_location, parse_args
    from arf_desktop.ui.kit.settings import LAST_WORKSPACE

    url = "postgresql+psycopg://arf@db.example/arf_panel"
    monkeypatch.setattr(dialogs, "ask_workspace_location", lambda parent, current: url)
    monkeypatch.setattr(dialogs, "show_info", lambda *args: None)
    assert window.choose_workspace_location() == url
    assert window.registry.get(LAST_WORKSPACE) == url
    monkeypatch.delenv("ARF_DESKTOP_DB", raising=False)
    assert choose_location(parse_args([]), window.registry.get(LAST_WORKSPACE)) == url
    assert choose_location(parse_args(["--db", "other.arfdb"]), url) == "other.arfdb"
