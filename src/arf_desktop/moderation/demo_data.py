"""Demo moderation: several submissions fully scored by both assessors, some agreed and decided."""

from __future__ import annotations

import random
from pathlib import Path

from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.decide import decide
from arf_desktop.moderation.review import load_round
from arf_desktop.registers.rounds import list_rounds
from arf_desktop.scoring.allocation import list_allocations
from arf_desktop.scoring.scores import apply_change, submit
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage.workspace import Workspace

READY = 8  # submissions both assessors finish and submit
PANEL = ("Siân Ó Briain", "Amara Okafor")
COMMENTS = {
    0: "Nothing submitted shows this.",
    1: "Partly shown: the plan has no owners or dates.",
    2: "Clear, dated evidence.",
    3: "Exemplary: impact measured and shared across the ICB.",
}


def _finish(
    workspace: Workspace, actor: str, rng: random.Random, framework_id: int, rows: list
) -> None:
    """Score every criterion of each allocation from a shared picture plus some disagreement."""
    with workspace.write(actor) as tx:
        framework = framework_repo.get_framework(tx.connection, framework_id)
        truth: dict[tuple[int, str], int] = {}
        for row in rows:
            facts = allocation_repo.get_allocation(tx.connection, row.id)
            assert facts is not None
            for criterion in framework.criteria_up_to(facts.level_applied):
                key = (row.submission_id, criterion.id)
                if key not in truth:
                    truth[key] = rng.choices((1, 2, 3), weights=(1, 8, 2))[0]
                score = truth[key]
                if rng.random() < 0.18:
                    score = min(3, max(0, score + rng.choice((-1, 1))))
                apply_change(tx, facts, framework, criterion.id, "score", score, "demo")
                if score < 2:
                    comment = COMMENTS[score]
                    apply_change(tx, facts, framework, criterion.id, "comment", comment, "demo")
    for row in rows:
        submit(workspace, row.assessor, row.id)


def add_demo_moderation(location: Path, actor: str, seed: int = 2026) -> None:
    """Finish scoring for a few submissions, agree some criteria and decide two outcomes."""
    rng = random.Random(seed)
    with Workspace.open(location) as workspace:
        rounds = list_rounds(workspace)
        if not rounds:
            return
        rows = [r for r in list_allocations(workspace, rounds[0].name) if not r.conflict]
        by_submission: dict[int, list] = {}
        for row in rows:
            by_submission.setdefault(row.submission_id, []).append(row)
        chosen = [s for s, group in by_submission.items() if len(group) == 2][:READY]
        pending = [r for s in chosen for r in by_submission[s] if not r.submitted]
        if not pending:
            return
        name = rounds[0].name
        _finish(workspace, actor, rng, rounds[0].framework_id, pending)
        ready = [e for e in load_round(workspace, name).entries if not e.review.awaiting]
        for entry in ready[-2:]:  # the panel has settled the two least contentious
            _agree_all(workspace, actor, name, entry)
            decide(workspace, actor, name, entry.facts.organisation, "2026-02-12", PANEL)
        if len(ready) > 2:  # and made a start on the most contentious
            _agree_all(workspace, actor, name, ready[0], limit=1)


def _agree_all(workspace: Workspace, actor: str, name: str, entry, limit: int = 99) -> None:
    """Agree the open criteria of one submission at the assessors' most common score."""
    for line in [ln for ln in entry.review.lines if ln.effective is None and ln.given][:limit]:
        agreed = min(set(line.given), key=lambda s: (-line.given.count(s), s))
        reason = "Agreed at the panel after discussing both assessors' views"
        agree_score(
            workspace,
            actor,
            name,
            entry.facts.organisation,
            line.criterion_id,
            agreed,
            reason,
            COMMENTS[agreed],
        )
