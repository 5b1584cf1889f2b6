"""A private folder per running process for files opened in other programs, removed on exit.

Evidence opened from the window is copied here so the system viewer can read it. The folder
lives under the user's data folder (`open-files/`), only its owner may enter it (mode 0700;
files 0600), and beside it the process holds an OS lock on `<name>.lock` for as long as it
runs. `remove()` runs when the window quits; a crash leaves the folder behind, and the next
start's `sweep()` removes every folder whose lock nobody holds any more.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
from pathlib import Path
from typing import IO

from arf_desktop import paths
from arf_desktop.storage.instance_lock import try_lock

FOLDER_NAME = "open-files"
LOCK_SUFFIX = ".lock"
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def base_folder() -> Path:
    return paths.user_data_dir() / FOLDER_NAME


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name != "nt":
        os.chmod(path, 0o700)  # mkdir's mode is masked by the umask


class PrivateFolder:
    """This process's folder: made on first use, locked while the process runs."""

    def __init__(self, base: Path | None = None) -> None:
        self.base = Path(base) if base is not None else base_folder()
        _private_dir(self.base)
        name = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.lock_path = self.base / (name + LOCK_SUFFIX)
        self._lock: IO[bytes] | None = self.lock_path.open("ab")
        if not try_lock(self._lock):  # a fresh random name: nobody else can hold it
            self._lock.close()
            raise OSError(f"the lock {self.lock_path.name} is held by another process")
        self.path = self.base / name
        _private_dir(self.path)

    def write(self, relative: str, data: bytes) -> Path:
        """Write `data` at `relative` inside the folder, readable by its owner alone."""
        target = self.path / relative
        if self.path.resolve() not in target.resolve().parents:
            raise ValueError(f"{relative!r} is outside the private folder")
        _private_dir(target.parent)
        descriptor = os.open(target, _CREATE, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        return target

    def remove(self) -> bool:
        """Delete the folder and its lock; False when a file in it is still held open (Windows)."""
        shutil.rmtree(self.path, ignore_errors=True)
        gone = not self.path.exists()
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        if gone:
            with contextlib.suppress(OSError):
                self.lock_path.unlink()
        return gone


def sweep(base: Path | None = None) -> list[Path]:
    """Remove the folders of processes that have ended (a crash); return those removed."""
    base = Path(base) if base is not None else base_folder()
    if not base.is_dir():
        return []
    removed = []
    for entry in sorted(base.iterdir()):
        if entry.suffix == LOCK_SUFFIX or not entry.is_dir():
            continue
        lock_path = base / (entry.name + LOCK_SUFFIX)
        try:
            handle = lock_path.open("ab")
        except OSError:
            continue
        with handle:
            if not try_lock(handle):
                continue  # its process is still running
            shutil.rmtree(entry, ignore_errors=True)
            if not entry.exists():
                removed.append(entry)
        if not entry.exists():
            with contextlib.suppress(OSError):
                lock_path.unlink()
    for lock_path in base.glob("*" + LOCK_SUFFIX):  # a lock whose folder is already gone
        if not (base / lock_path.stem).exists():
            with contextlib.suppress(OSError), lock_path.open("ab") as handle:
                if try_lock(handle):
                    lock_path.unlink()
    return removed


_current: PrivateFolder | None = None


def current() -> PrivateFolder:
    """This process's private folder, made on first use."""
    global _current
    if _current is None:
        _current = PrivateFolder()
        atexit.register(remove_current)  # a safety net: the window removes it when it quits
    return _current


def remove_current() -> None:
    """Remove this process's folder, if one was made (the window's quit and `atexit`)."""
    global _current
    if _current is not None:
        _current.remove()
        _current = None
