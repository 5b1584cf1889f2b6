"""The conflict-of-interest register: what each assessor declared, listed and added, audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.scoring import DeclaredConflict
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx


def _conflict_query() -> Any:
    c, a, o = tables.conflicts, tables.assessors, tables.organisations
    return (
        select(c, a.c.name.label("assessor"), o.c.name.label("organisation"))
        .join(a, a.c.id == c.c.assessor_id)
        .join(o, o.c.id == c.c.organisation_id)
    )


def _conflict(row: Any) -> DeclaredConflict:
    return DeclaredConflict(
        id=row.id,
        assessor_id=row.assessor_id,
        assessor=row.assessor,
        organisation_id=row.organisation_id,
        organisation=row.organisation,
        kind=row.kind,
        reason=row.reason,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
    )


def list_conflicts(
    conn: Connection, assessor_id: int | None = None, organisation_id: int | None = None
) -> list[DeclaredConflict]:
    c = tables.conflicts
    query = _conflict_query().order_by(tables.assessors.c.name, tables.organisations.c.name, c.c.id)
    if assessor_id is not None:
        query = query.where(c.c.assessor_id == assessor_id)
    if organisation_id is not None:
        query = query.where(c.c.organisation_id == organisation_id)
    return [_conflict(row) for row in conn.execute(query)]


def insert_conflict(tx: WriteTx, values: dict[str, Any]) -> int:
    conflict_id = tx.execute(
        tables.conflicts.insert().values(created_at=utc_now(), **values)
    ).inserted_primary_key[0]
    tx.audit("conflict.add", "conflict", conflict_id, values)
    return conflict_id
