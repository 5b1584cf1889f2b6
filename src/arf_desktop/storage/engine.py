"""Engines with the pragmas and transaction behaviour the workspace relies on."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy.dialects.sqlite  # noqa: F401  (every file workspace's dialect, loaded up front)
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import QueuePool

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)

IMMEDIATE = "arf_immediate"


def sqlite_engine(path: Path, read_only_uri: str | None = None) -> Engine:
    """An engine over one SQLite file: WAL, full sync, foreign keys, 5 s busy timeout.

    Python's sqlite3 module is put in autocommit mode so that SQLAlchemy's
    `begin` event decides how each transaction opens: `BEGIN IMMEDIATE` for
    connections marked as writers (so two writers queue rather than fail with
    "database is locked" halfway through), a deferred `BEGIN` for readers.
    With `read_only_uri` the file is opened through that URI and its journal mode is
    left as it is, so not a byte is written.
    """
    if read_only_uri is None:
        engine = create_engine(f"sqlite:///{path}", future=True)
        pragmas = SQLITE_PRAGMAS
    else:
        engine = create_engine(
            "sqlite://",
            future=True,
            poolclass=QueuePool,  # as for a file named by path; threads share the pool
            creator=lambda: sqlite3.connect(read_only_uri, uri=True, check_same_thread=False),
        )
        pragmas = SQLITE_PRAGMAS[1:]

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(IMMEDIATE):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


WRITE_LOCK_KEY = 0x41524644  # "ARFD": one advisory lock serialises writers, as SQLite does


def url_engine(url: str) -> Engine:
    """An engine for a server database named by URL (PostgreSQL).

    Writers take a transaction-scoped advisory lock as they begin, so the audit
    chain and revision numbers advance one writer at a time, like `BEGIN
    IMMEDIATE` on SQLite; readers never wait (MVCC).
    """
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Connection) -> None:
            if connection.get_execution_options().get(IMMEDIATE):
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")

    return engine
