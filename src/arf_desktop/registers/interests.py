"""The conflict-of-interest register, and the one check every scoring path makes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.scoring import (
    Assessor,
    DeclaredConflict,
    OrganisationRef,
    conflict_reasons,
)
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import interests as repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.workspace import Workspace

KINDS = (
    "Declared interest",
    "Employment",
    "Secondment",
    "Board or governance role",
    "Close personal relationship",
    "Other",
)


@dataclass(frozen=True)
class ConflictDraft:
    assessor: str
    organisation: str
    reason: str
    kind: str = "Declared interest"
    starts_on: str | None = None
    ends_on: str | None = None


def today() -> str:
    return utc_now()[:10]


def _day(value: str | None, what: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise Refused(f"The {what} date “{value}” is not a date (use YYYY-MM-DD).") from None


def add_conflict(workspace: Workspace, actor: str, draft: ConflictDraft) -> DeclaredConflict:
    reason = " ".join(draft.reason.split())
    if not reason:
        raise Refused("A conflict of interest needs a reason.")
    kind = " ".join(draft.kind.split()) or "Declared interest"
    starts_on, ends_on = _day(draft.starts_on, "start"), _day(draft.ends_on, "end")
    if starts_on and ends_on and ends_on < starts_on:
        raise Refused(f"The conflict ends ({ends_on}) before it starts ({starts_on}).")
    with workspace.write(actor) as tx:
        assessor = assessor_repo.find_assessor(tx.connection, draft.assessor)
        if assessor is None:
            raise NotFound(f"There is no assessor called “{draft.assessor}”.")
        organisation = org_repo.find_organisation(tx.connection, draft.organisation)
        if organisation is None:
            raise NotFound(f"There is no organisation called “{draft.organisation}”.")
        conflict_id = repo.insert_conflict(
            tx,
            {
                "assessor_id": assessor.id,
                "organisation_id": organisation.id,
                "kind": kind,
                "reason": reason,
                "starts_on": starts_on,
                "ends_on": ends_on,
            },
        )
        return next(
            c for c in repo.list_conflicts(tx.connection, assessor.id) if c.id == conflict_id
        )


def list_conflicts(workspace: Workspace, assessor: str | None = None) -> list[DeclaredConflict]:
    with workspace.read() as conn:
        assessor_id = None
        if assessor:
            found = assessor_repo.find_assessor(conn, assessor)
            if found is None:
                raise NotFound(f"There is no assessor called “{assessor}”.")
            assessor_id = found.id
        return repo.list_conflicts(conn, assessor_id)


def reasons_in(
    connection: Any, assessor: Assessor, organisation: OrganisationRef, same_icb_conflict: bool
) -> list[str]:
    """Every reason `assessor` may not score `organisation` today (reads the register)."""
    declared = repo.list_conflicts(connection, assessor.id, organisation.id)
    return conflict_reasons(assessor, organisation, declared, same_icb_conflict, today())


def refuse_if_conflicted(
    connection: Any, assessor: Assessor, organisation: OrganisationRef, same_icb: bool
) -> None:
    """Raise ConflictOfInterest naming every reason, if there is any."""
    reasons = reasons_in(connection, assessor, organisation, same_icb)
    if reasons:
        raise ConflictOfInterest(
            f"{assessor.name} cannot score {organisation.name}: {'; '.join(reasons)}.", reasons
        )


class ConflictOfInterest(Refused):
    """The assessor has a conflict of interest with the organisation."""

    def __init__(self, message: str, reasons: list[str]) -> None:
        super().__init__(message)
        self.reasons = reasons
