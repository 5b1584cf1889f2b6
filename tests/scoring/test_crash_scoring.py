"""SIGKILL during a stream of score edits: every acknowledged score is on disk afterwards."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from arf_desktop.scoring.allocation import allocate_by_hand
from arf_desktop.scoring.scores import open_sheet, stored_scores
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import Workspace
from tests.scoring.conftest import COORDINATOR, ROUND, Scene

SCORER = textwrap.dedent(
    """
    import sys
    from arf_desktop.scoring.scores import open_sheet, record_score
    from arf_desktop.storage.workspace import Workspace
    path, allocation, i = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with Workspace.open(path) as ws:
        ids = [row.id for row in open_sheet(ws, allocation).rows]
        while True:
            cid = ids[i % len(ids)]
            change = record_score(ws, "Crash tester", allocation, cid, (i // len(ids)) % 4)
            # acknowledged: record_score has returned, so the commit has returned
            print(i, cid, change.new, change.revision, flush=True)
            i += 1
    """
)


def test_sigkill_during_scoring_loses_no_acknowledged_score(scene: Scene) -> None:
    if not scene.workspace.is_sqlite:
        pytest.skip("the file-level crash test is for SQLite; the server keeps its own log")
    allocation = allocate_by_hand(
        scene.workspace, COORDINATOR, ROUND, "Blackpool Teaching Hospitals NHS Foundation Trust",
        "Siân Evans",
    ).id  # fmt: skip
    scene.workspace.close()
    rng = random.Random(11)
    acknowledged: list[tuple[int, str, int, int]] = []
    next_edit = 0
    for _ in range(10):
        scorer = subprocess.Popen(
            [sys.executable, "-c", SCORER, str(scene.path), str(allocation), str(next_edit)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert scorer.stdout is not None
        first = scorer.stdout.readline()
        assert first, scorer.stderr.read() if scorer.stderr else "no output"
        time.sleep(rng.uniform(0.0, 0.2))
        scorer.send_signal(signal.SIGKILL)
        rest, _ = scorer.communicate()
        # a line the kill cut short was never acknowledged: only whole lines count
        *lines, _cut_short = (first + rest).split("\n")
        for line in lines:
            i, cid, value, revision = line.split()
            acknowledged.append((int(i), cid, int(value), int(revision)))
        next_edit = acknowledged[-1][0] + 1
        assert scorer.returncode == -signal.SIGKILL
    assert len(acknowledged) >= 30
    with sqlite3.connect(scene.path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Workspace.open(scene.path) as ws:
        stored = stored_scores(ws, allocation)
        with ws.read() as conn:
            assert audit.verify(conn).ok
            history = {
                (entry.entity_id.split(":")[1], entry.details["revision"]): entry.details["to"]
                for entry in audit.page(conn, 0, 100_000)
                if entry.action == "score.change"
            }
        assert len(open_sheet(ws, allocation).rows) == 17
    last: dict[str, tuple[int, int]] = {}
    for _, cid, value, revision in acknowledged:
        # every acknowledged edit is in the score's audited history, with the value it set
        assert history.get((cid, revision)) == value, (cid, revision, value)
        last[cid] = (value, revision)
    for cid, (value, revision) in last.items():
        # and the stored score is that edit or a later one (one unacknowledged write may follow)
        assert stored[cid].revision >= revision
        if stored[cid].revision == revision:
            assert stored[cid].score == value
