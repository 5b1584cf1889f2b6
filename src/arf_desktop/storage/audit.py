"""The append-only, hash-chained audit log: append inside a write, verify the whole chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.framework import canonical_json
from arf_desktop.domain.records import GENESIS, AuditEntry, ChainReport
from arf_desktop.storage import audit_seal, tables

HEAD_KEY = "audit_head"


def entry_hash(
    seq: int, at: str, actor: str, action: str, entity: str, entity_id: str, details: str, prev: str
) -> str:
    payload = canonical_json([seq, at, actor, action, entity, entity_id, details, prev])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def head(connection: Connection) -> tuple[int, str]:
    """The number and hash of the newest entry (0 and the genesis hash before the first)."""
    row = connection.execute(
        select(tables.schema_info.c.value).where(tables.schema_info.c.key == HEAD_KEY)
    ).scalar_one_or_none()
    if row is None:
        return 0, GENESIS
    seq, _, digest = row.partition(":")
    return int(seq), digest


def append(
    connection: Connection,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one entry; call inside the write transaction that makes the change it records."""
    seq, prev = head(connection)
    seq += 1
    at = utc_now()
    sealed, values = audit_seal.seal(action, details or {}, seq)
    details_text = canonical_json(sealed)
    actor_text, actor_value = audit_seal.seal_actor(actor, seq)
    digest = entry_hash(seq, at, actor_text, action, entity, str(entity_id), details_text, prev)
    connection.execute(tables.audit_values.insert(), [actor_value, *values])
    connection.execute(
        tables.audit_log.insert().values(
            seq=seq,
            at=at,
            actor=actor_text,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            details=details_text,
            prev_hash=prev,
            hash=digest,
        )
    )
    store_head(connection, seq, digest)
    return AuditEntry(
        seq, at, actor, action, entity, str(entity_id), details or {}, prev, digest, details_text,
        actor_text,
    )  # fmt: skip


def append_many(connection: Connection, actor: str, records: list[dict[str, Any]]) -> int:
    """Append many entries at once (bulk imports): action, entity, entity_id, details each."""
    seq, prev = head(connection)
    rows, values = [], []
    for record in records:
        seq += 1
        at = utc_now()
        sealed, sealed_values = audit_seal.seal(record["action"], record.get("details") or {}, seq)
        actor_text, actor_value = audit_seal.seal_actor(actor, seq)
        values += [actor_value, *sealed_values]
        details_text = canonical_json(sealed)
        entity_id = str(record["entity_id"])
        digest = entry_hash(
            seq, at, actor_text, record["action"], record["entity"], entity_id, details_text, prev
        )
        rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": actor_text,
                "action": record["action"],
                "entity": record["entity"],
                "entity_id": entity_id,
                "details": details_text,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    if rows:
        connection.execute(tables.audit_log.insert(), rows)
        if values:
            connection.execute(tables.audit_values.insert(), values)
        store_head(connection, seq, prev)
    return len(rows)


def store_head(connection: Connection, seq: int, digest: str) -> None:
    value = f"{seq}:{digest}"
    updated = connection.execute(
        tables.schema_info.update().where(tables.schema_info.c.key == HEAD_KEY).values(value=value)
    )
    if updated.rowcount == 0:
        connection.execute(tables.schema_info.insert().values(key=HEAD_KEY, value=value))


def _entry(row: Any, values: audit_seal.Values) -> AuditEntry:
    return AuditEntry(
        seq=row.seq,
        at=row.at,
        actor=audit_seal.resolve_actor(row.actor, row.seq, values),
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        details=audit_seal.resolve(json.loads(row.details), row.seq, values),
        prev_hash=row.prev_hash,
        hash=row.hash,
        stored_details=row.details,
        stored_actor=row.actor,
    )


def _entries(connection: Connection, rows: list[Any]) -> list[AuditEntry]:
    """Entries as read back: their personal values resolved from `audit_values`."""
    values = audit_seal.load_values(connection, [row.seq for row in rows])
    return [_entry(row, values) for row in rows]


def resolved_details(connection: Connection) -> Iterator[tuple[Any, dict[str, Any]]]:
    """Every entry in order with its details resolved (personal values read back)."""
    values = audit_seal.load_values(connection)
    for row in iter_rows(connection):
        yield row, audit_seal.resolve(json.loads(row.details), row.seq, values)


def iter_rows(connection: Connection, batch: int = 5000) -> Iterator[Any]:
    last = 0
    log = tables.audit_log
    while True:
        rows = connection.execute(
            select(log).where(log.c.seq > last).order_by(log.c.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify(connection: Connection) -> ChainReport:
    """Walk the chain from the first entry; report the first that was changed, removed or moved."""
    expected_seq, prev, count = 1, GENESIS, 0
    for row in iter_rows(connection):
        if row.seq != expected_seq:
            return ChainReport(count, False, expected_seq, f"entry {expected_seq} is missing")
        if row.prev_hash != prev:
            return ChainReport(
                count, False, row.seq, f"entry {row.seq} does not follow entry {row.seq - 1}"
            )
        digest = entry_hash(
            row.seq, row.at, row.actor, row.action, row.entity, row.entity_id, row.details, prev
        )
        if digest != row.hash:
            return ChainReport(count, False, row.seq, f"entry {row.seq} was altered")
        prev, expected_seq, count = digest, expected_seq + 1, count + 1
    head_seq, head_hash = head(connection)
    if head_seq > count:
        return ChainReport(
            count, False, count + 1, f"entry {count + 1} is missing (the log had {head_seq})"
        )
    if head_seq < count:
        return ChainReport(
            count, False, head_seq + 1, f"entry {head_seq + 1} was added outside ARF Desktop"
        )
    if head_hash != prev:
        return ChainReport(count, False, count, f"entry {count} was altered")
    altered = check_values(connection)
    if altered is not None:
        return ChainReport(count, False, altered[0], altered[1])
    return ChainReport(count, True, head=prev)


def check_values(connection: Connection) -> tuple[int, str] | None:
    """The first entry whose personal value no longer matches its seal (erased ones aside)."""
    values = audit_seal.load_values(connection)
    for row in iter_rows(connection):
        seals = audit_seal.seals_in(json.loads(row.details)) if '"pv"' in row.details else []
        sealed_actor = audit_seal.actor_seal(row.actor)
        for sealed in [*seals, *([sealed_actor] if sealed_actor else [])]:
            held = values.get((row.seq, int(sealed["pv"])))
            if held is None:
                return row.seq, f"entry {row.seq}: a personal value is missing"
            salt, text, erased_at = held
            if erased_at is None and (
                salt is None or audit_seal.digest(bytes(salt), text) != sealed["h"]
            ):
                return row.seq, f"entry {row.seq}: a personal value was altered"
    return None


def hash_at(connection: Connection, seq: int) -> str | None:
    """The stored hash of entry `seq` (None when there is no such entry)."""
    log = tables.audit_log
    return connection.execute(select(log.c.hash).where(log.c.seq == seq)).scalar_one_or_none()


def count_entries(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(tables.audit_log)).scalar_one()


def changes_between(connection: Connection, after: int, upto: int) -> list[tuple[str, str, str]]:
    """(action, entity, entity id) of the entries after sequence `after` up to `upto`."""
    log = tables.audit_log
    rows = connection.execute(
        select(log.c.action, log.c.entity, log.c.entity_id)
        .where(log.c.seq > after, log.c.seq <= upto)
        .order_by(log.c.seq)
    )
    return [(row.action, row.entity, row.entity_id) for row in rows]


def entries_for(connection: Connection, entity: str, entity_id: str) -> list[AuditEntry]:
    log = tables.audit_log
    rows = connection.execute(
        select(log).where(log.c.entity == entity, log.c.entity_id == entity_id).order_by(log.c.seq)
    ).all()
    return _entries(connection, rows)


def page(
    connection: Connection, offset: int, limit: int, descending: bool = True
) -> list[AuditEntry]:
    log = tables.audit_log
    order = log.c.seq.desc() if descending else log.c.seq
    rows = connection.execute(select(log).order_by(order).offset(offset).limit(limit)).all()
    return _entries(connection, rows)


def count_actions(
    connection: Connection, entity: str, entity_id: str | int, actions: Iterable[str]
) -> int:
    """How many entries about one thing record one of these actions."""
    log = tables.audit_log
    return connection.execute(
        select(func.count())
        .select_from(log)
        .where(
            log.c.entity == entity,
            log.c.entity_id == str(entity_id),
            log.c.action.in_(tuple(actions)),
        )
    ).scalar_one()


def _mentions_submission(row: Any, submission_id: int) -> bool:
    """A batch allocation entry whose (submission, assessor) pairs include the submission."""
    try:
        pairs = json.loads(row.details).get("pairs", [])
    except (ValueError, AttributeError):
        return False
    return any(isinstance(p, list) and p and p[0] == submission_id for p in pairs)


def submission_trail(
    connection: Connection, submission_id: int, organisation_id: int, allocation_ids: list[int]
) -> list[AuditEntry]:
    """Every entry about a submission, its allocations and scores, and the organisation."""
    log, al = tables.audit_log, tables.allocations
    assessor_ids = (
        connection.execute(select(al.c.assessor_id).where(al.c.id.in_(allocation_ids))).scalars()
        if allocation_ids
        else []
    )
    ids = {str(a) for a in allocation_ids} | {f"{submission_id}:{a}" for a in assessor_ids}
    condition = (
        ((log.c.entity == "submission") & (log.c.entity_id == str(submission_id)))
        | ((log.c.entity == "organisation") & (log.c.entity_id == str(organisation_id)))
        | ((log.c.entity == "allocation") & log.c.entity_id.in_([*sorted(ids), "*"]))
    )
    for allocation_id in allocation_ids:
        condition = condition | (
            (log.c.entity == "score") & log.c.entity_id.like(f"{allocation_id}:%")
        )
    found = []
    for row in connection.execute(select(log).where(condition).order_by(log.c.seq)):
        batch = row.entity == "allocation" and row.entity_id == "*"
        if not batch or _mentions_submission(row, submission_id):
            found.append(row)
    return _entries(connection, found)
