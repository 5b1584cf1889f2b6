"""The modules a whole process loads, read from `python -X importtime`, for lean start-up tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each loads only with the command or screen that uses it.
HEAVY = (
    "openpyxl",
    "python_calamine",
    "reportlab",
    "jsonschema",
    "cryptography",
    "numpy",
    "arf_desktop.exchange",
    "arf_desktop.exporters",
)


def loaded_modules(args: list[str], cwd: Path) -> set[str]:
    """Run `python -X importtime ARGS` and return every module it imported."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.pathsep.join(
        [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]))  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    } - {"imported package"}


def heavy_among(modules: set[str], heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The heavy packages (top level, or their first dotted part) that were loaded."""
    return sorted(
        name for name in heavy if any(m == name or m.startswith(name + ".") for m in modules)
    )
