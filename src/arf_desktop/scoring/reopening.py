"""Reopening one assessor's submitted scores named by round, assessor and organisation."""

from __future__ import annotations

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.scoring import AllocationRow
from arf_desktop.scoring.allocation import list_allocations
from arf_desktop.scoring.scores import reopen
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.workspace import Workspace


def reopen_scoring(
    workspace: Workspace, actor: str, round_name: str, assessor: str, organisation: str, reason: str
) -> AllocationRow:
    """Unlock an assessor's submitted scores for one organisation; refused once decided."""
    rows = list_allocations(workspace, round_name, assessor)
    wanted = " ".join(organisation.split()).casefold()
    chosen = next((r for r in rows if r.organisation.casefold() == wanted), None)
    if chosen is None:
        names = ", ".join(r.organisation for r in rows) or "none"
        raise NotFound(
            f"{assessor} is not allocated to “{organisation}” in {round_name} (allocated: {names})."
        )
    with workspace.read() as conn:
        decided = submission_repo.work_done(conn, chosen.submission_id).decided
    if decided:
        raise Refused(
            f"The outcome for {chosen.organisation} has been decided: reopen the decision first "
            f'(`reopen decision --round "{chosen.round_name}" --organisation '
            f'"{chosen.organisation}" --reason TEXT`).'
        )
    return reopen(workspace, actor, chosen.id, reason)
