"""Rounds: create one against a framework version, find one by name."""

from __future__ import annotations

from dataclasses import dataclass

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.records import Round
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import rounds as repo
from arf_desktop.storage.workspace import Workspace, WriteTx


@dataclass(frozen=True)
class RoundDraft:
    name: str
    opens_on: str | None = None
    closes_on: str | None = None
    assessors_per_submission: int = 2
    same_icb_conflict: bool = False
    framework_id: int | None = None


def create_round_in(tx: WriteTx, draft: RoundDraft) -> Round:
    """Create a round inside an existing write (used by imports that name a new round)."""
    name = " ".join(draft.name.split())
    if not name:
        raise Refused("A round needs a name.")
    if repo.find_round(tx.connection, name):
        raise Refused(f"A round called “{name}” already exists.")
    if not 1 <= draft.assessors_per_submission <= 10:
        raise Refused("Assessors per submission must be between 1 and 10.")
    framework_id = draft.framework_id or framework_repo.current_framework_id(tx.connection)
    if framework_id is None:
        raise Refused("Load a framework before creating a round.")
    round_id = repo.insert_round(
        tx,
        {
            "name": name,
            "framework_id": framework_id,
            "opens_on": draft.opens_on,
            "closes_on": draft.closes_on,
            "assessors_per_submission": draft.assessors_per_submission,
            "same_icb_conflict": draft.same_icb_conflict,
        },
    )
    return repo.get_round(tx.connection, round_id)


def create_round(workspace: Workspace, actor: str, draft: RoundDraft) -> Round:
    with workspace.write(actor) as tx:
        return create_round_in(tx, draft)


def require_round(workspace: Workspace, name: str) -> Round:
    with workspace.read() as conn:
        found = repo.find_round(conn, name)
        if found is None:
            known = ", ".join(r.name for r in repo.list_rounds(conn)) or "none yet"
            raise NotFound(f"There is no round called “{name}” (rounds: {known}).")
        return found


def list_rounds(workspace: Workspace) -> list[Round]:
    with workspace.read() as conn:
        return repo.list_rounds(conn)
