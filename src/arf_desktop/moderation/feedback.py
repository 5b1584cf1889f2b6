"""The panel's feedback before a decision: criteria still without it, and adopting comments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from arf_desktop.domain.feedback import distinct_comments, draft_feedback, needs_feedback
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.moderation import Agreed, CriterionLine
from arf_desktop.moderation.review import QueueEntry
from arf_desktop.storage import moderation as repo
from arf_desktop.storage.workspace import WriteTx

Comments = Mapping[str, Mapping[str, str]]  # criterion -> assessor -> comment
ADOPT_ACTION = "moderation.adopt_feedback"


@dataclass(frozen=True)
class FeedbackGap:
    """A criterion below the threshold with no feedback yet, and what the assessors wrote."""

    organisation: str
    criterion_id: str
    title: str
    score: int
    caption: str
    comments: tuple[str, ...]  # distinct, never naming an assessor

    @property
    def draft(self) -> str:
        return draft_feedback(self.comments)

    def describe(self) -> str:
        """One line: organisation, criterion, score and what the assessors wrote."""
        said = " / ".join(f"“{c}”" for c in self.comments) or "no comment"
        return (
            f"{self.organisation} · {self.criterion_id} {self.title} ({self.caption}): "
            f"assessors wrote {said}"
        )


def relevant(
    said: Mapping[str, str], line: CriterionLine, score: int | None, threshold: int
) -> dict[str, str]:
    """The comments of assessors whose score falls on the same side of the threshold as the
    panel's (what is missing for a gap, what was good for a strength); all when none do."""
    if score is None:
        return dict(said)
    below = score < threshold
    alike = {
        name: text
        for name, text in said.items()
        if line.scores.get(name) is not None and (line.scores[name] < threshold) == below  # type: ignore[operator]
    }
    return alike if any(t.strip() for t in alike.values()) else dict(said)


def draft_for(
    said: Mapping[str, str],
    line: CriterionLine | None = None,
    score: int | None = None,
    threshold: int = 2,
) -> str:
    """The draft feedback from one criterion's {assessor: comment}, without their names."""
    chosen = relevant(said, line, score, threshold) if line is not None else dict(said)
    return draft_feedback(chosen.values(), list(said))


def feedback_gaps(framework: Framework, entry: QueueEntry, comments: Comments) -> list[FeedbackGap]:
    """Every criterion of the submission below the threshold that has no panel feedback."""
    threshold = framework.award_rule.threshold
    gaps = []
    for line in entry.review.lines:
        if not needs_feedback(line, threshold):
            continue
        assert line.effective is not None
        everyone = comments.get(line.criterion_id, {})
        said = relevant(everyone, line, line.effective, threshold)
        gaps.append(
            FeedbackGap(
                organisation=entry.facts.organisation,
                criterion_id=line.criterion_id,
                title=framework.criterion(line.criterion_id).title,
                score=line.effective,
                caption=framework.scale_point(line.effective).caption,
                comments=tuple(distinct_comments(said.values(), list(everyone))),
            )
        )
    return gaps


def lacking_feedback(framework: Framework, entry: QueueEntry) -> list[CriterionLine]:
    """The lines that need feedback, before any comments are read (cheap to ask)."""
    threshold = framework.award_rule.threshold
    return [line for line in entry.review.lines if needs_feedback(line, threshold)]


def adopt_comments(tx: WriteTx, entry: QueueEntry, gap: FeedbackGap, how: str) -> Agreed:
    """Record the assessors' comments as the panel's feedback on one criterion, audited."""
    line = next(ln for ln in entry.review.lines if ln.criterion_id == gap.criterion_id)
    rationale = line.agreed.rationale if line.agreed else ""
    after = Agreed(gap.score, rationale, gap.draft)
    before, revision = repo.write_agreed(tx, entry.review.submission_id, gap.criterion_id, after)
    tx.audit(
        ADOPT_ACTION,
        "submission",
        entry.review.submission_id,
        {
            "criterion": gap.criterion_id,
            "score": gap.score,
            "feedback": after.feedback,
            "from_comments": len(gap.comments),
            "agreed_before": before is not None,
            "revision": revision,
            "how": how,
        },
    )
    return after
