"""Opening a workspace database safely, and the read and write transactions every service uses."""

from __future__ import annotations

import getpass
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, DBAPIError

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.records import AuditEntry, WorkspaceCounts
from arf_desktop.storage import audit, backups, failures, schema, tables
from arf_desktop.storage.engine import IMMEDIATE, sqlite_engine, url_engine
from arf_desktop.storage.file_access import (
    WorkspaceReadOnly,
    read_only_reason,
    read_only_uri,
    refuse_unusable,
)
from arf_desktop.storage.instance_lock import InstanceLock

T = TypeVar("T")


class WorkspaceNotFound(UserFacingError):
    """There is no workspace where the user pointed."""


class DamagedWorkspace(UserFacingError):
    """The database failed its integrity check; a restore is offered."""

    def __init__(self, message: str, path: Path, backup: backups.BackupFile | None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


@dataclass
class WriteTx:
    """A write transaction: the connection plus who is acting, for the audit log."""

    connection: Connection
    actor: str

    def audit(
        self, action: str, entity: str, entity_id: str | int, details: dict[str, Any] | None = None
    ) -> AuditEntry:
        return audit.append(self.connection, self.actor, action, entity, entity_id, details)

    def execute(self, statement: Any, parameters: Any = None) -> Any:
        return self.connection.execute(statement, parameters)


TRANSIENT_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected


def is_transient(error: DBAPIError) -> bool:
    """Whether a failed write is worth running again."""
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return state in TRANSIENT_SQLSTATES or "database is locked" in str(error.orig)


def is_url(location: str | Path) -> bool:
    return "://" in str(location)


def system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


class Workspace:
    """One workspace database, open for reading and writing."""

    def __init__(self, engine: Engine, location: str, path: Path | None) -> None:
        self.engine = engine
        self.location = location
        self.path = path
        self.retries = 0
        self._lock: InstanceLock | None = None
        self.read_only: str | None = None  # why the workspace can only be read, when it can

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, location: str | Path, create: bool = False, lock: bool = False) -> Workspace:
        """Open (or create) a workspace, refusing foreign, newer or damaged files untouched.

        With `lock`, the workspace is claimed for this process before anything is written,
        so a second copy of the app is refused without changing a byte.
        """
        if is_url(location) and not str(location).startswith("sqlite:"):
            return cls._open_server(str(location), create)
        path = Path(str(location).removeprefix("sqlite:///")).expanduser()
        refuse_unusable(path)
        state = schema.inspect_sqlite_file(path)
        if not state.exists and not create:
            raise WorkspaceNotFound(
                f"There is no workspace at {path}. Create one with "
                f"`arf-desktop init --db {path}`, or choose another file."
            )
        if state.quick_check != "ok":
            backup = backups.latest_good_backup(path)
            raise DamagedWorkspace(
                f"{path} is damaged (integrity check: {state.quick_check}). It was not changed. "
                + (
                    f"The latest good backup is from {backup.taken_at:%d %b %Y %H:%M} UTC; "
                    "restore it with File › Restore from backup or `arf-desktop restore`."
                    if backup
                    else "No good backup was found beside it."
                ),
                path,
                backup,
            )
        if state.version is not None:
            schema.refuse_newer(str(path), state.version)
        if state.empty and not create:
            raise WorkspaceNotFound(f"{path} is empty. Create a workspace with `arf-desktop init`.")
        if not state.exists and path.parent.is_dir() and not os.access(path.parent, os.W_OK):
            raise UserFacingError(
                f"A workspace cannot be created in {path.parent}: the folder does not allow "
                "new files (no permission, or a read-only disk). Nothing was created."
            )
        read_only = None if state.empty else read_only_reason(path)
        if read_only is not None:
            return cls._open_read_only(path, state, read_only)
        path.parent.mkdir(parents=True, exist_ok=True)
        workspace = cls(sqlite_engine(path), str(path), path)
        if lock:
            try:
                workspace.acquire_lock()
            except UserFacingError:
                workspace.engine.dispose()
                raise
        if state.empty:
            with workspace.write("system") as tx:
                schema.create_schema(tx.connection)
        elif state.version is not None and state.version < schema.LATEST_VERSION:
            backups.take_backup(path, "before-upgrade")
            workspace._upgrade()
        elif state.version is not None and workspace._incomplete():
            with workspace.write("system") as tx:
                schema.complete(tx.connection)
        return workspace

    @classmethod
    def _open_read_only(cls, path: Path, state: schema.FileState, reason: str) -> Workspace:
        """Open for reading only: no lock file, no journal, no upgrade; writes are refused."""
        if state.version is not None and state.version < schema.LATEST_VERSION:
            raise WorkspaceReadOnly(
                str(path),
                f"{reason}; it is in an older format that must be upgraded before this "
                "version can open it",
            )
        workspace = cls(sqlite_engine(path, read_only_uri(path)), str(path), path)
        workspace.read_only = reason
        return workspace

    @classmethod
    def _open_server(cls, url: str, create: bool) -> Workspace:
        try:
            workspace = cls(url_engine(url), url, None)
            with workspace.engine.begin() as conn:
                names = set(conn.dialect.get_table_names(conn))
        except (DBAPIError, ArgumentError) as error:  # never the driver's text: it may hold
            raise failures.as_user_facing(error, url) from None  # the password
        with workspace.engine.begin() as conn:
            if "schema_info" not in names:
                if names or not create:
                    raise WorkspaceNotFound(
                        f"The database at {workspace.display_name} holds no ARF Desktop "
                        "workspace. Create one with `arf-desktop init --db URL`."
                    )
                schema.create_schema(conn)
            else:
                version = schema.stored_version(conn)
                schema.refuse_newer(workspace.display_name, version)
                workspace.read_only = _server_read_only(conn)
                if version < schema.LATEST_VERSION:
                    if workspace.read_only is not None:
                        workspace.refuse_if_read_only()
                    schema.upgrade(conn, version)
                if schema.incomplete(conn):  # a user who may only read adds no index
                    schema.complete(conn, indexes=workspace.read_only is None)
        return workspace

    def _incomplete(self) -> bool:
        with self.read() as conn:
            return schema.incomplete(conn)

    def _upgrade(self) -> None:
        with self.write("system") as tx:
            schema.upgrade(tx.connection, schema.stored_version(tx.connection))

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.release_lock()
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- single instance -------------------------------------------------
    def acquire_lock(self) -> None:
        """Claim the workspace for this process (SQLite files only)."""
        if self.path is None or self._lock is not None:
            return
        lock = InstanceLock(self.path)
        lock.acquire()
        self._lock = lock

    def release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def refuse_if_read_only(self) -> None:
        """Refuse, before anything is written anywhere, to change a read-only workspace."""
        if self.read_only is not None:
            raise WorkspaceReadOnly(self.display_name, self.read_only)

    # -- transactions ----------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self, actor: str) -> Iterator[WriteTx]:
        """One write transaction (BEGIN IMMEDIATE on SQLite); commits, or rolls back on error."""
        self.refuse_if_read_only()
        with self.engine.connect().execution_options(**{IMMEDIATE: True}) as conn, conn.begin():
            yield WriteTx(conn, actor)

    def transact(self, actor: str, work: Callable[[WriteTx], T], attempts: int = 6) -> T:
        """Run `work` in a write transaction, run again whole if another writer got in the way.

        A serialization failure or deadlock (PostgreSQL) or a lock wait beyond the
        busy timeout (SQLite) rolls the transaction back and runs it again, so the
        user never sees a database error for a clash with another writer.
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.write(actor) as tx:
                    return work(tx)
            except DBAPIError as error:
                if attempt == attempts or not is_transient(error):
                    raise
                self.retries += 1
                time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
        raise AssertionError("unreachable")

    # -- settings that travel with the data ------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.read() as conn:
            value = read_setting(conn, key)
        return default if value is None else value

    def default_user(self) -> str:
        return self.setting("workspace.user") or system_user()

    def info(self, key: str) -> str | None:
        with self.read() as conn:
            return read_info(conn, key)

    def integrity_check(self) -> str:
        with self.read() as conn:
            if not self.is_sqlite:
                return "ok"
            return conn.execute(text("PRAGMA integrity_check")).scalar_one()

    def backup(self, reason: str = "manual") -> Path:
        if self.path is None:
            raise UserFacingError(
                "Backups of a server database are made with the server's own tools (pg_dump)."
            )
        return backups.take_backup(self.path, reason)


def _server_read_only(conn: Connection) -> str | None:
    """Why the server lets this user only read the workspace, or None when it may write."""
    if conn.dialect.name != "postgresql":
        return None
    may_write = conn.execute(text("SELECT has_table_privilege('audit_log', 'INSERT')")).scalar()
    if may_write:
        return None
    user = conn.execute(text("SELECT current_user")).scalar()
    return f"the database user {user} may read it but not change it"


def read_setting(conn: Connection, key: str) -> str | None:
    """A workspace setting as stored, inside a transaction already open."""
    st = tables.settings
    return conn.execute(select(st.c.value).where(st.c.key == key)).scalar_one_or_none()


def read_info(conn: Connection, key: str) -> str | None:
    """A fact about the workspace itself (its id, schema version), inside a transaction."""
    si = tables.schema_info
    return conn.execute(select(si.c.value).where(si.c.key == key)).scalar_one_or_none()


def workspace_id(conn: Connection) -> str:
    """The id this workspace was given when it was created."""
    return read_info(conn, "workspace_id") or ""


def counts(conn: Connection) -> WorkspaceCounts:
    """How many of each thing the workspace holds (scores: those with a value)."""

    def count(table: Any) -> int:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()

    # Live rounds and submissions: calibration exercises and seeded items are not counted.
    hidden = select(tables.calibration_exercises.c.round_id)
    s = tables.submissions
    live = s.c.round_id.not_in(hidden) & s.c.id.not_in(
        select(tables.calibration_seeds.c.submission_id)
    )
    return WorkspaceCounts(
        organisations=count(tables.organisations),
        rounds=count(select(tables.rounds).where(tables.rounds.c.id.not_in(hidden)).subquery()),
        submissions=count(select(s).where(live).subquery()),
        assessors=count(tables.assessors),
        allocations=count(tables.allocations),
        scores=conn.execute(
            select(func.count())
            .select_from(tables.scores)
            .where(tables.scores.c.score.is_not(None))
        ).scalar_one(),
        audit_entries=audit.count_entries(conn),
    )


def put_setting(tx: WriteTx, key: str, value: str) -> None:
    """Store a workspace setting (insert or replace), audited."""
    updated = tx.execute(
        tables.settings.update().where(tables.settings.c.key == key).values(value=value)
    )
    if updated.rowcount == 0:
        tx.execute(tables.settings.insert().values(key=key, value=value))
    tx.audit("setting.change", "setting", key, {"value": value})
