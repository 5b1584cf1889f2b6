"""The reusable comment bank: comments an assessor keeps per criterion, stored in the workspace."""

from __future__ import annotations

from arf_desktop.domain.errors import Refused
from arf_desktop.scoring.scores import clean_comment
from arf_desktop.storage import comment_bank as repo
from arf_desktop.storage.workspace import Workspace


def bank(workspace: Workspace, criterion_id: str) -> list[tuple[int, str]]:
    """(entry id, text) of every banked comment for a criterion, oldest first."""
    with workspace.read() as conn:
        return repo.bank_for(conn, criterion_id)


def whole_bank(workspace: Workspace) -> dict[str, list[tuple[int, str]]]:
    """Every banked comment by criterion, oldest first; a screen reads it once and keeps it."""
    with workspace.read() as conn:
        return repo.whole_bank(conn)


def add_to_bank(workspace: Workspace, actor: str, criterion_id: str, text: str) -> bool:
    """Keep a comment for reuse; False when the same text is already banked."""
    cleaned = clean_comment(text)
    if not cleaned:
        raise Refused("Write the comment first, then save it to the bank.")
    with workspace.write(actor) as tx:
        if repo.bank_has(tx.connection, criterion_id, cleaned):
            return False
        repo.insert_bank(tx, criterion_id, cleaned)
        return True


def remove_from_bank(workspace: Workspace, actor: str, entry_id: int) -> None:
    with workspace.write(actor) as tx:
        repo.delete_bank(tx, entry_id)
