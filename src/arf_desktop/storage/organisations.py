"""The organisation register: list, find, add, edit and deactivate organisations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.records import Organisation
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx

EDITABLE = ("name", "icb", "org_type", "code", "contact_name", "contact_email", "active")


def _record(row: Any) -> Organisation:
    return Organisation(
        id=row.id,
        name=row.name,
        icb=row.icb,
        org_type=row.org_type,
        code=row.code,
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        active=bool(row.active),
    )


def list_organisations(conn: Connection, include_inactive: bool = True) -> list[Organisation]:
    query = select(tables.organisations).order_by(tables.organisations.c.name)
    if not include_inactive:
        query = query.where(tables.organisations.c.active.is_(True))
    return [_record(row) for row in conn.execute(query)]


def get_organisation(conn: Connection, organisation_id: int) -> Organisation:
    row = conn.execute(
        select(tables.organisations).where(tables.organisations.c.id == organisation_id)
    ).one()
    return _record(row)


def find_organisation(conn: Connection, name: str) -> Organisation | None:
    """The organisation with this name or code, ignoring case and surrounding spaces."""
    wanted = " ".join(name.split()).casefold()
    table = tables.organisations
    row = conn.execute(
        select(table).where(
            (func.lower(table.c.name) == wanted) | (func.lower(table.c.code) == wanted)
        )
    ).first()
    if row is not None:
        return _record(row)
    for organisation in list_organisations(conn):
        if " ".join(organisation.name.split()).casefold() == wanted:
            return organisation
    return None


def insert_organisation(tx: WriteTx, values: dict[str, Any]) -> int:
    organisation_id = tx.execute(
        tables.organisations.insert().values(created_at=utc_now(), active=True, **values)
    ).inserted_primary_key[0]
    tx.audit("organisation.add", "organisation", organisation_id, values)
    return organisation_id


def insert_many(tx: WriteTx, rows: list[dict[str, Any]]) -> int:
    """Bulk insert (seeding); one audit entry records the whole list."""
    now = utc_now()
    if rows:
        tx.execute(
            tables.organisations.insert(), [dict(created_at=now, active=True, **r) for r in rows]
        )
        tx.audit("organisation.seed", "organisation", "*", {"names": [r["name"] for r in rows]})
    return len(rows)


def update_organisation(tx: WriteTx, organisation_id: int, changes: dict[str, Any]) -> dict:
    """Apply changes; return {field: [old, new]} for the fields that really changed."""
    before = get_organisation(tx.connection, organisation_id)
    diff = {
        key: [getattr(before, key), value]
        for key, value in changes.items()
        if key in EDITABLE and getattr(before, key) != value
    }
    if diff:
        tx.execute(
            tables.organisations.update()
            .where(tables.organisations.c.id == organisation_id)
            .values({key: new for key, (_, new) in diff.items()})
        )
        tx.audit("organisation.edit", "organisation", organisation_id, {"changes": diff})
    return diff
