"""Score and comment changes as undoable edits, each saved at once through the scoring service.

Every submission keeps its own undo history (a QUndoStack in one QUndoGroup); opening a
submission makes its history the active one. A save the service refuses is reported
(`refused`) and dropped from the history; a save that succeeds is reported (`saved`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.scoring import scores as service
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.scoring.undo_commands import EditCommand, ScoreEdit


class SheetEdits(QObject):
    """The undo histories of the open submissions, and the one place edits are saved."""

    # allocation id, criterion id, field ("score" or "comment"), saved value, revision, reveal
    saved = Signal(int, str, str, object, int, bool)
    refused = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        who: Callable[[], str],
        assessor_id: Callable[[], int | None],
        caption: Callable[[Any], str],
        parent: QObject | None = None,
    ) -> None:
        """`who` names the scorer for the audit log; `caption` words a score for undo's text."""
        super().__init__(parent)
        self.workspace = workspace
        self._who = who
        self._assessor_id = assessor_id
        self._caption = caption
        self.group = QUndoGroup(self)
        self.stacks: dict[int, QUndoStack] = {}

    def open(self, allocation_id: int) -> None:
        """Make this submission's history the one Undo and Redo work on."""
        stack = self.stacks.get(allocation_id)
        if stack is None:
            stack = self.stacks[allocation_id] = QUndoStack(self.group)
        self.group.setActiveStack(stack)

    def close(self) -> None:
        self.group.setActiveStack(None)  # type: ignore[arg-type]

    def forget(self, allocation_id: int) -> None:
        """Drop a submission's history (its scores were submitted)."""
        self.stacks.pop(allocation_id, None)

    def push(self, edit: ScoreEdit) -> None:
        """Save the edit now and keep it for Undo (unless the service refuses it)."""
        self.group.activeStack().push(EditCommand(edit, self._apply, self._caption))

    def _apply(
        self, allocation_id: int, criterion_id: str, field: str, value: Any, reveal: bool
    ) -> bool:
        """Save one change through the service; False when refused."""
        record = service.record_score if field == "score" else service.record_comment
        try:
            change = record(
                self.workspace,
                self._who(),
                allocation_id,
                criterion_id,
                value,
                assessor_id=self._assessor_id(),
            )
        except UserFacingError as error:
            self.refused.emit(f"Not saved: {error.message}")
            return False
        self.saved.emit(allocation_id, criterion_id, field, change.new, change.revision, reveal)
        return True
