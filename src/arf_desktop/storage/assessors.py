"""The assessor register: list, find, add and edit assessors, audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.scoring import Assessor
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx

EDITABLE = ("name", "organisation_id", "icb", "email", "active")


def _assessor_query() -> Any:
    a, o = tables.assessors, tables.organisations
    return select(a, o.c.name.label("organisation")).outerjoin(o, o.c.id == a.c.organisation_id)


def _assessor(row: Any) -> Assessor:
    return Assessor(
        id=row.id,
        name=row.name,
        organisation_id=row.organisation_id,
        organisation=row.organisation,
        icb=row.icb,
        email=row.email,
        active=bool(row.active),
    )


def list_assessors(conn: Connection, include_inactive: bool = True) -> list[Assessor]:
    query = _assessor_query().order_by(tables.assessors.c.name)
    if not include_inactive:
        query = query.where(tables.assessors.c.active.is_(True))
    return [_assessor(row) for row in conn.execute(query)]


def get_assessor(conn: Connection, assessor_id: int) -> Assessor | None:
    row = conn.execute(_assessor_query().where(tables.assessors.c.id == assessor_id)).first()
    return None if row is None else _assessor(row)


def find_assessor(conn: Connection, name: str) -> Assessor | None:
    """The assessor with this name (or e-mail), ignoring case and spacing."""
    wanted = " ".join(name.split()).casefold()
    for assessor in list_assessors(conn):
        if wanted in {
            " ".join(assessor.name.split()).casefold(),
            (assessor.email or "").casefold(),
        }:
            return assessor
    return None


def insert_assessor(tx: WriteTx, values: dict[str, Any]) -> int:
    assessor_id = tx.execute(
        tables.assessors.insert().values(created_at=utc_now(), active=True, **values)
    ).inserted_primary_key[0]
    tx.audit("assessor.add", "assessor", assessor_id, values)
    return assessor_id


def update_assessor(tx: WriteTx, assessor_id: int, changes: dict[str, Any]) -> dict:
    """Apply changes; return {field: [old, new]} for the fields that really changed."""
    row = tx.execute(select(tables.assessors).where(tables.assessors.c.id == assessor_id)).one()
    diff = {
        key: [getattr(row, key), value]
        for key, value in changes.items()
        if key in EDITABLE and getattr(row, key) != value
    }
    if diff:
        tx.execute(
            tables.assessors.update()
            .where(tables.assessors.c.id == assessor_id)
            .values({key: new for key, (_, new) in diff.items()})
        )
        tx.audit("assessor.edit", "assessor", assessor_id, {"changes": diff})
    return diff


def count_assessors(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(tables.assessors)).scalar_one()
