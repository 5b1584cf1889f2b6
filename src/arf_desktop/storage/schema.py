"""The schema ladder: create, inspect and upgrade a workspace's tables, one step per version."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.storage import schema_steps, tables
from arf_desktop.storage.file_access import read_only_uri

APP_MARKER = "arf-desktop-workspace"
SQLITE_HEADER = b"SQLite format 3\x00"

# Each step upgrades from version N-1 to N inside the caller's transaction.
# Version 1 is the schema as first released; add a function here for each change.
UpgradeStep = Callable[[Connection], None]
UPGRADES: dict[int, UpgradeStep] = {
    2: schema_steps.add_missing_tables_and_columns,
}
LATEST_VERSION = 1 + len(UPGRADES)


class WorkspaceFileError(UserFacingError):
    """The file cannot be opened as a workspace (foreign, newer, damaged); it was not changed."""


@dataclass(frozen=True)
class FileState:
    """What a read-only look at an SQLite file found."""

    exists: bool
    empty: bool
    version: int | None
    quick_check: str


def inspect_sqlite_file(path: Path) -> FileState:
    """Look at a file without changing a byte of it (read-only, no WAL switch)."""
    if not path.exists():
        return FileState(False, True, None, "ok")
    if path.stat().st_size == 0:
        return FileState(True, True, None, "ok")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise WorkspaceFileError(
            f"{path} is not an ARF Desktop workspace (it is not an SQLite database). "
            "It was left untouched. Choose a workspace file (.arfdb) or create a new one."
        )
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if not names:
            return FileState(True, True, None, check)
        if "schema_info" not in names:
            raise _foreign(path)
        info = dict(connection.execute("SELECT key, value FROM schema_info").fetchall())
    except sqlite3.OperationalError as error:
        raise WorkspaceFileError(
            f"{path} could not be read: the disk or its folder refused ({error}; it may be "
            "full, read-only or disconnected). It was not changed."
        ) from error
    except sqlite3.DatabaseError as error:
        raise WorkspaceFileError(
            f"{path} could not be read ({error}). The file may be damaged; "
            "restore it from a backup (File › Restore from backup, or `arf-desktop restore`)."
        ) from error
    finally:
        connection.close()
    if info.get("app") != APP_MARKER:
        raise _foreign(path)
    return FileState(True, False, int(info["schema_version"]), check)


def _foreign(path: Path) -> WorkspaceFileError:
    return WorkspaceFileError(
        f"{path} is an SQLite database but not an ARF Desktop workspace. It was left untouched."
    )


def refuse_newer(path: str, version: int) -> None:
    if version > LATEST_VERSION:
        raise WorkspaceFileError(
            f"{path} was written by a newer version of ARF Desktop (workspace format {version}; "
            f"this version understands up to {LATEST_VERSION}). It was left untouched. "
            "Install the newer version of ARF Desktop to open it."
        )


def create_schema(connection: Connection) -> None:
    """Create every table and stamp the workspace as this app's, at the latest version."""
    tables.metadata.create_all(connection)
    connection.execute(
        tables.schema_info.insert(),
        [
            {"key": "app", "value": APP_MARKER},
            {"key": "schema_version", "value": str(LATEST_VERSION)},
            {"key": "workspace_id", "value": str(uuid.uuid4())},
            {"key": "created_at", "value": utc_now()},
        ],
    )


def stored_version(connection: Connection) -> int:
    row = connection.execute(
        select(tables.schema_info.c.value).where(tables.schema_info.c.key == "schema_version")
    ).scalar_one()
    return int(row)


def upgrade(connection: Connection, from_version: int) -> list[int]:
    """Run every step above `from_version` in the caller's transaction; return the steps run."""
    ran = []
    for version in range(from_version + 1, LATEST_VERSION + 1):
        UPGRADES[version](connection)
        ran.append(version)
    if ran:
        connection.execute(
            tables.schema_info.update()
            .where(tables.schema_info.c.key == "schema_version")
            .values(value=str(LATEST_VERSION))
        )
    return ran


def missing_tables(connection: Connection) -> bool:
    """Whether a table of this release is missing (a read; no lock taken)."""
    return not set(tables.metadata.tables) <= set(inspect(connection).get_table_names())


def incomplete(connection: Connection) -> bool:
    """Whether a table of this release, or an index added since its format, is missing (a
    read; no lock taken)."""
    return missing_tables(connection) or bool(schema_steps.missing_later_indexes(connection))


def complete(connection: Connection, indexes: bool = True) -> bool:
    """Add the tables, columns and (unless `indexes` is False: a user who may only read)
    the later indexes of this release that a workspace of the latest format lacks.

    Additive only (see `schema_steps`): a workspace made by an earlier build of this format
    gains them without a format change, so an earlier build still opens it. An index the
    database refuses to create is gone without. True when anything was added.
    """
    added = False
    if missing_tables(connection):
        schema_steps.add_missing_tables_and_columns(connection)
        added = True
    if indexes:
        added = schema_steps.add_later_indexes(connection) or added
    return added
