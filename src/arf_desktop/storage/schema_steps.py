"""Upgrade steps of the schema ladder: what each workspace format adds to the one before."""

from __future__ import annotations

from sqlalchemy import Index, MetaData, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateIndex
from sqlalchemy.sql.ddl import CreateColumn

from arf_desktop.storage import tables


def add_missing_tables_and_columns(
    connection: Connection, metadata: MetaData | None = None
) -> None:
    """Format 2: every table and column of this release that a format-1 workspace lacks.

    Additive only: new tables are created with their indexes; a new column on an existing
    table is added with ALTER TABLE, so it must be nullable or carry a server default.
    """
    metadata = metadata if metadata is not None else tables.metadata
    inspector = inspect(connection)
    present = set(inspector.get_table_names())
    for table in metadata.sorted_tables:
        if table.name not in present:
            table.create(connection)
            continue
        have = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            ddl = CreateColumn(column).compile(dialect=connection.dialect)
            connection.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")
        indexes = {index["name"] for index in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexes:
                connection.execute(CreateIndex(index))


def missing_later_indexes(connection: Connection) -> list[Index]:
    """The indexes added to a table after its format was released that the workspace lacks
    (those of a table it lacks altogether included)."""
    found = inspect(connection)
    present: dict[str, set[str]] = {}
    missing = []
    for index in tables.LATER_INDEXES:
        table = index.table.name  # type: ignore[union-attr]
        if table not in present:
            listed = found.get_indexes(table) if found.has_table(table) else []
            present[table] = {str(i["name"]) for i in listed}
        if index.name not in present[table]:
            missing.append(index)
    return missing


def add_later_indexes(connection: Connection) -> bool:
    """Create the later indexes the workspace lacks, each in a savepoint, and go on without
    one the database refuses (a user who may not create it on a shared database, or another
    client creating it at the same moment): an index only makes reads quicker. True when
    one was added."""
    added = False
    for index in missing_later_indexes(connection):
        try:
            with connection.begin_nested():
                connection.execute(CreateIndex(index, if_not_exists=True))
        except DBAPIError:
            continue
        added = True
    return added
