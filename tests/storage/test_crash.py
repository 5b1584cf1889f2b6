"""Killing a writer at any moment loses no acknowledged write and leaves a sound file."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from arf_desktop.storage.workspace import Workspace

WRITER = textwrap.dedent(
    """
    import sys
    from arf_desktop.storage.workspace import Workspace, put_setting
    with Workspace.open(sys.argv[1]) as ws:
        i = int(sys.argv[2])
        while True:
            with ws.write("crash-test") as tx:
                put_setting(tx, f"crash.{i:06d}", "x" * 200)
            print(i, flush=True)  # acknowledged: the commit has returned
            i += 1
    """
)


def test_sigkill_twenty_times_loses_nothing_acknowledged(workspace_path: Path) -> None:
    rng = random.Random(20)
    acknowledged: list[int] = []
    next_key = 0
    for _ in range(20):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(workspace_path), str(next_key)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()  # at least one write acknowledged before the kill
        acknowledged.append(int(first))
        time.sleep(rng.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate()
        *lines, _cut_short = rest.split("\n")  # a line the kill cut short was never acknowledged
        acknowledged += [int(line) for line in lines]
        next_key = acknowledged[-1] + 1
    with sqlite3.connect(workspace_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Workspace.open(workspace_path) as ws, ws.read() as conn:
        stored = {
            int(key.split(".")[1])
            for (key,) in conn.exec_driver_sql("SELECT key FROM settings WHERE key LIKE 'crash.%'")
        }
    missing = set(acknowledged) - stored
    assert not missing, f"acknowledged writes lost: {sorted(missing)[:10]}"
    assert len(acknowledged) >= 20
    from arf_desktop.storage import audit

    with Workspace.open(workspace_path) as ws, ws.read() as conn:
        assert audit.verify(conn).ok
