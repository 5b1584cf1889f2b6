"""Erasing personal values from the audit log without breaking its chain, and resealing.

Entries written before personal values were sealed hold them in their hashed details.
Before anything is erased, `reseal_legacy` seals those entries and recomputes the chain
from the first of them; the hashes the entries had before are kept in `audit_resealed`,
and one `audit.reseal` entry records the old head and a digest of that list, so an anchor
made before the reseal (a letter, a backup) is still checked against the hash it named.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from arf_desktop.domain.framework import canonical_json
from arf_desktop.storage import audit, audit_seal, tables
from arf_desktop.storage.person_match import mentions, redact

RESEAL_ACTION = "audit.reseal"


def is_legacy(row: Any) -> bool:
    """Whether an entry still holds its actor or a personal value unsealed."""
    return audit_seal.actor_seal(row.actor) is None or audit_seal.needs_seal(
        row.action, json.loads(row.details)
    )


def legacy_entries(connection: Connection) -> int:
    """How many entries still hold personal values unsealed in their hashed details."""
    return sum(1 for row in audit.iter_rows(connection) if is_legacy(row))


def _old_hashes_digest(pairs: list[list]) -> str:
    return hashlib.sha256(canonical_json(pairs).encode("utf-8")).hexdigest()


def reseal_legacy(connection: Connection, actor: str) -> int:
    """Seal every entry written unsealed and rechain from the first; how many were resealed."""
    rows = list(audit.iter_rows(connection))
    first = next((i for i, row in enumerate(rows) if is_legacy(row)), None)
    if first is None:
        return 0
    old_seq, old_head = audit.head(connection)
    reseal_seq, prev, changed, sealed_count = old_seq + 1, rows[first].prev_hash, [], 0
    log = tables.audit_log
    for row in rows[first:]:
        text, actor = row.details, row.actor
        if is_legacy(row):
            sealed, values = audit_seal.seal(row.action, json.loads(text), row.seq)
            if audit_seal.actor_seal(actor) is None:
                actor, actor_value = audit_seal.seal_actor(actor, row.seq)
                values.append(actor_value)
            connection.execute(tables.audit_values.insert(), values)
            text, sealed_count = canonical_json(sealed), sealed_count + 1
        digest = audit.entry_hash(
            row.seq, row.at, actor, row.action, row.entity, row.entity_id, text, prev
        )
        if digest != row.hash:
            connection.execute(
                update(log)
                .where(log.c.seq == row.seq)
                .values(actor=actor, details=text, prev_hash=prev, hash=digest)
            )
            changed.append([row.seq, row.hash])
        prev = digest
    audit.store_head(connection, rows[-1].seq, prev)
    if changed:
        connection.execute(
            tables.audit_resealed.insert(),
            [{"seq": s, "old_hash": h, "reseal_seq": reseal_seq} for s, h in changed],
        )
    audit.append(
        connection,
        actor,
        RESEAL_ACTION,
        "audit",
        reseal_seq,
        {
            "old_head": [old_seq, old_head],
            "sealed": sealed_count,
            "rehashed": len(changed),
            "old_hashes_sha256": _old_hashes_digest(changed),
        },
    )
    return sealed_count


def earlier_hash(connection: Connection, seq: int, digest: str) -> int | None:
    """The reseal entry under which entry `seq` had hash `digest`, when its record holds."""
    rs, log = tables.audit_resealed, tables.audit_log
    reseals = connection.execute(
        select(rs.c.reseal_seq).where(rs.c.seq == seq, rs.c.old_hash == digest)
    ).scalars()
    for reseal_seq in reseals:
        pairs = [
            [r.seq, r.old_hash]
            for r in connection.execute(
                select(rs.c.seq, rs.c.old_hash)
                .where(rs.c.reseal_seq == reseal_seq)
                .order_by(rs.c.seq)
            )
        ]
        recorded = connection.execute(
            select(log.c.details).where(log.c.seq == reseal_seq, log.c.action == RESEAL_ACTION)
        ).scalar_one_or_none()
        if recorded and json.loads(recorded).get("old_hashes_sha256") == _old_hashes_digest(pairs):
            return reseal_seq
    return None


def erase_mentions(
    connection: Connection, actor: str, pattern: re.Pattern[str], mark: str
) -> list[tuple[int, int]]:
    """Redact every audit value naming the person (resealing old entries first)."""
    reseal_legacy(connection, actor)
    return audit_seal.rewrite_values(
        connection,
        lambda value: redact(value, pattern, mark),
        lambda value: mentions(value, pattern),
    )


def erase_audit_values_before(
    connection: Connection, cutoff_iso: str, actor: str = "retention"
) -> int:
    """Tombstone the personal values of every entry made before `cutoff_iso`; how many.

    Entries written before values were sealed are resealed first (one audited entry), so
    their values can be erased too. Call inside the write transaction that records why.
    """
    reseal_legacy(connection, actor)
    return audit_seal.erase_values_before(connection, cutoff_iso)
