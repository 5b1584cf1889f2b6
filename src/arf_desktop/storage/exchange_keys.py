"""Return keys: the per-assessor secret issued with each work pack, and its revocation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx


@dataclass(frozen=True)
class ReturnKey:
    """One issued key: whose, for which round, the secret (hex) and whether it was revoked."""

    key_id: str
    round_id: int
    assessor_id: int
    secret: str
    issued_at: str
    revoked_at: str | None
    revoke_reason: str | None

    @property
    def live(self) -> bool:
        return self.revoked_at is None


def _key(row: Any) -> ReturnKey:
    return ReturnKey(
        row.key_id, row.round_id, row.assessor_id, row.secret, row.issued_at,
        row.revoked_at, row.revoke_reason,
    )  # fmt: skip


def insert_key(tx: WriteTx, key_id: str, round_id: int, assessor_id: int, secret: str) -> None:
    tx.execute(
        tables.exchange_keys.insert().values(
            key_id=key_id,
            round_id=round_id,
            assessor_id=assessor_id,
            secret=secret,
            issued_at=utc_now(),
            issued_by=tx.actor,
        )
    )


def find_key(conn: Connection, key_id: str) -> ReturnKey | None:
    ek = tables.exchange_keys
    row = conn.execute(select(ek).where(ek.c.key_id == key_id)).first()
    return None if row is None else _key(row)


def keys_of(conn: Connection, assessor_id: int, round_id: int | None = None) -> list[ReturnKey]:
    ek = tables.exchange_keys
    query = select(ek).where(ek.c.assessor_id == assessor_id).order_by(ek.c.id)
    if round_id is not None:
        query = query.where(ek.c.round_id == round_id)
    return [_key(row) for row in conn.execute(query)]


def revoke(tx: WriteTx, key_ids: list[str], reason: str) -> None:
    ek = tables.exchange_keys
    if key_ids:
        tx.execute(
            ek.update()
            .where(ek.c.key_id.in_(key_ids), ek.c.revoked_at.is_(None))
            .values(revoked_at=utc_now(), revoked_by=tx.actor, revoke_reason=reason)
        )
