"""Allocations of assessors to submissions: query with progress, add, remove, lock and reopen."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.scoring import ALLOCATED, SUBMITTED
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx


@dataclass(frozen=True)
class AllocationFacts:
    """Everything a service needs to know about one allocation, in one query."""

    id: int
    round_id: int
    round_name: str
    framework_id: int
    same_icb_conflict: bool
    submission_id: int
    organisation_id: int
    organisation: str
    icb: str | None
    assessor_id: int
    assessor: str
    status: str
    allocated_at: str
    submitted_at: str | None
    level_applied: str
    version_id: int
    scored: int


@cache
def _query() -> Any:
    """The allocation facts query, built once: a select is immutable and each use adds a `where`."""
    al, s, o, r, a, v = (
        tables.allocations,
        tables.submissions,
        tables.organisations,
        tables.rounds,
        tables.assessors,
        tables.submission_versions,
    )
    # Correlated subqueries use the indexes on scores and submission_versions, so one
    # allocation costs two index look-ups however large the round is.
    newer = v.alias("newer")
    latest = (
        select(func.max(newer.c.version_no))
        .where(newer.c.submission_id == s.c.id)
        .scalar_subquery()
    )
    scored = (
        select(func.count())
        .select_from(tables.scores)
        .where(tables.scores.c.allocation_id == al.c.id, tables.scores.c.score.is_not(None))
        .scalar_subquery()
    )
    return (
        select(
            al.c.id,
            al.c.status,
            al.c.allocated_at,
            al.c.submitted_at,
            al.c.assessor_id,
            a.c.name.label("assessor"),
            s.c.id.label("submission_id"),
            s.c.round_id,
            r.c.name.label("round_name"),
            r.c.framework_id,
            r.c.same_icb_conflict,
            o.c.id.label("organisation_id"),
            o.c.name.label("organisation"),
            o.c.icb,
            v.c.level_applied,
            v.c.id.label("version_id"),
            scored.label("scored"),
        )
        .join(s, s.c.id == al.c.submission_id)
        .join(r, r.c.id == s.c.round_id)
        .join(o, o.c.id == s.c.organisation_id)
        .join(a, a.c.id == al.c.assessor_id)
        .join(v, (v.c.submission_id == s.c.id) & (v.c.version_no == latest))
    )


def _facts(row: Any) -> AllocationFacts:
    return AllocationFacts(
        id=row.id,
        round_id=row.round_id,
        round_name=row.round_name,
        framework_id=row.framework_id,
        same_icb_conflict=bool(row.same_icb_conflict),
        submission_id=row.submission_id,
        organisation_id=row.organisation_id,
        organisation=row.organisation,
        icb=row.icb,
        assessor_id=row.assessor_id,
        assessor=row.assessor,
        status=row.status,
        allocated_at=row.allocated_at,
        submitted_at=row.submitted_at,
        level_applied=row.level_applied,
        version_id=row.version_id,
        scored=row.scored,
    )


def list_allocations(
    conn: Connection,
    round_id: int | None = None,
    assessor_id: int | None = None,
    submission_id: int | None = None,
    include_withdrawn: bool = False,
) -> list[AllocationFacts]:
    """Allocations, leaving out those of withdrawn submissions unless asked for them."""
    al = tables.allocations
    query = _query().order_by(tables.organisations.c.name, tables.assessors.c.name)
    if not include_withdrawn and submission_id is None:
        query = query.where(tables.submissions.c.withdrawn_at.is_(None))
    if round_id is not None:
        query = query.where(tables.submissions.c.round_id == round_id)
    if assessor_id is not None:
        query = query.where(al.c.assessor_id == assessor_id)
    if submission_id is not None:
        query = query.where(al.c.submission_id == submission_id)
    return [_facts(row) for row in conn.execute(query)]


def get_allocation(conn: Connection, allocation_id: int) -> AllocationFacts | None:
    row = conn.execute(_query().where(tables.allocations.c.id == allocation_id)).first()
    return None if row is None else _facts(row)


def find_allocation(conn: Connection, submission_id: int, assessor_id: int) -> int | None:
    al = tables.allocations
    return conn.execute(
        select(al.c.id).where(al.c.submission_id == submission_id, al.c.assessor_id == assessor_id)
    ).scalar_one_or_none()


def pairs_in_round(conn: Connection, round_id: int) -> list[tuple[int, int]]:
    """(submission id, assessor id) of every allocation in a round."""
    al, s = tables.allocations, tables.submissions
    rows = conn.execute(
        select(al.c.submission_id, al.c.assessor_id)
        .join(s, s.c.id == al.c.submission_id)
        .where(s.c.round_id == round_id)
    ).all()
    return [(row.submission_id, row.assessor_id) for row in rows]


def insert_allocations(tx: WriteTx, pairs: list[tuple[int, int]], details: dict[str, Any]) -> int:
    """Add (submission, assessor) allocations in bulk, with one audit entry for the batch."""
    if not pairs:
        return 0
    now = utc_now()
    tx.execute(
        tables.allocations.insert(),
        [
            {"submission_id": s, "assessor_id": a, "status": ALLOCATED, "allocated_at": now}
            for s, a in pairs
        ],
    )
    tx.audit(
        "allocation.add",
        "allocation",
        "*" if len(pairs) > 1 else f"{pairs[0][0]}:{pairs[0][1]}",
        {**details, "pairs": [[s, a] for s, a in pairs]},
    )
    return len(pairs)


def delete_allocation(tx: WriteTx, allocation_id: int) -> None:
    tx.execute(tables.allocations.delete().where(tables.allocations.c.id == allocation_id))


def set_status(tx: WriteTx, allocation_id: int, status: str) -> None:
    tx.execute(
        tables.allocations.update()
        .where(tables.allocations.c.id == allocation_id)
        .values(status=status, submitted_at=utc_now() if status == SUBMITTED else None)
    )


def submitted_assessors(conn: Connection, round_id: int) -> dict[int, list[str]]:
    """{submission id: names of assessors who submitted}, including any who scored nothing."""
    al, a, s = tables.allocations, tables.assessors, tables.submissions
    found: dict[int, list[str]] = {}
    rows = conn.execute(
        select(al.c.submission_id, a.c.name)
        .join(a, a.c.id == al.c.assessor_id)
        .join(s, s.c.id == al.c.submission_id)
        .where(s.c.round_id == round_id, al.c.status == SUBMITTED)
    )
    for submission_id, name in rows:
        found.setdefault(submission_id, []).append(name)
    return found


def progress_by_submission(conn: Connection) -> dict[int, tuple[int, int]]:
    """{submission id: (assessors allocated, assessors submitted)} for every allocated one."""
    al = tables.allocations
    rows = conn.execute(
        select(
            al.c.submission_id,
            func.count().label("allocated"),
            func.count(al.c.submitted_at).label("submitted"),
        ).group_by(al.c.submission_id)
    )
    return {row.submission_id: (row.allocated, row.submitted) for row in rows}
