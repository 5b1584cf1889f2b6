"""Backups through SQLite's backup API: on demand, before upgrades, on a schedule, rotated."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from arf_desktop.domain.clock import compact_stamp
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.storage.file_access import os_reason, read_only_uri, refuse_unusable

KEEP = 10
STAMP = "%Y%m%d-%H%M%S-%f"
SUFFIX = ".arfdb"


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime
    reason: str


def backup_folder(database: Path) -> Path:
    return database.parent / f"{database.stem}-backups"


def copy_database(source: Path, destination: Path) -> Path:
    """Copy a live database consistently (WAL contents included) to a new file.

    The copy is written to `<name>.partial` and renamed when whole; if anything fails (a
    full disk, a file-size limit) the partial file is removed and the reason names the file.
    """
    refuse_unusable(destination)
    partial = destination.with_name(destination.name + ".partial")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        src = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(destination)
    except BaseException as error:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        if isinstance(error, (OSError, sqlite3.Error)):
            raise BackupFailed(destination, error) from None
        raise
    return destination


class BackupFailed(UserFacingError):
    """A backup could not be written whole; nothing of it was kept."""

    def __init__(self, destination: Path, error: OSError | sqlite3.Error) -> None:
        if isinstance(error, OSError):
            reason = os_reason(error)
        elif "full" in str(error).lower():
            reason = "the disk is full"
        elif "unable to open" in str(error).lower():
            reason = "the folder does not allow new files, or the disk is not available"
        else:
            reason = f"the disk refused the write ({error}; is it full?)"
        super().__init__(
            f"The backup {destination} could not be written: {reason}. Nothing of it was kept; "
            "the workspace itself is unchanged. Free some space or choose another folder, and "
            "back up again."
        )
        self.destination = destination


def take_backup(database: Path, reason: str, keep: int = KEEP) -> Path:
    """Write a timestamped backup beside the workspace and drop the oldest beyond `keep`."""
    folder = backup_folder(database)
    stamp = datetime.now(UTC).strftime(STAMP)
    target = folder / f"{database.stem}-{stamp}-{reason}{SUFFIX}"
    copy_database(database, target)
    rotate(database, keep)
    return target


def list_backups(database: Path) -> list[BackupFile]:
    """The workspace's backups, newest first."""
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    found = []
    prefix = f"{database.stem}-"
    for path in folder.glob(f"{prefix}*{SUFFIX}"):
        parts = path.stem[len(prefix) :].split("-", 3)
        try:
            taken = datetime.strptime("-".join(parts[:3]), STAMP).replace(tzinfo=UTC)
        except (ValueError, IndexError):
            continue
        found.append(BackupFile(path, taken, parts[3] if len(parts) > 3 else ""))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def rotate(database: Path, keep: int = KEEP) -> None:
    for old in list_backups(database)[keep:]:
        old.path.unlink(missing_ok=True)


def is_due(database: Path, every: timedelta) -> bool:
    backups = list_backups(database)
    return not backups or datetime.now(UTC) - backups[0].taken_at >= every


def is_healthy(path: Path) -> bool:
    """A backup that can be put in the workspace's place: an ordinary, non-empty SQLite file
    that passes its quick check and is an ARF Desktop workspace (not `/dev/null`, which
    SQLite reads as an empty database)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return False
    except OSError:
        return False
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return False
            marker = "SELECT value FROM schema_info WHERE key = 'app'"
            return connection.execute(marker).fetchone() == ("arf-desktop-workspace",)
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False


def latest_good_backup(database: Path) -> BackupFile | None:
    for backup in list_backups(database):
        if is_healthy(backup.path):
            return backup
    return None


def restore(database: Path, backup: Path) -> Path | None:
    """Put a backup in the workspace's place; the damaged file is kept aside, never deleted.

    Returns where the replaced file was moved, if there was one.
    """
    refuse_unusable(database)
    if not is_healthy(backup):
        raise ValueError(f"{backup} is not a healthy backup")
    moved: Path | None = None
    if database.exists():
        moved = database.with_name(f"{database.name}.replaced-{compact_stamp()}")
        database.replace(moved)
    for sidecar in ("-wal", "-shm"):
        extra = database.with_name(database.name + sidecar)
        if extra.exists():
            if moved is not None:
                extra.replace(moved.with_name(moved.name + sidecar))
            else:
                extra.unlink()
    partial = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, partial)
    partial.replace(database)
    return moved
