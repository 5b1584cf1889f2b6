"""One running copy of the app per workspace: an OS file lock beside the database."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import IO

from arf_desktop.domain.errors import UserFacingError

# Windows locks byte ranges and keeps other programs from reading them, and locks from the
# file's current position: every copy locks the same byte, far past the holder's name.
WINDOWS_LOCK_OFFSET = 1 << 20


class WorkspaceInUse(UserFacingError):
    """Another copy of ARF Desktop has this workspace open."""


def try_lock(handle: IO[str] | IO[bytes]) -> bool:
    """An exclusive lock on `handle`'s file that the system releases when the process ends,
    however it ends (a byte-range lock far past the text on Windows, flock elsewhere)."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class InstanceLock:
    """Held for as long as a process works on the workspace; released on exit or crash."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        if not try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "another program"
            handle.close()
            raise WorkspaceInUse(
                f"This workspace is already open in ARF Desktop ({holder}). "
                "Close the other window first; nothing was changed."
            )
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} on {socket.gethostname()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()
