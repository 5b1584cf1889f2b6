"""The format-2 step brings a format-1 workspace up to this release's tables and columns."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, create_engine, inspect

from arf_desktop.storage import schema, schema_steps, tables
from arf_desktop.storage.workspace import Workspace


def test_adds_missing_tables_columns_and_indexes(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    old = MetaData()
    Table("things", old, Column("id", Integer, primary_key=True), Column("name", Text))
    old.create_all(engine)
    new = MetaData()
    Table(
        "things",
        new,
        Column("id", Integer, primary_key=True),
        Column("name", Text),
        Column("status", String(20), nullable=False, server_default="open"),
        Column("note", Text, index=True),
    )
    Table("extras", new, Column("id", Integer, primary_key=True))
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO things (name) VALUES ('kept')")
        schema_steps.add_missing_tables_and_columns(connection, new)
    found = inspect(engine)
    assert {"things", "extras"} <= set(found.get_table_names())
    assert {c["name"] for c in found.get_columns("things")} == {"id", "name", "status", "note"}
    assert found.get_indexes("things")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT name, status FROM things").all() == [
            ("kept", "open")
        ]


def test_a_format_one_workspace_opens_at_the_latest_format(tmp_path: Path) -> None:
    path = tmp_path / "w.arfdb"
    Workspace.open(str(path), create=True).close()
    newest = [t.name for t in tables.metadata.sorted_tables][-1]
    with sqlite3.connect(path) as raw:
        raw.execute(f"DROP TABLE {newest}")
        raw.execute("UPDATE schema_info SET value = '1' WHERE key = 'schema_version'")
    workspace = Workspace.open(str(path))
    try:
        assert int(workspace.info("schema_version") or 0) == schema.LATEST_VERSION
    finally:
        workspace.close()
    with sqlite3.connect(path) as raw:
        names = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert newest in names


def test_a_workspace_without_an_index_added_since_gains_it(tmp_path: Path) -> None:
    """A workspace of this format made before the sheet index gains it when opened, and an
    earlier build can still open it (its format did not change)."""
    path = tmp_path / "w.arfdb"
    Workspace.open(str(path), create=True).close()
    with sqlite3.connect(path) as raw:
        raw.execute("DROP INDEX ix_scores_sheet")
        version = raw.execute("SELECT value FROM schema_info WHERE key = 'schema_version'")
        before = version.fetchone()[0]
    workspace = Workspace.open(str(path))
    try:
        assert workspace.info("schema_version") == before == str(schema.LATEST_VERSION)
    finally:
        workspace.close()
    with sqlite3.connect(path) as raw:
        indexes = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
        plan = raw.execute(
            "EXPLAIN QUERY PLAN SELECT group_concat(criterion_id), group_concat(score) "
            "FROM scores WHERE allocation_id = 1"
        ).fetchall()
    assert "ix_scores_sheet" in indexes
    assert "COVERING INDEX ix_scores_sheet" in " ".join(str(row[-1]) for row in plan)


def test_a_shared_workspace_without_the_later_index_opens_for_every_user(postgres) -> None:
    """On PostgreSQL only a table's owner may index it: a user who may only read, or who may
    write but does not own the tables, opens the workspace without it; the owner adds it."""
    if postgres is None:
        pytest.skip("no PostgreSQL server is installed here")
    import psycopg

    from arf_desktop.registers.setup import init_workspace

    with postgres.database() as url:
        init_workspace(url, "Coordinator")
        name = url.rsplit("/", 1)[1]
        role = f"panel_{name[-6:]}"
        located = postgres.password_role(role, "Sesame-42", name).replace("@", ":Sesame-42@", 1)
        owner = f"host=127.0.0.1 port={postgres.port} user=arf dbname={name}"

        def indexed() -> bool:
            with psycopg.connect(owner, autocommit=True) as conn:
                found = conn.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_scores_sheet'")
                return found.fetchone() is not None

        with psycopg.connect(owner, autocommit=True) as conn:
            conn.execute("DROP INDEX ix_scores_sheet")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        with Workspace.open(located) as workspace:  # may only read
            assert workspace.read_only is not None
        assert not indexed()
        with psycopg.connect(owner, autocommit=True) as conn:
            conn.execute(f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
            conn.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}")
        with Workspace.open(located) as workspace:  # may write, does not own the tables
            assert workspace.read_only is None
            with workspace.read() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM scores").scalar() is not None
        assert not indexed()
        with Workspace.open(url):  # the owner
            pass
        assert indexed()
