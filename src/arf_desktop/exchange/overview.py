"""What the Exchange screen shows: returns merged, packs received."""

from __future__ import annotations

from dataclasses import dataclass

from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import exchange as repo
from arf_desktop.storage.workspace import Workspace


@dataclass(frozen=True)
class MergedReturn:
    """One return merged into this workspace."""

    file: str
    assessor: str
    created: str
    merged_at: str
    merged_by: str
    records: int
    new: int
    updated: int
    unchanged: int
    older: int
    clashes: int


@dataclass(frozen=True)
class PackReceived:
    """A work pack this workspace was built from (the assessor's side)."""

    assessor: str
    pack_created: str
    coordinator_workspace: str


def merged_returns(workspace: Workspace, round_name: str) -> list[MergedReturn]:
    chosen = require_round(workspace, round_name)
    with workspace.read() as conn:
        names = {a.id: a.name for a in assessor_repo.list_assessors(conn)}
        rows = repo.list_merges(conn, chosen.id)
    return [
        MergedReturn(
            r.file_name, names.get(r.assessor_id, "?"), r.created, r.merged_at, r.merged_by,
            r.records, r.counts.get("new", 0), r.counts.get("updated", 0),
            r.counts.get("unchanged", 0), r.counts.get("older", 0), r.counts.get("clashes", 0),
        )
        for r in rows
    ]  # fmt: skip


def packs_received(workspace: Workspace, round_name: str) -> list[PackReceived]:
    chosen = require_round(workspace, round_name)
    with workspace.read() as conn:
        names = {a.id: a.name for a in assessor_repo.list_assessors(conn)}
        origins = repo.origins_for_round(conn, chosen.id)
    return [
        PackReceived(names.get(o.assessor_id, "?"), o.pack_created, o.coordinator_workspace)
        for o in origins
    ]
