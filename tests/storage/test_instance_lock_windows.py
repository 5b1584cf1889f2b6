"""The workspace lock on Windows, run here against a stand-in for msvcrt's byte-range locks."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from arf_desktop.storage.instance_lock import WINDOWS_LOCK_OFFSET, InstanceLock, WorkspaceInUse


class ByteRangeLocks:
    """msvcrt.locking as Windows behaves: a byte locked by one handle refuses every other."""

    LK_NBLCK = 2

    def __init__(self) -> None:
        self.held: dict[tuple[str, int], int] = {}

    def locking(self, fileno: int, mode: int, length: int) -> None:
        import os

        assert mode == self.LK_NBLCK and length == 1
        where = (os.readlink(f"/proc/self/fd/{fileno}"), os.lseek(fileno, 0, os.SEEK_CUR))
        if where in self.held and self.held[where] != fileno:
            raise PermissionError(13, "Permission denied")
        self.held[where] = fileno


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> ByteRangeLocks:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("the stand-in reads open files through /proc")
    locks = ByteRangeLocks()
    module = types.ModuleType("msvcrt")
    module.LK_NBLCK = locks.LK_NBLCK  # type: ignore[attr-defined]
    module.locking = locks.locking  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "msvcrt", module)
    monkeypatch.setattr(sys, "platform", "win32")
    return locks


def test_every_copy_locks_the_same_byte_past_the_holder_text(
    windows: ByteRangeLocks, tmp_path: Path
) -> None:
    database = tmp_path / "workspace.arfdb"
    with InstanceLock(database):
        [(_, offset)] = windows.held
        assert offset == WINDOWS_LOCK_OFFSET
        holder = database.with_name("workspace.arfdb.lock").read_text(encoding="utf-8")
        assert holder.startswith("process ") and len(holder) < WINDOWS_LOCK_OFFSET
        with pytest.raises(WorkspaceInUse, match=r"already open in ARF Desktop \(process "):
            InstanceLock(database).acquire()
