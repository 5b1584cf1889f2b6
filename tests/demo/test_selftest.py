"""The self-test: a temporary demo workspace checked end to end, as a separate process."""

from __future__ import annotations

import json
import subprocess
import sys


def test_self_test_passes_as_a_separate_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "arf_desktop", "self-test", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    names = {check["name"] for check in report["checks"]}
    assert {"workspace", "award rule", "audit chain", "backup", "main window"} <= names
    assert report["passed"]
