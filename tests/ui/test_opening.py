"""The window shows before its workspace opens: choices made meanwhile are kept, refusals told."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from arf_desktop.app import make_application, open_workspace, start_window
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.storage import backups
from arf_desktop.storage.backups import copy_database
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.settings import SettingsRegistry
from arf_desktop.ui.main_window import SCREENS, MainWindow
from tests.read_only import read_only
from tests.test_app import damage


@pytest.fixture
def location(demo_file: Path, tmp_path: Path) -> str:
    copy_database(demo_file, tmp_path / "demo.arfdb")
    return str(tmp_path / "demo.arfdb")


@pytest.fixture
def registry(tmp_path: Path) -> SettingsRegistry:
    make_application()
    return SettingsRegistry.at(str(tmp_path / "settings.ini"))


def gated_window(
    qtbot, location: str, registry: SettingsRegistry
) -> tuple[MainWindow, threading.Event]:
    """A window, shown, whose workspace opens (on its worker thread) only once the returned
    gate is set."""
    gate = threading.Event()

    def slow_open() -> Workspace:
        assert gate.wait(30)
        return open_workspace(location)

    window = MainWindow(None, registry, lambda: "Tester", location)
    qtbot.addWidget(window)
    window.open_after_first_paint(slow_open, lambda ws: window.attach(ws, lambda: "Tester"))
    window.show()
    return window, gate


def test_the_window_shows_its_frame_and_status_before_the_workspace_opens(
    qtbot, location: str, registry: SettingsRegistry
) -> None:
    window, gate = gated_window(qtbot, location, registry)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.opening is not None and window.opening.started)
    assert window.workspace is None
    assert window.windowTitle() == f"ARF Desktop — {location}"
    assert window.status_label.text() == f"Opening the workspace {location}…"
    frame = window.stack.currentWidget()
    assert frame.objectName() == "opening-frame"
    assert frame.findChildren(type(window.status_label))[0].text() == "Submissions"
    assert not any(action.isEnabled() for action in window.workspace_actions)
    gate.set()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10000)
    screen = window.screens["Submissions"]
    qtbot.waitUntil(lambda: screen.loaded and screen.model.rowCount() > 0, timeout=5000)
    assert window.stack.currentWidget() is screen
    assert "Framework:" in window.status_label.text()
    assert all(action.isEnabled() for action in window.workspace_actions)
    window.close()
    window.workspace.close()


def test_screens_chosen_while_opening_are_kept_and_nothing_is_lost(
    qtbot, location: str, registry: SettingsRegistry
) -> None:
    window, gate = gated_window(qtbot, location, registry)
    qtbot.waitExposed(window)
    framework = window.navigation.item(SCREENS.index("Framework"))
    qtbot.mouseClick(
        window.navigation.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.navigation.visualItemRect(framework).center(),
    )
    assert window.current_screen_name() == "Framework"
    assert window.stack.currentWidget().objectName() == "opening-frame"
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)  # to the next screen by keyboard
    assert window.current_screen_name() == "Organisations & assessors"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(location)])
    drop = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(drop)  # nothing is imported before the workspace is open
    assert not drop.isAccepted()
    assert window.screens == {}
    gate.set()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10000)
    assert window.current_screen_name() == "Organisations & assessors"
    assert window.stack.currentWidget() is window.screens["Organisations & assessors"]
    assert set(window.screens) == {"Organisations & assessors"}  # the others on first visit
    window.show_screen(SCREENS.index("Framework"))
    assert window.stack.currentWidget() is window.screens["Framework"]
    window.close()
    window.workspace.close()


def test_closing_while_opening_lets_the_workspace_go(
    qtbot, location: str, registry: SettingsRegistry
) -> None:
    window, gate = gated_window(qtbot, location, registry)
    qtbot.waitUntil(lambda: window.opening is not None and window.opening.started)
    threading.Timer(0.2, gate.set).start()  # it opens while the window is closing
    window.close()
    assert window.workspace is None
    with Workspace.open(location, lock=True) as again:  # its lock was released
        assert again.integrity_check() == "ok"


def refusal_shown(
    qtbot, monkeypatch: pytest.MonkeyPatch, location: str, registry: SettingsRegistry
) -> tuple[MainWindow, list[tuple[str, str]]]:
    """Start the window on `location` and return it with the errors it showed."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda p, title, text: shown.append((title, text)))
    window = start_window(location, registry, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.refused, timeout=10000)
    return window, shown


def newer(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE schema_info SET value = '99' WHERE key = 'schema_version'")
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def foreign(path: Path) -> None:
    path.write_text("hello")


def missing(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("spoil", [newer, foreign, missing], ids=["newer", "foreign", "missing"])
def test_a_workspace_that_cannot_open_is_explained_as_before_and_the_window_closes(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    location: str,
    registry: SettingsRegistry,
    spoil: Callable[[Path], None],
) -> None:
    spoil(Path(location))
    with pytest.raises(UserFacingError) as refused:
        Workspace.open(location, lock=True)
    window, shown = refusal_shown(qtbot, monkeypatch, location, registry)
    assert shown == [("ARF Desktop cannot open this workspace", refused.value.message)]
    assert not window.isVisible() and window.workspace is None


def test_a_workspace_open_elsewhere_is_refused_with_the_same_message(
    qtbot, monkeypatch: pytest.MonkeyPatch, location: str, registry: SettingsRegistry
) -> None:
    with Workspace.open(location, lock=True):
        window, shown = refusal_shown(qtbot, monkeypatch, location, registry)
    assert len(shown) == 1 and "already open" in shown[0][1]
    assert not window.isVisible()


def test_a_damaged_workspace_offers_its_backup_and_then_opens(
    qtbot, monkeypatch: pytest.MonkeyPatch, location: str, registry: SettingsRegistry
) -> None:
    backups.take_backup(Path(location), "scheduled")
    damage(Path(location))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "show_error", lambda *args: pytest.fail(f"error shown: {args}"))
    window = start_window(location, registry, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10000)
    assert asked and "latest good backup" in asked[0]
    assert window.workspace.integrity_check() == "ok"
    assert "You: Demo coordinator" in window.status_label.text()
    window.close()
    window.workspace.close()


def test_the_scheduled_backup_is_taken_once_the_workspace_is_open(
    qtbot, location: str, registry: SettingsRegistry
) -> None:
    assert backups.list_backups(Path(location)) == []
    window = start_window(location, registry, "Tester")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10000)
    qtbot.waitUntil(lambda: backups.list_backups(Path(location)) != [], timeout=5000)
    assert [b.reason for b in backups.list_backups(Path(location))] == ["scheduled"]
    assert "You: Tester" in window.status_label.text()
    window.close()
    window.workspace.close()


def test_a_first_start_makes_its_workspace_after_the_window_shows(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, registry: SettingsRegistry
) -> None:
    from arf_desktop.app import parse_args, resolve_location

    monkeypatch.setenv("ARF_DESKTOP_DB", str(tmp_path / "first.arfdb"))
    location, make = resolve_location(parse_args(["--user", "Ada"]))
    assert location == str(tmp_path / "first.arfdb") and make is not None
    window = start_window(location, registry, "Ada", make)
    qtbot.addWidget(window)
    window.show()
    assert not (tmp_path / "first.arfdb").exists()  # made off the window's thread, after paint
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20000)
    assert "Framework:" in window.status_label.text()
    assert window.workspace.default_user() == "Ada"
    window.close()
    window.workspace.close()


def test_a_read_only_workspace_gets_its_banner_once_open(
    qtbot, demo_file: Path, tmp_path: Path, registry: SettingsRegistry
) -> None:
    copy = tmp_path / "reader.arfdb"
    shutil.copyfile(demo_file, copy)
    with read_only(copy):
        window = start_window(str(copy), registry, "Reader")
        qtbot.addWidget(window)
        window.show()
        assert window.read_only_banner is None
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=10000)
        assert window.read_only_banner is not None and window.read_only_banner.isVisible()
        assert window.windowTitle().endswith("(read-only)")
        assert not window.screens["Submissions"].import_button.isEnabled()
        window.close()
        window.workspace.close()
