"""The private folder for files opened elsewhere: owner-only, removed, swept after a crash."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from arf_desktop.files.private_folder import LOCK_SUFFIX, PrivateFolder, sweep

CHILD = """
import os, sys
from arf_desktop.files import private_folder
path = private_folder.current().write("12/Staff story.docx", b"Ward 7 staff story")
print(path, flush=True)
if sys.argv[1] == "crash":
    os._exit(3)  # no clean-up runs, as after a crash or a kill
sys.stdin.readline()  # stays alive until the test lets it end normally
"""


def child(tmp_path: Path, mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "ARF_DESKTOP_HOME": str(tmp_path / "home")}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, mode],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_the_folder_is_private_and_removed(tmp_path: Path) -> None:
    folder = PrivateFolder(tmp_path / "open-files")
    written = folder.write("3/Minutes.pdf", b"%PDF minutes")
    assert written.read_bytes() == b"%PDF minutes" and folder.path in written.parents
    if os.name != "nt":
        assert stat.S_IMODE(folder.path.stat().st_mode) == 0o700
        assert stat.S_IMODE(folder.base.stat().st_mode) == 0o700
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
    with pytest.raises(ValueError):
        folder.write("../outside.txt", b"x")
    assert sweep(folder.base) == []  # held by this process: never swept
    assert folder.remove()
    assert not folder.path.exists() and not folder.lock_path.exists()
    assert list(folder.base.iterdir()) == []


def test_a_crashed_process_folder_is_swept_and_a_running_one_kept(tmp_path: Path) -> None:
    crashed = child(tmp_path, "crash")
    left = Path(crashed.stdout.readline().strip())  # type: ignore[union-attr]
    assert crashed.wait(timeout=60) == 3
    assert left.read_bytes() == b"Ward 7 staff story"  # the crash left the evidence behind
    running = child(tmp_path, "wait")
    alive = Path(running.stdout.readline().strip())  # type: ignore[union-attr]
    base = tmp_path / "home" / "open-files"
    try:
        removed = sweep(base)
        assert removed == [left.parents[1]]
        assert not left.parents[1].exists()
        assert not (base / (left.parents[1].name + LOCK_SUFFIX)).exists()
        assert alive.read_bytes() == b"Ward 7 staff story"  # its process still runs
    finally:
        running.communicate("\n", timeout=60)
    assert running.returncode == 0
    assert not alive.exists() and list(base.iterdir()) == []  # removed as it ended
