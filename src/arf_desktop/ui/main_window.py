"""The main window: navigation between screens, the File menu, and saved window state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)
from typing_extensions import override

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.registers.backups import backup_due
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.audit.screen import AuditScreen
from arf_desktop.ui.exchange.screen import ExchangeScreen
from arf_desktop.ui.framework.screen import FrameworkScreen
from arf_desktop.ui.kit import dialogs, settings
from arf_desktop.ui.kit.widgets import EmptyState, fit_to_screen, scrolling
from arf_desktop.ui.moderation.screen import ModerationScreen
from arf_desktop.ui.organisations.screen import OrganisationsScreen
from arf_desktop.ui.outcomes.screen import OutcomesScreen
from arf_desktop.ui.scoring.screen import ScoringScreen
from arf_desktop.ui.submissions.screen import SubmissionsScreen

SCREENS = (
    "Submissions",
    "Scoring",
    "Exchange",
    "Moderation",
    "Outcomes & exports",
    "Framework",
    "Organisations & assessors",
    "Audit",
)

COMING: dict[str, tuple[str, str]] = {}


class MainWindow(QMainWindow):
    """Holds the screens; owns no data beyond what it was given."""

    def __init__(
        self,
        workspace: Workspace,
        registry: settings.SettingsRegistry,
        actor: Callable[[], str],
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.registry = registry
        self.actor = actor
        self.setWindowTitle(f"ARF Desktop — {workspace.display_name}")
        self.setAccessibleName("ARF Desktop main window")
        fit_to_screen(self, 1280, 800)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Screens")
        self.navigation.setFixedWidth(250)
        self.navigation.addItems(list(SCREENS))
        self.stack = QStackedWidget()
        self.screens: dict[str, QWidget] = {}
        self.submissions = SubmissionsScreen(workspace, actor)
        self.framework = FrameworkScreen(workspace, actor)
        self.organisations = OrganisationsScreen(workspace, actor)
        self.audit = AuditScreen(workspace)
        self.scoring = ScoringScreen(workspace, actor)
        self.outcomes = OutcomesScreen(workspace)
        self.moderation = ModerationScreen(workspace, actor)
        self.exchange = ExchangeScreen(workspace, actor)
        built = {
            "Submissions": self.submissions,
            "Scoring": self.scoring,
            "Exchange": self.exchange,
            "Moderation": self.moderation,
            "Outcomes & exports": self.outcomes,
            "Framework": self.framework,
            "Organisations & assessors": self.organisations,
            "Audit": self.audit,
        }
        for name in SCREENS:
            screen = built.get(name) or EmptyState(*COMING[name])
            screen.setAccessibleName(f"{name} screen")
            self.screens[name] = screen
            self.stack.addWidget(screen)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(scrolling(self.stack), 1)  # screens scroll at large scaling
        self.setCentralWidget(central)
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Workspace status")
        self.statusBar().addPermanentWidget(self.status_label)
        self._build_menu()
        self.setAcceptDrops(True)  # files dropped on any screen are imported (Submissions)

        self.navigation.currentRowChanged.connect(self._show_screen)
        self.framework.loaded.connect(self._update_status)
        self._update_status()
        self._restore_state()
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(60 * 60 * 1000)
        self.backup_timer.timeout.connect(self.scheduled_backup)
        self.backup_timer.start()

    # -- building ----------------------------------------------------------
    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        backup = QAction("&Back up now", self)
        backup.setShortcut(QKeySequence("Ctrl+B"))
        backup.triggered.connect(self.backup_now)
        restore = QAction("&Restore from backup…", self)
        restore.triggered.connect(self.restore_from_backup)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        location = QAction("&Workspace location…", self)
        location.triggered.connect(self.choose_workspace_location)
        for action in (location, backup, restore):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("&Go")
        for number, name in enumerate(SCREENS, start=1):
            action = QAction(name, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, row=number - 1: self.show_screen(row))
            go_menu.addAction(action)

    def _update_status(self) -> None:
        framework = self.framework.framework  # the current version, as the Framework screen shows
        parts = [f"Workspace: {self.workspace.display_name}", f"You: {self.actor()}"]
        if framework is not None:
            parts.append(f"Framework: {framework.label}")
        self.status_label.setText("   ·   ".join(parts))

    # -- navigation --------------------------------------------------------
    def show_screen(self, row: int) -> None:
        self.navigation.setCurrentRow(row)

    def _show_screen(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        screen = self.stack.currentWidget()
        refresh = getattr(screen, "refresh", None)
        if callable(refresh):
            refresh()

    def current_screen_name(self) -> str:
        return SCREENS[self.stack.currentIndex()]

    # -- actions -----------------------------------------------------------
    def choose_workspace_location(self) -> str | None:
        """Remember a workspace file or PostgreSQL URL to open at the next start."""
        chosen = dialogs.ask_workspace_location(self, self.workspace.location)
        if not chosen:
            return None
        self.registry.set(settings.LAST_WORKSPACE, chosen)
        self.registry.sync()
        dialogs.show_info(
            self,
            "Workspace location saved",
            "ARF Desktop will open this workspace the next time it starts:\n" + chosen,
        )
        return chosen

    def backup_now(self) -> Path | None:
        try:
            target = self.workspace.backup("manual")
        except (UserFacingError, OSError) as error:
            dialogs.show_error(self, "Backup failed", str(error))
            return None
        self.statusBar().showMessage(f"Backup written: {target}", 8000)
        return target

    def scheduled_backup(self) -> None:
        hours = self.registry.get(settings.BACKUP_EVERY_HOURS)
        if backup_due(self.workspace, timedelta(hours=hours)):
            self.workspace.backup("scheduled")

    def restore_from_backup(self) -> None:
        dialogs.show_info(
            self,
            "Restore from backup",
            "To restore, close ARF Desktop and run `arf-desktop restore` (it keeps the current "
            "file aside), or start ARF Desktop again: a damaged workspace is detected at start "
            "and a restore is offered.",
        )

    # -- state -------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.registry.get(settings.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.registry.get(settings.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        splitter = self.registry.get(settings.SPLITTER_FRAMEWORK)
        if not splitter.isEmpty():
            self.framework.splitter.restoreState(splitter)
        name = self.registry.get(settings.CURRENT_SCREEN)
        self.show_screen(SCREENS.index(name) if name in SCREENS else 0)

    def save_state(self) -> None:
        self.registry.set(settings.WINDOW_GEOMETRY, self.saveGeometry())
        self.registry.set(settings.WINDOW_STATE, self.saveState())
        self.registry.set(settings.SPLITTER_FRAMEWORK, self.framework.splitter.saveState())
        self.registry.set(settings.CURRENT_SCREEN, self.current_screen_name())
        self.registry.sync()

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.submissions.accepts(event.mimeData()):
            event.acceptProposedAction()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        self.show_screen(SCREENS.index("Submissions"))
        if self.submissions.drop(event.mimeData()):
            event.acceptProposedAction()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self.submissions.runner.cancel()  # stops between workbooks; each one is all-or-nothing
        self.submissions.runner.wait()
        self.outcomes.runner.cancel()  # stops between files; every file written is complete
        self.outcomes.runner.wait()
        self.exchange.runner.cancel()  # stops between files; each one is all-or-nothing
        self.exchange.runner.wait()
        self.save_state()
        super().closeEvent(event)
