"""What the panel must agree: every open criterion with its scores, comments and stakes."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median_low
from typing import Any

from arf_desktop.domain.award import compute_outcome
from arf_desktop.domain.errors import NotFound
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.moderation import CriterionLine, SubmissionReview
from arf_desktop.moderation.review import assessor_comments, load_round
from arf_desktop.storage.workspace import Workspace


@dataclass(frozen=True)
class Dispute:
    """One criterion of one submission the panel still has to agree."""

    organisation: str
    criterion_id: str
    status: str
    spread: int
    changes_outcome: bool
    scores: tuple[tuple[str, int | None, str], ...]  # (assessor, score, comment)

    def as_json(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "criterion": self.criterion_id,
            "status": self.status,
            "spread": self.spread,
            "changes_outcome": self.changes_outcome,
            "scores": [{"assessor": a, "score": s, "comment": c} for a, s, c in self.scores],
        }


def changes_outcome(framework: Framework, review: SubmissionReview, line: CriterionLine) -> bool:
    """Would the outcome differ between the lowest and the highest score given?

    The other criteria count at their agreed (or unanimous) score, else at their median score.
    """
    if len(set(line.given)) < 2:
        return False
    others = {
        other.criterion_id: (
            other.effective if other.effective is not None else median_low(other.given)
        )
        for other in review.lines
        if other is not line and (other.effective is not None or other.given)
    }
    results = {
        (found.outcome, found.level_awarded)
        for found in (
            compute_outcome(framework, review.level_applied, {**others, line.criterion_id: score})
            for score in (min(line.given), max(line.given))
        )
    }
    return len(results) > 1


def disputes_for(
    workspace: Workspace, round_name: str, organisation: str | None = None
) -> tuple[str, list[Dispute]]:
    """(round name, every criterion still to agree) in the moderation queue's order."""
    review = load_round(workspace, round_name)
    entries = [e for e in review.entries if not e.decided]
    if organisation is not None:
        found = review.find(organisation)
        if found is None:
            raise NotFound(review.not_found_message(organisation))
        entries = [found] if not found.decided else []
    found_disputes: list[Dispute] = []
    for entry in entries:
        lines = [line for line in entry.review.lines if line.effective is None and line.given]
        if not lines:
            continue
        comments = assessor_comments(workspace, review.round.id, entry.review.submission_id)
        for line in lines:
            said = comments.get(line.criterion_id, {})
            found_disputes.append(
                Dispute(
                    entry.facts.organisation,
                    line.criterion_id,
                    line.status,
                    line.spread,
                    changes_outcome(review.framework, entry.review, line),
                    tuple((a, s, said.get(a, "")) for a, s in line.scores.items()),
                )
            )
    return review.round.name, found_disputes
