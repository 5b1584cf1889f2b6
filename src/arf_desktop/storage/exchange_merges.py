"""Merged score returns, the merge base of every score, and the queue of score conflicts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx

OPEN = "open"
RESOLVED = "resolved"
SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Base:
    """What was last merged for one score or status: the two sides' revisions and the value."""

    allocation_id: int
    item: str
    remote_revision: int
    local_revision: int
    content: str


@dataclass(frozen=True)
class ConflictRow:
    """Two or more values for one score (or submit state) waiting for a moderator."""

    id: int
    allocation_id: int
    item: str
    revision: int
    kind: str
    candidates: tuple[dict[str, Any], ...]
    status: str
    opened_at: str
    resolved_at: str | None
    resolved_by: str | None
    chosen: dict[str, Any] | None
    note: str


@dataclass(frozen=True)
class MergeRow:
    id: int
    return_id: str
    file_name: str
    assessor_id: int
    round_id: int
    created: str
    records: int
    counts: dict[str, int]
    audit_head_seq: int
    audit_head_hash: str
    merged_at: str
    merged_by: str


def _merge(row: Any) -> MergeRow:
    return MergeRow(
        row.id, row.return_id, row.file_name, row.assessor_id, row.round_id, row.created,
        row.records, json.loads(row.counts), row.audit_head_seq, row.audit_head_hash,
        row.merged_at, row.merged_by,
    )  # fmt: skip


def find_merge(conn: Connection, return_id: str) -> MergeRow | None:
    em = tables.exchange_merges
    row = conn.execute(select(em).where(em.c.return_id == return_id)).first()
    return None if row is None else _merge(row)


def list_merges(conn: Connection, round_id: int | None = None) -> list[MergeRow]:
    em = tables.exchange_merges
    query = select(em).order_by(em.c.id.desc())
    if round_id is not None:
        query = query.where(em.c.round_id == round_id)
    return [_merge(row) for row in conn.execute(query)]


def insert_merge(tx: WriteTx, values: dict[str, Any]) -> int:
    return tx.execute(
        tables.exchange_merges.insert().values(**values, merged_at=utc_now(), merged_by=tx.actor)
    ).inserted_primary_key[0]


def set_merge_counts(tx: WriteTx, merge_id: int, counts: dict[str, int]) -> None:
    em = tables.exchange_merges
    tx.execute(em.update().where(em.c.id == merge_id).values(counts=json.dumps(counts)))


# -- merge bases -----------------------------------------------------------------------


def bases_for(conn: Connection, allocation_ids: Iterable[int]) -> dict[tuple[int, str], Base]:
    eb = tables.exchange_bases
    wanted = sorted(set(allocation_ids))
    found: dict[tuple[int, str], Base] = {}
    for start in range(0, len(wanted), 500):
        rows = conn.execute(select(eb).where(eb.c.allocation_id.in_(wanted[start : start + 500])))
        for r in rows:
            found[(r.allocation_id, r.item)] = Base(
                r.allocation_id, r.item, r.remote_revision, r.local_revision, r.content
            )
    return found


def put_base(tx: WriteTx, base: Base, merge_id: int | None) -> None:
    eb = tables.exchange_bases
    values = {
        "remote_revision": base.remote_revision,
        "local_revision": base.local_revision,
        "content": base.content,
        "merge_id": merge_id,
    }
    updated = tx.execute(
        eb.update()
        .where(eb.c.allocation_id == base.allocation_id, eb.c.item == base.item)
        .values(**values)
    )
    if updated.rowcount == 0:
        tx.execute(eb.insert().values(allocation_id=base.allocation_id, item=base.item, **values))


# -- the conflict queue -------------------------------------------------------------------


def _conflict(row: Any) -> ConflictRow:
    return ConflictRow(
        row.id, row.allocation_id, row.item, row.revision, row.kind,
        tuple(json.loads(row.candidates)), row.status, row.opened_at, row.resolved_at,
        row.resolved_by, json.loads(row.chosen) if row.chosen else None, row.note,
    )  # fmt: skip


def conflicts_for(
    conn: Connection, allocation_ids: Iterable[int]
) -> dict[tuple[int, str], list[ConflictRow]]:
    """Every conflict (open or closed) of these allocations, oldest first, by key."""
    sc = tables.score_conflicts
    wanted = sorted(set(allocation_ids))
    found: dict[tuple[int, str], list[ConflictRow]] = {}
    for start in range(0, len(wanted), 500):
        rows = conn.execute(
            select(sc).where(sc.c.allocation_id.in_(wanted[start : start + 500])).order_by(sc.c.id)
        )
        for row in rows:
            found.setdefault((row.allocation_id, row.item), []).append(_conflict(row))
    return found


def get_conflict(conn: Connection, conflict_id: int) -> ConflictRow | None:
    sc = tables.score_conflicts
    row = conn.execute(select(sc).where(sc.c.id == conflict_id)).first()
    return None if row is None else _conflict(row)


def insert_conflict(tx: WriteTx, values: dict[str, Any]) -> int:
    return tx.execute(
        tables.score_conflicts.insert().values(
            **{**values, "candidates": json.dumps(values["candidates"], ensure_ascii=False)},
            status=OPEN,
            opened_at=utc_now(),
        )
    ).inserted_primary_key[0]


def update_conflict(tx: WriteTx, conflict_id: int, values: dict[str, Any]) -> None:
    sc = tables.score_conflicts
    stored = dict(values)
    for key in ("candidates", "chosen"):
        if key in stored and stored[key] is not None:
            stored[key] = json.dumps(stored[key], ensure_ascii=False)
    tx.execute(sc.update().where(sc.c.id == conflict_id).values(**stored))


def list_conflicts(
    conn: Connection, round_id: int | None = None, status: str | None = OPEN
) -> list[tuple[ConflictRow, Any]]:
    """Conflicts with who and what they concern: (conflict, row of assessor/organisation/round)."""
    sc, al, s, o, a, r = (
        tables.score_conflicts,
        tables.allocations,
        tables.submissions,
        tables.organisations,
        tables.assessors,
        tables.rounds,
    )
    query = (
        select(
            sc,
            a.c.name.label("assessor"),
            o.c.name.label("organisation"),
            r.c.name.label("round_name"),
            r.c.id.label("round_id"),
        )
        .join(al, al.c.id == sc.c.allocation_id)
        .join(s, s.c.id == al.c.submission_id)
        .join(o, o.c.id == s.c.organisation_id)
        .join(a, a.c.id == al.c.assessor_id)
        .join(r, r.c.id == s.c.round_id)
        .order_by(o.c.name, a.c.name, sc.c.item, sc.c.id)
    )
    if round_id is not None:
        query = query.where(s.c.round_id == round_id)
    if status is not None:
        query = query.where(sc.c.status == status)
    return [(_conflict(row), row) for row in conn.execute(query)]


def count_open(conn: Connection, round_id: int | None = None) -> int:
    sc, al, s = tables.score_conflicts, tables.allocations, tables.submissions
    query = select(func.count()).select_from(sc).where(sc.c.status == OPEN)
    if round_id is not None:
        query = (
            query.join(al, al.c.id == sc.c.allocation_id)
            .join(s, s.c.id == al.c.submission_id)
            .where(s.c.round_id == round_id)
        )
    return conn.execute(query).scalar_one()


# -- allocations already sent in a work pack ----------------------------------------------


def sent_allocations(conn: Connection, allocation_ids: Iterable[int]) -> set[int]:
    es = tables.exchange_sent
    wanted = sorted(set(allocation_ids))
    found: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found |= set(
            conn.execute(select(es.c.allocation_id).where(es.c.allocation_id.in_(chunk))).scalars()
        )
    return found


def mark_sent(tx: WriteTx, allocation_ids: Iterable[int], pack_id: str) -> None:
    rows = [{"allocation_id": i, "pack_id": pack_id, "sent_at": utc_now()} for i in allocation_ids]
    if rows:
        tx.execute(tables.exchange_sent.insert(), rows)
