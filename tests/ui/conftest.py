"""Fixtures for the window tests: the main window on a copy of a small demo workspace."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from arf_desktop.app import build_window, make_application
from arf_desktop.demo.workspace import build_demo
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import settings
from arf_desktop.ui.kit.settings import SettingsRegistry
from arf_desktop.ui.main_window import MainWindow


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per run; every test gets its own copy through `window`."""
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.arfdb", submissions=6)


@pytest.fixture
def window(qtbot, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
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


@pytest.fixture
def reopened(window: MainWindow) -> Iterator[Callable[[str], MainWindow]]:
    """The window closed and opened again on its workspace with another round last used;
    each window opened so is closed and deleted before the workspace closes."""
    opened: list[MainWindow] = []

    def reopen(last_round: str) -> MainWindow:
        window.close()
        window.registry.set(settings.LAST_ROUND, last_round)
        again = build_window(window.workspace, window.registry, "Window tester")
        again.show()
        opened.append(again)
        return again

    yield reopen
    for again in opened:
        again.close()
        again.deleteLater()
        QCoreApplication.sendPostedEvents(again, QEvent.Type.DeferredDelete)
