"""Loading a round for moderation: every submission reviewed and ordered by decision risk."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

from arf_desktop.domain.framework import Framework
from arf_desktop.domain.moderation import SubmissionReview, order_by_risk, review_submission
from arf_desktop.domain.records import Round
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import moderation as repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.submissions import SubmissionFacts
from arf_desktop.storage.workspace import Workspace


@dataclass(frozen=True)
class QueueEntry:
    """One line of the moderation queue."""

    review: SubmissionReview
    facts: SubmissionFacts
    decision: repo.DecisionRecord | None

    @property
    def decided(self) -> bool:
        return self.decision is not None


@dataclass(frozen=True)
class RoundReview:
    round: Round
    framework: Framework
    entries: tuple[QueueEntry, ...]

    def entry(self, submission_id: int) -> QueueEntry:
        for entry in self.entries:
            if entry.review.submission_id == submission_id:
                return entry
        raise KeyError(submission_id)

    def not_found_message(self, organisation: str) -> str:
        """No submission under that name: say so, and suggest the names meant."""
        wanted = " ".join(organisation.split()).casefold()
        names = [e.facts.organisation for e in self.entries]
        close = [n for n in names if wanted and wanted in n.casefold()]
        close += difflib.get_close_matches(organisation, names, n=3, cutoff=0.6)
        hint = f" Did you mean: {'; '.join(dict.fromkeys(close))}?" if close else ""
        return f"There is no submission from “{organisation}” in {self.round.name}.{hint}"

    def find(self, organisation: str) -> QueueEntry | None:
        wanted = " ".join(organisation.split()).casefold()
        for entry in self.entries:
            if entry.facts.organisation.casefold() == wanted:
                return entry
        return None


def load_round(
    workspace: Workspace, round_name: str, include_withdrawn: bool = False
) -> RoundReview:
    """Read one round's submitted scores, agreements and decisions in one read transaction.

    Withdrawn submissions are left out unless asked for (the appeal pack keeps them)."""
    chosen = require_round(workspace, round_name)
    with workspace.read() as conn:
        framework = framework_repo.get_framework(conn, chosen.framework_id)
        facts = submission_repo.round_submissions(conn, chosen.id, include_withdrawn)
        scores = score_repo.submitted_scores(conn, chosen.id)
        who = allocation_repo.submitted_assessors(conn, chosen.id)
        agreed = repo.agreed_for_round(conn, chosen.id)
        decisions = repo.decisions_for_round(conn, chosen.id)
    by_submission: dict[int, dict[str, dict[str, int | None]]] = defaultdict(dict)
    for submission_id, names in who.items():
        for name in names:
            by_submission[submission_id].setdefault(name, {})
    for submission_id, assessor, criterion_id, score in scores:
        by_submission[submission_id].setdefault(assessor, {})[criterion_id] = score
    reviews = {
        f.submission_id: review_submission(
            framework,
            f.submission_id,
            f.organisation,
            f.level_applied,
            by_submission.get(f.submission_id, {}),
            agreed.get(f.submission_id, {}),
            f.allocated,
        )
        for f in facts
    }
    facts_by_id = {f.submission_id: f for f in facts}
    # Work still to do first, in order of decision risk; decided submissions after.
    ordered = sorted(
        order_by_risk(list(reviews.values())), key=lambda r: r.submission_id in decisions
    )
    entries = tuple(
        QueueEntry(
            review,
            facts_by_id[review.submission_id],
            decisions.get(review.submission_id),
        )
        for review in ordered
    )
    return RoundReview(chosen, framework, entries)


def assessor_comments(
    workspace: Workspace, round_id: int, submission_id: int
) -> dict[str, dict[str, str]]:
    """The assessors' comments on one submission: {criterion: {assessor: comment}}."""
    with workspace.read() as conn:
        return score_repo.submitted_comments(conn, round_id, submission_id)
