"""Demo outcomes: finish scoring for part of the demo round, agree scores, decide outcomes."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

from arf_desktop.domain.framework import Framework
from arf_desktop.domain.scoring import ALLOCATED
from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.decide import decide
from arf_desktop.moderation.review import QueueEntry, load_round
from arf_desktop.registers.rounds import list_rounds
from arf_desktop.scoring.allocation import list_allocations
from arf_desktop.scoring.scores import apply_change, submit
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage.workspace import Workspace

PANEL = "Demo panel chair"
PANEL_DATE = "2026-03-10"
MEMBERS = ("Demo panel chair", "Amara Okafor")
# The outcome each decided submission is steered to, in turn, so every letter wording shows.
TARGETS = ("awarded", "awarded", "minor_revisions", "awarded", "not_yet_awarded", "awarded")
STRENGTH = (
    "Exemplary: the board reviews measured results every quarter and the approach has been "
    "shared with other trusts in the ICB."
)
GAP = (
    "The evidence does not yet show this in practice: send the dated board paper or minutes "
    "that record it, and the figures that show the effect."
)
READY = 3  # submissions scored by both assessors but left for the panel to moderate
RATIONALE = "The panel compared the assessors' notes with the evidence and agreed this score."


def _finish_scoring(
    workspace: Workspace, actor: str, round_name: str, chosen: set[str], rng: random.Random
) -> None:
    """Score every unscored criterion of the chosen submissions' allocations, then submit."""
    rows = [r for r in list_allocations(workspace, round_name) if r.organisation in chosen]
    with workspace.write(actor) as tx:
        for row in rows:
            if row.status != ALLOCATED:
                continue
            facts = allocation_repo.get_allocation(tx.connection, row.id)
            assert facts is not None
            framework = framework_repo.get_framework(tx.connection, facts.framework_id)
            stored = score_repo.scores_for(tx.connection, facts.id)
            for criterion in framework.criteria_up_to(facts.level_applied):
                if criterion.id in stored and stored[criterion.id].score is not None:
                    continue
                score = rng.choices((1, 2, 3), weights=(1, 14, 3))[0]
                apply_change(tx, facts, framework, criterion.id, "score", score, "demo")
                if score < framework.award_rule.threshold:
                    apply_change(tx, facts, framework, criterion.id, "comment", GAP, "demo")
    for row in rows:
        if row.status == ALLOCATED:
            submit(workspace, row.assessor, row.id)


def _plan(framework: Framework, entry: QueueEntry, target: str, rng: random.Random) -> dict:
    """{criterion: (score, feedback)} the panel agrees so the submission reaches `target`."""
    threshold = framework.award_rule.threshold
    top = max(framework.scale_values)
    plan: dict[str, tuple[int, str]] = {}
    lines = list(entry.review.lines)
    for line in lines:
        given = line.given
        if line.effective == top:
            plan[line.criterion_id] = (top, STRENGTH)
        elif line.effective is None or line.effective < threshold:
            plan[line.criterion_id] = (max(threshold, min(given, default=threshold)), "")
    at_level = [
        ln
        for ln in lines
        if framework.criterion(ln.criterion_id).level == entry.facts.level_applied
    ]
    if target == "minor_revisions" and at_level:
        plan[rng.choice(at_level).criterion_id] = (1, GAP)
    elif target == "not_yet_awarded":
        for line in rng.sample(lines, min(3, len(lines))):
            plan[line.criterion_id] = (rng.choice((0, 1)), GAP)
    return plan


def add_demo_decisions(location: Path, share: float = 0.5, seed: int = 2026) -> int:
    """Decide about half of the demo round, leave three ready to moderate; return how many."""
    rng = random.Random(seed)
    with Workspace.open(location) as workspace:
        rounds = list_rounds(workspace)
        if not rounds:
            return 0
        name = rounds[0].name
        settled = {e.facts.organisation for e in load_round(workspace, name).entries if e.decided}
        by_name = defaultdict(list)
        for row in list_allocations(workspace, name):
            by_name[row.organisation].append(row)
        candidates = sorted(n for n, rows in by_name.items() if len(rows) >= 2 and n not in settled)
        if not candidates or len(settled) >= len(candidates):
            return 0  # already decided in this demo (or nothing allocated yet)
        chosen = candidates[: max(1, round(len(candidates) * share))]
        rest = candidates[len(chosen) :]
        ready = rest[: min(READY, len(rest) - 2)]  # scored and left for the panel; two stay open
        _finish_scoring(workspace, PANEL, name, {*chosen, *ready}, rng)
        review = load_round(workspace, name)
        decided = 0
        for index, organisation in enumerate(chosen):
            entry = review.find(organisation)
            if entry is None or entry.decided:
                continue
            plan = _plan(review.framework, entry, TARGETS[index % len(TARGETS)], rng)
            for criterion, (score, feedback) in sorted(plan.items()):
                agree_score(
                    workspace, PANEL, name, organisation, criterion, score, RATIONALE, feedback
                )
            result = decide(workspace, PANEL, name, organisation, PANEL_DATE, list(MEMBERS))
            decided += len(result.decided)
        return decided
