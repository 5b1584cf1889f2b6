"""Making a file or folder truly read-only for a test, also when the tests run as root."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """`path` refuses writes for the length of the block, then is given back as it was.

    An ordinary user loses write permission; root ignores permissions, so the file or
    folder is made immutable (`chattr +i`), which the system refuses to change for anyone.
    """
    mode = path.stat().st_mode
    if _root():
        chattr = shutil.which("chattr")
        made = chattr and subprocess.run([chattr, "+i", str(path)], capture_output=True)
        if not made or made.returncode != 0:
            pytest.skip("running as root where files cannot be made immutable")
    else:
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        assert not os.access(path, os.W_OK)
        yield path
    finally:
        if _root():
            subprocess.run([shutil.which("chattr") or "chattr", "-i", str(path)], check=True)
        path.chmod(mode)
