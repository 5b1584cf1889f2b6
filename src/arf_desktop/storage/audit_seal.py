"""Sealing the personal values of audit entries: the hash commits to a salted digest of each.

An entry's hashed details hold `{"pv": n, "h": sha256(salt || value)}` where a personal
value was; the value itself (canonical JSON) and its 16-byte salt live in `audit_values`
under (entry, n). Readers resolve the seals. Erasing deletes the salt and replaces the value
by its redacted form: the entry's hash is unchanged and the old value can no longer be
confirmed by guessing, because the salt is gone.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.framework import canonical_json
from arf_desktop.domain.personal import ErasedText, erase_all, personal_keys, tombstone
from arf_desktop.storage import tables

SALT_BYTES = 16
Values = dict[tuple[int, int], tuple[bytes | None, str, str | None]]


def digest(salt: bytes, value_text: str) -> str:
    return hashlib.sha256(salt + value_text.encode("utf-8")).hexdigest()


def is_seal(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"pv", "h"}


def _has_text(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value)
    if isinstance(value, dict):
        return any(_has_text(k) or _has_text(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_text(v) for v in value)
    return False


def seal(action: str, details: dict[str, Any], seq: int) -> tuple[dict[str, Any], list[dict]]:
    """The details with each personal value replaced by a seal, and the value rows to store."""
    keys, rows = personal_keys(action), []

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if key in keys and _has_text(item) and not is_seal(item):
                    text, salt = canonical_json(item), os.urandom(SALT_BYTES)
                    rows.append({"seq": seq, "n": len(rows) + 1, "salt": salt, "value": text})
                    out[key] = {"pv": len(rows), "h": digest(salt, text)}
                else:
                    out[key] = walk(item)
            return out
        if isinstance(value, list | tuple):
            return [walk(item) for item in value]
        return value

    return walk(details), rows


def seal_actor(actor: str, seq: int) -> tuple[str, dict[str, Any]]:
    """The actor column's text (value 0 of the entry, sealed) and the value row to store."""
    text, salt = canonical_json(actor), os.urandom(SALT_BYTES)
    row = {"seq": seq, "n": 0, "salt": salt, "value": text}
    return canonical_json({"pv": 0, "h": digest(salt, text)}), row


def actor_seal(actor: str) -> dict[str, Any] | None:
    """The seal an actor column holds (None for an actor written before sealing)."""
    if not actor.startswith('{"h":'):
        return None
    try:
        value = json.loads(actor)
    except ValueError:
        return None
    return value if is_seal(value) else None


def resolve_actor(actor: str, seq: int, values: Values) -> str:
    sealed = actor_seal(actor)
    return actor if sealed is None else str(resolve(sealed, seq, values))


def needs_seal(action: str, details: dict[str, Any]) -> bool:
    """Whether an entry still holds a personal value in its hashed details (written unsealed)."""
    keys = personal_keys(action)

    def walk(value: Any) -> bool:
        if isinstance(value, dict):
            return any(
                (key in keys and _has_text(item) and not is_seal(item)) or walk(item)
                for key, item in value.items()
            )
        if isinstance(value, list | tuple):
            return any(walk(item) for item in value)
        return False

    return walk(details)


def seals_in(details: Any) -> list[dict[str, Any]]:
    """Every seal within the (hashed) details of one entry."""
    if is_seal(details):
        return [details]
    if isinstance(details, dict):
        return [s for item in details.values() for s in seals_in(item)]
    if isinstance(details, list):
        return [s for item in details for s in seals_in(item)]
    return []


def load_values(connection: Connection, seqs: Iterable[int] | None = None) -> Values:
    """(entry, n) → (salt, value, erased_at) for the given entries (every entry with None)."""
    av = tables.audit_values
    query = select(av.c.seq, av.c.n, av.c.salt, av.c.value, av.c.erased_at)
    found: Values = {}
    if seqs is None:
        chunks: list[list[int] | None] = [None]
    else:
        wanted = sorted(set(seqs))
        chunks = [wanted[i : i + 500] for i in range(0, len(wanted), 500)]
    for chunk in chunks:
        q = query if chunk is None else query.where(av.c.seq.in_(chunk))
        for row in connection.execute(q):
            found[(row.seq, row.n)] = (row.salt, row.value, row.erased_at)
    return found


def _erased(value: Any) -> Any:
    if isinstance(value, str):
        return ErasedText(value)
    if isinstance(value, dict):
        return {_erased(k): _erased(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_erased(v) for v in value]
    return value


def resolve(details: Any, seq: int, values: Values) -> Any:
    """The details with each seal replaced by its value (erased text marked as such)."""
    if is_seal(details):
        held = values.get((seq, int(details["pv"])))
        if held is None:
            return ErasedText(tombstone("?"))
        _, text, erased_at = held
        value = json.loads(text)
        return _erased(value) if erased_at else value
    if isinstance(details, dict):
        return {key: resolve(item, seq, values) for key, item in details.items()}
    if isinstance(details, list):
        return [resolve(item, seq, values) for item in details]
    return details


def rewrite_values(
    connection: Connection,
    change: Callable[[Any], Any],
    wanted: Callable[[Any], bool],
    keys: set[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """Erase every value `wanted` says to: its salt goes, its value becomes `change(value)`.

    `keys` limits the search to those (entry, n) values.
    """
    av, now = tables.audit_values, utc_now()
    done = []
    held = load_values(connection, None if keys is None else {seq for seq, _ in keys})
    for (seq, n), (_, text, _) in held.items():
        value = json.loads(text)
        if (keys is not None and (seq, n) not in keys) or not wanted(value):
            continue
        connection.execute(
            update(av)
            .where(av.c.seq == seq, av.c.n == n)
            .values(salt=None, value=canonical_json(change(value)), erased_at=now)
        )
        done.append((seq, n))
    return done


def erase_values_before(connection: Connection, cutoff_iso: str) -> int:
    """Tombstone every personal value of entries made before `cutoff_iso`; how many."""
    log, av = tables.audit_log, tables.audit_values
    seqs = connection.execute(
        select(log.c.seq)
        .where(log.c.at < cutoff_iso)
        .where(log.c.seq.in_(select(av.c.seq).where(av.c.erased_at.is_(None))))
    ).scalars()
    held = load_values(connection, list(seqs))
    live = {key for key, (_, _, erased_at) in held.items() if erased_at is None}
    mark = tombstone(utc_now()[:10])
    done = rewrite_values(
        connection, lambda value: erase_all(value, mark), lambda _: True, keys=live
    )
    return len(done)
