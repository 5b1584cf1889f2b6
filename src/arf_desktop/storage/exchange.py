"""The offline exchange's own records: pack origins, id mappings, merges, merge bases, edit clashes.

An edit clash is two or more values for one score (or submit state) that a merge could not
settle by revision; it waits in the `score_conflicts` table for a moderator. (A conflict of
interest is something else: see storage/interests.py.)
"""

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
_STORED_COUNT_NAMES = {"clashes": "conflicts"}  # as existing workspaces store a merge's counts


@dataclass(frozen=True)
class Origin:
    """The coordinator's workspace, round and assessor a local round and assessor came from."""

    id: int
    coordinator_workspace: str
    remote_round_id: int
    remote_assessor_id: int
    round_id: int
    assessor_id: int
    pack_id: str
    pack_sequence: int
    pack_created: str
    return_key: str | None = None  # hex secret from the pack (None: a pack without one)


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


@dataclass(frozen=True)
class Base:
    """What was last merged for one score or status: the two sides' revisions and the value."""

    allocation_id: int
    item: str
    remote_revision: int
    local_revision: int
    content: str


@dataclass(frozen=True)
class EditClash:
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
class ClashListing:
    """An edit clash with whose score it is: assessor, organisation and round."""

    clash: EditClash
    assessor: str
    organisation: str
    round_id: int
    round_name: str


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        yield wanted[start : start + 500]


# -- origins and id mappings (the assessor's side) ----------------------------------------


def _origin(row: Any) -> Origin:
    return Origin(
        row.id, row.coordinator_workspace, row.remote_round_id, row.remote_assessor_id,
        row.round_id, row.assessor_id, row.pack_id, row.pack_sequence, row.pack_created,
        row.return_key,
    )  # fmt: skip


def find_origin(
    conn: Connection, coordinator: str, remote_round_id: int, remote_assessor_id: int
) -> Origin | None:
    eo = tables.exchange_origins
    row = conn.execute(
        select(eo).where(
            eo.c.coordinator_workspace == coordinator,
            eo.c.remote_round_id == remote_round_id,
            eo.c.remote_assessor_id == remote_assessor_id,
        )
    ).first()
    return None if row is None else _origin(row)


def origins_for_round(conn: Connection, round_id: int) -> list[Origin]:
    eo = tables.exchange_origins
    rows = conn.execute(select(eo).where(eo.c.round_id == round_id).order_by(eo.c.id)).all()
    return [_origin(row) for row in rows]


def save_origin(tx: WriteTx, values: dict[str, Any]) -> None:
    eo = tables.exchange_origins
    stamp = {"imported_at": utc_now(), "imported_by": tx.actor}
    found = find_origin(
        tx.connection,
        values["coordinator_workspace"],
        values["remote_round_id"],
        values["remote_assessor_id"],
    )
    if found is None:
        tx.execute(eo.insert().values(**values, **stamp))
    else:
        tx.execute(eo.update().where(eo.c.id == found.id).values(**values, **stamp))


def mapping(conn: Connection, coordinator: str, kind: str) -> dict[int, tuple[int, int]]:
    """Remote id → (local id, revision offset) for one kind of record."""
    ei = tables.exchange_ids
    rows = conn.execute(
        select(ei.c.remote_id, ei.c.local_id, ei.c.revision_offset).where(
            ei.c.coordinator_workspace == coordinator, ei.c.kind == kind
        )
    ).all()
    return {row.remote_id: (row.local_id, row.revision_offset) for row in rows}


def put_mapping(
    tx: WriteTx, coordinator: str, kind: str, remote_id: int, local_id: int, offset: int = 0
) -> None:
    ei = tables.exchange_ids
    where = (ei.c.coordinator_workspace == coordinator) & (ei.c.kind == kind)
    where = where & (ei.c.remote_id == remote_id)
    updated = tx.execute(ei.update().where(where).values(local_id=local_id, revision_offset=offset))
    if updated.rowcount == 0:
        tx.execute(
            ei.insert().values(
                coordinator_workspace=coordinator,
                kind=kind,
                remote_id=remote_id,
                local_id=local_id,
                revision_offset=offset,
            )
        )


def drop_mapping(tx: WriteTx, coordinator: str, kind: str, remote_id: int) -> None:
    ei = tables.exchange_ids
    tx.execute(
        ei.delete().where(
            ei.c.coordinator_workspace == coordinator,
            ei.c.kind == kind,
            ei.c.remote_id == remote_id,
        )
    )


# -- merged returns ---------------------------------------------------------------------


def counts_as_stored(counts: dict[str, int]) -> dict[str, int]:
    """A merge's counts under the names existing workspaces (and their audit logs) use."""
    return {_STORED_COUNT_NAMES.get(name, name): n for name, n in counts.items()}


def _merge(row: Any) -> MergeRow:
    stored_names = {v: k for k, v in _STORED_COUNT_NAMES.items()}
    counts = {stored_names.get(k, k): n for k, n in json.loads(row.counts).items()}
    return MergeRow(
        row.id, row.return_id, row.file_name, row.assessor_id, row.round_id, row.created,
        row.records, counts, row.audit_head_seq, row.audit_head_hash, row.merged_at,
        row.merged_by,
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
    stored = json.dumps(counts_as_stored(counts))
    tx.execute(em.update().where(em.c.id == merge_id).values(counts=stored))


# -- merge bases ------------------------------------------------------------------------


def bases_for(conn: Connection, allocation_ids: Iterable[int]) -> dict[tuple[int, str], Base]:
    eb = tables.exchange_bases
    found: dict[tuple[int, str], Base] = {}
    for chunk in _chunks(allocation_ids):
        for r in conn.execute(select(eb).where(eb.c.allocation_id.in_(chunk))):
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


# -- edit clashes -----------------------------------------------------------------------


def _clash(row: Any) -> EditClash:
    return EditClash(
        row.id, row.allocation_id, row.item, row.revision, row.kind,
        tuple(json.loads(row.candidates)), row.status, row.opened_at, row.resolved_at,
        row.resolved_by, json.loads(row.chosen) if row.chosen else None, row.note,
    )  # fmt: skip


def clashes_for(
    conn: Connection, allocation_ids: Iterable[int]
) -> dict[tuple[int, str], list[EditClash]]:
    """Every edit clash (open or closed) of these allocations, oldest first, by key."""
    sc = tables.score_conflicts
    found: dict[tuple[int, str], list[EditClash]] = {}
    for chunk in _chunks(allocation_ids):
        rows = conn.execute(select(sc).where(sc.c.allocation_id.in_(chunk)).order_by(sc.c.id))
        for row in rows:
            found.setdefault((row.allocation_id, row.item), []).append(_clash(row))
    return found


def get_clash(conn: Connection, clash_id: int) -> EditClash | None:
    sc = tables.score_conflicts
    row = conn.execute(select(sc).where(sc.c.id == clash_id)).first()
    return None if row is None else _clash(row)


def insert_clash(tx: WriteTx, values: dict[str, Any]) -> int:
    return tx.execute(
        tables.score_conflicts.insert().values(
            **{**values, "candidates": json.dumps(values["candidates"], ensure_ascii=False)},
            status=OPEN,
            opened_at=utc_now(),
        )
    ).inserted_primary_key[0]


def update_clash(tx: WriteTx, clash_id: int, values: dict[str, Any]) -> None:
    sc = tables.score_conflicts
    stored = dict(values)
    for key in ("candidates", "chosen"):
        if key in stored and stored[key] is not None:
            stored[key] = json.dumps(stored[key], ensure_ascii=False)
    tx.execute(sc.update().where(sc.c.id == clash_id).values(**stored))


def list_clashes(
    conn: Connection, round_id: int | None = None, status: str | None = OPEN
) -> list[ClashListing]:
    """Edit clashes with whose score each is, by organisation, assessor and item."""
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
    return [
        ClashListing(_clash(row), row.assessor, row.organisation, row.round_id, row.round_name)
        for row in conn.execute(query)
    ]


def count_open_clashes(conn: Connection, round_id: int | None = None) -> int:
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
    found: set[int] = set()
    for chunk in _chunks(allocation_ids):
        query = select(es.c.allocation_id).where(es.c.allocation_id.in_(chunk))
        found |= set(conn.execute(query).scalars())
    return found


def mark_sent(tx: WriteTx, allocation_ids: Iterable[int], pack_id: str) -> None:
    rows = [{"allocation_id": i, "pack_id": pack_id, "sent_at": utc_now()} for i in allocation_ids]
    if rows:
        tx.execute(tables.exchange_sent.insert(), rows)
