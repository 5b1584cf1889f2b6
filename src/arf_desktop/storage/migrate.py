"""Copying a whole workspace to another database (SQLite to PostgreSQL), audit chain included."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.exc import ArgumentError, DBAPIError

from arf_desktop.domain.errors import Refused
from arf_desktop.storage import audit, failures, tables
from arf_desktop.storage.workspace import Workspace

BATCH = 2000
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class MigrationReport:
    rows: dict[str, int]
    audit_entries: int
    audit_head: str


def _target_is_empty(target: Workspace) -> bool:
    with target.engine.connect() as conn:
        return not set(conn.dialect.get_table_names(conn))


def copy_workspace(
    source: Workspace, target_location: str, progress: Progress | None = None
) -> MigrationReport:
    """Copy every table in dependency order into an empty database, then verify the copy."""
    try:
        target = Workspace(*_server_engine(target_location))
        empty = _target_is_empty(target)
    except (DBAPIError, ArgumentError) as error:  # the driver's text may hold the password
        raise failures.as_user_facing(error, target_location) from None
    try:
        if not empty:
            raise Refused(
                f"{target.display_name} already holds tables. Migrate into an empty database."
            )
        copied: dict[str, int] = {}
        with source.read() as src, target.write("migration") as tx:
            tables.metadata.create_all(tx.connection)
            for table in tables.metadata.sorted_tables:
                count = 0
                rows = src.execute(select(table)).mappings()
                while chunk := rows.fetchmany(BATCH):
                    tx.execute(table.insert(), [dict(row) for row in chunk])
                    count += len(chunk)
                copied[table.name] = count
                if progress:
                    progress(table.name, count)
            _reset_sequences(tx.connection)
        return verify_copy(source, target, copied)
    finally:
        target.engine.dispose()


def _server_engine(location: str) -> tuple:
    from arf_desktop.storage.engine import url_engine

    engine = url_engine(location)
    return engine, location, None


def _reset_sequences(connection) -> None:
    """After explicit ids were copied, move each serial sequence past the largest id."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables.metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def verify_copy(source: Workspace, target: Workspace, copied: dict[str, int]) -> MigrationReport:
    """Row counts match table by table and the audit chain verifies to the same head."""
    with source.read() as src, target.read() as dst:
        for table in tables.metadata.sorted_tables:
            theirs = dst.execute(select(func.count()).select_from(table)).scalar_one()
            ours = src.execute(select(func.count()).select_from(table)).scalar_one()
            if theirs != ours or copied[table.name] != ours:
                raise Refused(f"Table {table.name}: {ours} rows in the source, {theirs} copied.")
        before, after = audit.verify(src), audit.verify(dst)
    if not after.ok or after.head != before.head:
        raise Refused(f"The copied audit log does not verify: {after.reason or 'head differs'}.")
    return MigrationReport(copied, after.entries, after.head)
