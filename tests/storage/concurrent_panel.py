"""Five assessors scoring and a moderator agreeing at once, in separate processes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass

from arf_desktop.moderation.review import load_round
from arf_desktop.storage import audit
from arf_desktop.storage.scores import scores_for
from tests.moderation.conftest import ASSESSORS, ROUND, ModerationRound

SCORERS = ("Assessor Ama", "Assessor Bea", "Assessor Cai", "Assessor Dev", "Assessor Eun")

ASSESSOR_LOOP = textwrap.dedent(
    """
    import json, random, sys, time
    from arf_desktop.scoring.scores import record_score
    from arf_desktop.storage.workspace import Workspace
    location, name, seconds, plan = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    allocations = json.loads(plan)
    rng = random.Random(name)
    with Workspace.open(location) as ws:
        end = time.monotonic() + seconds
        count = 0
        while time.monotonic() < end:
            allocation, criterion = rng.choice(allocations)
            value = rng.choice((0, 1, 2, 3))
            change = record_score(ws, name, allocation, criterion, value)
            print(json.dumps([allocation, criterion, value, change.revision]), flush=True)
            count += 1
        print(json.dumps({"done": count, "retries": ws.retries}), flush=True)
    """
)

MODERATOR_LOOP = textwrap.dedent(
    """
    import json, random, sys, time
    from arf_desktop.moderation.agree import agree_score
    from arf_desktop.storage.workspace import Workspace
    location, round_name, seconds, plan = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    targets = json.loads(plan)
    rng = random.Random(7)
    with Workspace.open(location) as ws:
        end = time.monotonic() + seconds
        count = 0
        while time.monotonic() < end:
            organisation, criterion = rng.choice(targets)
            value = rng.choice((0, 1, 2, 3))
            change = agree_score(ws, "Panel chair", round_name, organisation, criterion, value,
                                 "Panel discussion", f"feedback {count}")
            print(json.dumps([organisation, criterion, value, change.revision]), flush=True)
            count += 1
        print(json.dumps({"done": count, "retries": ws.retries}), flush=True)
    """
)


@dataclass(frozen=True)
class PanelFigures:
    transactions: int
    retries: int
    seconds: float
    audit_entries: int


def prepare(round_: ModerationRound) -> tuple[list, list]:
    """Score and submit one submission for the moderator; allocate the rest to five scorers."""
    from arf_desktop.registers.assessors import AssessorDraft, add_assessor
    from arf_desktop.scoring.allocation import allocate_by_hand

    bolton = "Bolton NHS Foundation Trust"
    for assessor in ASSESSORS:
        round_.score(bolton, assessor, {c: 2 for c in round_.criteria(bolton)})
    targets = [[bolton, c] for c in round_.criteria(bolton)]
    work = []
    for name in SCORERS:
        add_assessor(round_.workspace, "Panel chair", AssessorDraft(name))
        for organisation in ("East Cheshire NHS Trust", "Stockport NHS Foundation Trust"):
            row = allocate_by_hand(round_.workspace, "Panel chair", ROUND, organisation, name)
            work.append((name, [[row.id, c] for c in round_.criteria(organisation)[:8]]))
    return work, targets


def run_panel(round_: ModerationRound, seconds: float) -> PanelFigures:
    """Run the six writers; check nothing acknowledged was lost and the audit chain holds."""
    work, targets = prepare(round_)
    location = round_.workspace.location
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", ASSESSOR_LOOP, location, name, str(seconds), json.dumps(plan)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, plan in work
    ]
    processes.append(
        subprocess.Popen(
            [sys.executable, "-c", MODERATOR_LOOP, location, ROUND, str(seconds),
             json.dumps(targets)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    )  # fmt: skip
    outputs = [p.communicate(timeout=seconds + 120) for p in processes]
    elapsed = time.monotonic() - started
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err[-2000:]
        assert "Error" not in err and "Traceback" not in err, err[-2000:]
    last_score: dict[tuple[int, str], tuple[int, int]] = {}
    last_agreed: dict[tuple[str, str], tuple[int, int]] = {}
    transactions = retries = 0
    for index, (out, _) in enumerate(outputs):
        for line in out.splitlines():
            record = json.loads(line)
            if isinstance(record, dict):
                transactions += record["done"]
                retries += record["retries"]
                continue
            key, value, revision = (record[0], record[1]), record[2], record[3]
            book = last_agreed if index == len(outputs) - 1 else last_score
            previous = book.get(key)
            assert previous is None or revision >= previous[1], (key, previous, revision)
            book[key] = (value, revision)
    workspace = round_.workspace
    with workspace.read() as conn:
        for (allocation, criterion), (value, revision) in last_score.items():
            stored = scores_for(conn, allocation)[criterion]
            assert (stored.score, stored.revision) == (value, revision), (allocation, criterion)
        report = audit.verify(conn)
    assert report.ok, report.reason
    entry = load_round(workspace, ROUND).find("Bolton NHS Foundation Trust")
    assert entry is not None
    agreed = {line.criterion_id: line.agreed for line in entry.review.lines}
    for (_, criterion), (value, _) in last_agreed.items():
        assert agreed[criterion] is not None and agreed[criterion].score == value
    return PanelFigures(transactions, retries, elapsed, report.entries)
