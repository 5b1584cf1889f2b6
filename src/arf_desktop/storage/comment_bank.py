"""The comment bank: comments kept per criterion for reuse, added and removed, audited."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx


def bank_for(conn: Connection, criterion_id: str) -> list[tuple[int, str]]:
    cb = tables.comment_bank
    rows = conn.execute(
        select(cb.c.id, cb.c.text).where(cb.c.criterion_id == criterion_id).order_by(cb.c.id)
    ).all()
    return [(row.id, row.text) for row in rows]


def whole_bank(conn: Connection) -> dict[str, list[tuple[int, str]]]:
    """Every banked comment by criterion, oldest first (one query for a whole screen)."""
    cb = tables.comment_bank
    banked: dict[str, list[tuple[int, str]]] = {}
    rows = conn.execute(select(cb.c.criterion_id, cb.c.id, cb.c.text).order_by(cb.c.id))
    for criterion_id, entry_id, text in rows:
        banked.setdefault(criterion_id, []).append((entry_id, text))
    return banked


def bank_has(conn: Connection, criterion_id: str, text: str) -> bool:
    cb = tables.comment_bank
    return (
        conn.execute(
            select(cb.c.id).where(cb.c.criterion_id == criterion_id, cb.c.text == text)
        ).first()
        is not None
    )


def insert_bank(tx: WriteTx, criterion_id: str, text: str) -> int:
    entry_id = tx.execute(
        tables.comment_bank.insert().values(
            criterion_id=criterion_id, text=text, created_at=utc_now(), created_by=tx.actor
        )
    ).inserted_primary_key[0]
    tx.audit(
        "comment_bank.add", "comment_bank", entry_id, {"criterion": criterion_id, "text": text}
    )
    return entry_id


def delete_bank(tx: WriteTx, entry_id: int) -> None:
    cb = tables.comment_bank
    text = tx.execute(select(cb.c.text).where(cb.c.id == entry_id)).scalar_one_or_none()
    if text is not None:
        tx.execute(cb.delete().where(cb.c.id == entry_id))
        tx.audit("comment_bank.remove", "comment_bank", entry_id, {"text": text})
