"""Upgrade steps of the schema ladder: what each workspace format adds to the one before."""

from __future__ import annotations

from sqlalchemy import MetaData, inspect
from sqlalchemy.engine import Connection
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
