"""What a workspace file allows: usable as a file at all, writable or only readable."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from arf_desktop.domain.errors import UserFacingError


class WorkspaceReadOnly(UserFacingError):
    """The workspace can be read but not changed (the file, its folder or the disk refuse)."""

    def __init__(self, location: str, reason: str) -> None:
        super().__init__(
            f"The workspace is read-only: {location} ({reason}). Nothing was changed. "
            "To change it, ask for write permission or copy the file to a folder of your own."
        )
        self.location = location
        self.reason = reason


def refuse_unusable(path: Path) -> None:
    """Refuse, creating nothing, a location that cannot hold a workspace file.

    A folder, a device (`/dev/null`), a pipe or a socket is not a workspace file, and
    SQLite would write its journal beside it; a path under a file cannot exist.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except NotADirectoryError:
        mode = None
    except OSError as error:
        raise UserFacingError(f"{path} cannot be opened ({error.strerror}).") from error
    if mode is not None and stat.S_ISDIR(mode):
        raise UserFacingError(
            f"{path} is a folder, not a workspace file. Name a file in it, for example "
            f"{path / 'workspace.arfdb'}. Nothing was created."
        )
    if mode is not None and not stat.S_ISREG(mode):
        raise UserFacingError(
            f"{path} is a device or special file, not a workspace file. Name an ordinary "
            "file, for example workspace.arfdb in your documents folder. Nothing was created."
        )
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise UserFacingError(
                    f"{path} cannot be a workspace: {parent} is a file, not a folder. "
                    "Nothing was created."
                )
            break


def read_only_reason(path: Path) -> str | None:
    """Why the workspace at `path` can only be read, or None when it can be changed.

    SQLite writes a journal beside the file, so a folder that refuses new files makes the
    workspace read-only too.
    """
    if not os.access(path, os.W_OK):
        return "the file cannot be written: no permission, or a read-only disk"
    for sidecar in ("-wal", "-shm"):
        extra = path.with_name(path.name + sidecar)
        if extra.exists() and not os.access(extra, os.W_OK):
            return f"{extra.name} beside it cannot be written"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "its folder does not allow new files: no permission, or a read-only disk"
    return None


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens `path` without writing a byte.

    Where the folder refuses new files, SQLite cannot make the shared-memory file a
    read-only reader of a WAL database needs, so the file is opened as immutable.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        uri += "&immutable=1"
    return uri


OS_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than the system allows (is the disk or quota full?)",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "no permission",
    errno.EPERM: "the system does not allow it",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENOENT: "it does not exist",
    errno.EIO: "the disk reported an error",
}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in words (a full disk, no permission, ...)."""
    return OS_REASONS.get(error.errno or 0, error.strerror or str(error) or type(error).__name__)


class WriteFailed(UserFacingError, OSError):
    """A file could not be written whole; what was written of it was removed.

    Also an OSError, so code that handles a failed write of one file goes on as before.
    """

    def __init__(self, path: object, error: OSError) -> None:
        UserFacingError.__init__(
            self, f"{path} could not be written: {os_reason(error)}. Nothing half-written was kept."
        )
        self.errno = error.errno
        self.strerror = error.strerror
        self.filename = str(path)

    def __str__(self) -> str:
        return self.message
