"""Demo calibration: an exercise keyed from a decided submission; one qualified, one not."""

from __future__ import annotations

from pathlib import Path

from arf_desktop.calibration.exercises import assign, create_from_round, key_from_agreed
from arf_desktop.calibration.results import key_beside_own
from arf_desktop.moderation.review import load_round
from arf_desktop.registers.rounds import list_rounds
from arf_desktop.scoring.allocation import list_allocations
from arf_desktop.scoring.scores import apply_change, submit
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import calibration as calibration_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage.workspace import Workspace

DEMO_EXERCISE = "Calibration 2025/26"
LABEL = "Reference A"
QUALIFIED = "Łukasz Nowak"  # one criterion a point away: within tolerance
NOT_QUALIFIED = "Zoë Nguyễn"  # one criterion two points away: outside it
PENDING = "Siân Ó Briain"  # assigned, not yet scored
NOTE = "Compared with the evidence; the board paper is dated but the impact is not measured."


def _designed(key: dict[str, int], by: int) -> dict[str, int]:
    """The key with one criterion moved `by` points, staying on the 0-3 scale."""
    scores = dict(key)
    target = next(c for c, s in sorted(key.items()) if 0 <= s + by <= 3)
    scores[target] += by
    return scores


def _score(workspace: Workspace, actor: str, assessor: str, scores: dict[str, int]) -> None:
    row = next(r for r in list_allocations(workspace, assessor_name=assessor)
               if r.round_name.startswith("Calibration:"))  # fmt: skip
    with workspace.write(actor) as tx:
        facts = allocation_repo.get_allocation(tx.connection, row.id)
        assert facts is not None
        framework = framework_repo.get_framework(tx.connection, facts.framework_id)
        for criterion_id, score in scores.items():
            apply_change(tx, facts, framework, criterion_id, "score", score, "demo")
            if score < framework.award_rule.threshold:
                apply_change(tx, facts, framework, criterion_id, "comment", NOTE, "demo")
    submit(workspace, assessor, row.id)


def add_demo_calibration(location: Path, actor: str) -> bool:
    """Make the demo exercise from the first decided submission; False when there is none."""
    with Workspace.open(location) as workspace:
        rounds = list_rounds(workspace)
        with workspace.read() as conn:
            if not rounds or calibration_repo.list_exercises(conn):
                return False
        review = load_round(workspace, rounds[0].name)
        decided = [e for e in review.entries if e.decided]
        if not decided:
            return False
        source = min(decided, key=lambda e: len(e.review.lines))
        create_from_round(
            workspace, actor, DEMO_EXERCISE, rounds[0].name, source.facts.organisation, LABEL
        )
        key_from_agreed(workspace, actor, DEMO_EXERCISE)
        assign(workspace, actor, DEMO_EXERCISE, [QUALIFIED, NOT_QUALIFIED, PENDING])
        key = {
            line.criterion_id: line.effective
            for line in source.review.lines
            if line.effective is not None
        }
        _score(workspace, actor, QUALIFIED, _designed(key, -1 if max(key.values()) == 3 else 1))
        _score(workspace, actor, NOT_QUALIFIED, _designed(key, -2))
        key_beside_own(workspace, DEMO_EXERCISE, QUALIFIED)  # the key is readable after submit
        return True
