"""Undo commands for scoring: plain data (what changed, from what, to what) plus who applies it.

`QUndoStack.push()` calls `redo()` at once, so the change is applied (and saved) only in
`redo()`; `undo()` saves the old value the same way. When the service refuses (the scores
were submitted meanwhile, a conflict was declared), the command makes itself obsolete so
the stack drops it instead of pretending.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtGui import QUndoCommand
from typing_extensions import override

COMMENT_MERGE_ID = 0x5C0


@dataclass(frozen=True)
class ScoreEdit:
    """One edit of one field of one score row."""

    allocation_id: int
    criterion_id: str
    field: str  # "score" or "comment"
    old: Any
    new: Any


# apply(edit's allocation, criterion, field, value, reveal) -> saved?
Apply = Callable[[int, str, str, Any, bool], bool]


def describe(edit: ScoreEdit, caption: Callable[[Any], str]) -> str:
    if edit.field == "score":
        return f"score {edit.criterion_id}: {caption(edit.new)}"
    return f"comment on {edit.criterion_id}"


class EditCommand(QUndoCommand):
    """Score or comment change; consecutive comment saves on one criterion merge into one."""

    def __init__(self, edit: ScoreEdit, apply: Apply, caption: Callable[[Any], str]) -> None:
        super().__init__(describe(edit, caption))
        self.edit = edit
        self._apply = apply
        self._pushed = False

    @override
    def redo(self) -> None:
        reveal = self._pushed  # the first redo is the user's own edit: no need to jump to it
        self._pushed = True
        edit = self.edit
        if not self._apply(edit.allocation_id, edit.criterion_id, edit.field, edit.new, reveal):
            self.setObsolete(True)

    @override
    def undo(self) -> None:
        edit = self.edit
        if not self._apply(edit.allocation_id, edit.criterion_id, edit.field, edit.old, True):
            self.setObsolete(True)

    @override
    def id(self) -> int:
        return COMMENT_MERGE_ID if self.edit.field == "comment" else -1

    @override
    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand):
            return False
        mine, theirs = self.edit, other.edit
        if (mine.allocation_id, mine.criterion_id, mine.field) != (
            theirs.allocation_id,
            theirs.criterion_id,
            theirs.field,
        ):
            return False
        self.edit = replace(mine, new=theirs.new)
        if self.edit.new == self.edit.old:
            self.setObsolete(True)
        return True
