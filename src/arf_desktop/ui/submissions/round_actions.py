"""The Submissions screen's Round menu (rename, close, reopen, delete) and withdraw/restore."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.records import SubmissionRow
from arf_desktop.registers import rounds as round_service
from arf_desktop.registers.submissions import set_withdrawn
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.widgets import make_button


def submission_dialogs() -> ModuleType:
    """The screen's dialogs, loaded when one is first asked for rather than with the screen."""
    from arf_desktop.ui.submissions import dialogs

    return dialogs


class RoundActions:
    """Round changes and withdrawals, each through its service, refusals shown as messages."""

    def __init__(
        self,
        parent: QWidget,
        workspace: Workspace,
        actor: Callable[[], str],
        current_round: Callable[[], str | None],
        selected: Callable[[], SubmissionRow | None],
        changed: Callable[[str | None], None],
    ) -> None:
        self.parent, self.workspace, self.actor = parent, workspace, actor
        self.current_round, self.selected, self.changed = current_round, selected, changed
        self.menu_button = QToolButton()
        self.menu_button.setText("Round")
        self.menu_button.setAccessibleName("Round actions")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        self.rename_action = QAction("Rename round…", menu)
        self.close_action = QAction("Close round (no more imports)", menu)
        self.reopen_action = QAction("Reopen round", menu)
        self.delete_action = QAction("Delete empty round…", menu)
        for action, slot in (
            (self.rename_action, self.rename),
            (self.close_action, lambda: self.set_status(round_service.CLOSED)),
            (self.reopen_action, lambda: self.set_status(round_service.OPEN)),
            (self.delete_action, self.delete),
        ):
            action.triggered.connect(lambda _checked=False, run=slot: run())
            menu.addAction(action)
        self.menu_button.setMenu(menu)
        self.withdraw_button = make_button("Withdraw…", "Withdraw the selected submission", True)
        self.restore_button = make_button("Restore…", "Restore the selected submission", True)
        self.withdraw_button.clicked.connect(lambda: self.withdraw())
        self.restore_button.clicked.connect(lambda: self.restore())

    def update(self) -> None:
        name = self.current_round()
        chosen = None
        if name:
            chosen = next(
                (r for r in round_service.list_rounds(self.workspace) if r.name == name), None
            )
        self.menu_button.setEnabled(chosen is not None)
        self.close_action.setEnabled(chosen is not None and not chosen.closed)
        self.reopen_action.setEnabled(chosen is not None and chosen.closed)
        row = self.selected()
        self.withdraw_button.setEnabled(row is not None and not row.withdrawn)
        self.restore_button.setEnabled(row is not None and row.withdrawn)

    def _run(self, title: str, change: Callable[[], object]) -> bool:
        try:
            change()
        except UserFacingError as error:
            dialogs.show_error(self.parent, title, error.message)
            return False
        return True

    def rename(self) -> bool:
        name = self.current_round()
        if not name:
            return False
        new = submission_dialogs().ask_text(self.parent, "Rename round", "New name:", name)
        if not new:
            return False
        done = self._run(
            "Round not renamed",
            lambda: round_service.rename_round(self.workspace, self.actor(), name, new),
        )
        if done:
            self.changed(new)
        return done

    def set_status(self, status: str) -> bool:
        name = self.current_round()
        if not name:
            return False
        done = self._run(
            "Round not changed",
            lambda: round_service.set_status(self.workspace, self.actor(), name, status),
        )
        if done:
            self.changed(name)
        return done

    def delete(self) -> bool:
        name = self.current_round()
        if not name or not dialogs.confirm(
            self.parent, "Delete round", f"Delete the round “{name}”? Only an empty round can be."
        ):
            return False
        done = self._run(
            "Round not deleted",
            lambda: round_service.delete_round(self.workspace, self.actor(), name),
        )
        if done:
            self.changed(None)
        return done

    def _withdrawal(self, withdraw: bool) -> bool:
        row = self.selected()
        if row is None:
            return False
        verb = "withdrawing" if withdraw else "restoring"
        reason = submission_dialogs().ask_text(
            self.parent,
            "Withdraw submission" if withdraw else "Restore submission",
            f"Why are you {verb} the submission from {row.organisation}? (kept in the audit log)",
        )
        if not reason:
            return False
        done = self._run(
            "Submission not changed",
            lambda: set_withdrawn(
                self.workspace, self.actor(), row.round_name, row.organisation, reason, withdraw
            ),
        )
        if done:
            self.changed(self.current_round())
        return done

    def withdraw(self) -> bool:
        return self._withdrawal(True)

    def restore(self) -> bool:
        return self._withdrawal(False)
