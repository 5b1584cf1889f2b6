"""The main window's File menu: workspace location, backups, restore and retention schedule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.ui.kit import dialogs, settings

if TYPE_CHECKING:  # the storage loads while the window is on screen, not before it shows
    from arf_desktop.storage.workspace import Workspace


class WorkspaceMenu(QMainWindow):
    """The File menu's actions over the window's workspace (a base of the main window)."""

    workspace: Workspace | None
    registry: settings.SettingsRegistry
    actor: Callable[[], str]
    workspace_actions: tuple[QAction, ...]

    def build_file_menu(self) -> None:
        """The File menu; the actions that need the workspace are off until it is open."""
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
        retention = QAction("Re&tention schedule…", self)
        retention.triggered.connect(self.edit_retention_schedule)
        for action in (location, backup, restore, retention):
            file_menu.addAction(action)
        self.workspace_actions = (location, backup, retention)  # on once the workspace is open
        for action in self.workspace_actions:
            action.setEnabled(False)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

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
        if self.workspace is None or self.workspace.read_only is not None:
            return  # it cannot change, and its folder may refuse new files
        hours = self.registry.get(settings.BACKUP_EVERY_HOURS)
        from arf_desktop.registers.backups import backup_due

        if backup_due(self.workspace, timedelta(hours=hours)):
            self.workspace.backup("scheduled")

    def edit_retention_schedule(self) -> dict[str, str] | None:
        """Show the retention schedule with what is due today; save the years changed."""
        from arf_desktop.registers import retention
        from arf_desktop.ui.kit import retention_dialog

        try:
            schedule = retention.retention_schedule(self.workspace)
            changes = retention_dialog.ask_retention(
                self, schedule, retention.retention_status(self.workspace)
            )
            if changes:
                retention.save_retention_schedule(self.workspace, self.actor(), changes)
                self.statusBar().showMessage("Retention schedule saved", 8000)
        except UserFacingError as error:
            dialogs.show_error(self, "Retention schedule", error.message)
            return None
        return changes

    def restore_from_backup(self) -> None:
        dialogs.show_info(
            self,
            "Restore from backup",
            "To restore, close ARF Desktop and run `arf-desktop restore` (it keeps the current "
            "file aside), or start ARF Desktop again: a damaged workspace is detected at start "
            "and a restore is offered.",
        )
