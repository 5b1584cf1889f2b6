"""Loading a round for moderation: every submission reviewed and ordered by decision risk."""

from __future__ import annotations

import difflib
import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from arf_desktop.domain.framework import Framework
from arf_desktop.domain.moderation import SubmissionReview, review_submission
from arf_desktop.domain.records import Round
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import audit as audit_repo
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
    others: tuple[str, ...] = ()  # organisations of the round not in `entries` (for hints)

    def entry(self, submission_id: int) -> QueueEntry:
        for entry in self.entries:
            if entry.review.submission_id == submission_id:
                return entry
        raise KeyError(submission_id)

    def not_found_message(self, organisation: str) -> str:
        """No submission under that name: say so, and suggest the names meant."""
        wanted = " ".join(organisation.split()).casefold()
        names = [e.facts.organisation for e in self.entries] + list(self.others)
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a round's many small objects are built.

    A national round makes some 100,000 tuples, dicts and lines, none in a reference cycle;
    the collector would scan them again and again as they are made (a third of the time).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_round(
    workspace: Workspace, round_name: str, include_withdrawn: bool = False
) -> RoundReview:
    """Read one round's submitted scores, agreements and decisions in one read transaction.

    Withdrawn submissions are left out unless asked for (the appeal pack keeps them).
    """
    chosen = require_round(workspace, round_name)
    with workspace.read() as conn, collector_paused():
        framework = framework_repo.get_framework(conn, chosen.framework_id)
        facts = submission_repo.round_submissions(conn, chosen.id, include_withdrawn)
        reviews = _reviews(conn, framework, chosen.id, facts, None)
        decisions = repo.decisions_for_round(conn, chosen.id)
    facts_by_id = {f.submission_id: f for f in facts}
    entries = [
        QueueEntry(review, facts_by_id[review.submission_id], decisions.get(review.submission_id))
        for review in reviews
    ]
    return RoundReview(chosen, framework, _queue_order(entries))


def _reviews(
    conn: Any,
    framework: Framework,
    round_id: int,
    facts: list[SubmissionFacts],
    submission_id: int | None,
) -> list[SubmissionReview]:
    """The reviews of the round's submissions (or of the one `submission_id`)."""
    scores = score_repo.submitted_scores(conn, round_id, submission_id)
    who = allocation_repo.submitted_assessors(conn, round_id)
    agreed = repo.agreed_for_round(conn, round_id)
    by_submission: dict[int, dict[str, dict[str, int | None]]] = defaultdict(dict)
    for sid, names in who.items():
        if submission_id is None or sid == submission_id:
            for name in names:
                by_submission[sid].setdefault(name, {})
    for sid, assessor, criterion_id, score in scores:
        by_submission[sid].setdefault(assessor, {})[criterion_id] = score
    return [
        review_submission(
            framework,
            f.submission_id,
            f.organisation,
            f.level_applied,
            by_submission.get(f.submission_id, {}),
            agreed.get(f.submission_id, {}),
            f.allocated,
        )
        for f in facts
        if submission_id is None or f.submission_id == submission_id
    ]


def _queue_order(entries: list[QueueEntry]) -> tuple[QueueEntry, ...]:
    """Work still to do first, in order of decision risk; decided submissions after."""
    return tuple(sorted(entries, key=lambda e: (e.decided, e.review.sort_key())))


def review_one(workspace: Workspace, review: RoundReview, submission_id: int) -> RoundReview:
    """The round with one submission read again (after an agreement or a decision on it).

    One submission's scores are read instead of the round's; the others are kept as they
    were, and the queue is put in order again.
    """
    round_id = review.round.id
    with workspace.read() as conn:
        facts = [
            f
            for f in submission_repo.round_submissions(conn, round_id)
            if f.submission_id == submission_id
        ]
        if not facts:
            raise KeyError(submission_id)
        (fresh,) = _reviews(conn, review.framework, round_id, facts, submission_id)
        decision = repo.decisions_for_round(conn, round_id).get(submission_id)
    entry = QueueEntry(fresh, facts[0], decision)
    entries = [entry if e.review.submission_id == submission_id else e for e in review.entries]
    return RoundReview(review.round, review.framework, _queue_order(entries))


def load_for(workspace: Workspace, round_name: str, organisation: str) -> RoundReview:
    """The round reduced to one organisation's submission (none when it has none there).

    For a change to one submission: only its scores are read, not the round's.
    """
    chosen = require_round(workspace, round_name)
    wanted = " ".join(organisation.split()).casefold()
    with workspace.read() as conn:
        framework = framework_repo.get_framework(conn, chosen.framework_id)
        facts = submission_repo.round_submissions(conn, chosen.id)
        found = [f for f in facts if f.organisation.casefold() == wanted]
        if not found:
            return RoundReview(chosen, framework, (), tuple(f.organisation for f in facts))
        submission_id = found[0].submission_id
        (fresh,) = _reviews(conn, framework, chosen.id, found[:1], submission_id)
        decision = repo.decisions_for_round(conn, chosen.id).get(submission_id)
    return RoundReview(chosen, framework, (QueueEntry(fresh, found[0], decision),))


def change_token(workspace: Workspace) -> str | None:
    """Moves whenever anything in the workspace changes (every change is audited)."""
    return workspace.info(audit_repo.HEAD_KEY)


# Changes that touch one submission's moderation and nothing else; the audit names it.
ONE_SUBMISSION_CHANGES = frozenset(
    {"moderation.agree", "moderation.adopt_feedback", "moderation.decide", "moderation.reopen"}
)
MOST_CHANGES_READ_ALONE = 50  # more changes than this: the whole round is read again


def changed_submissions(
    workspace: Workspace, before: str | None, after: str | None
) -> set[int] | None:
    """The submissions changed between two change tokens, when only agreements and decisions
    were made; None when anything else changed (then the whole round is to be read)."""
    try:
        first, last = (int(str(token).split(":", 1)[0]) for token in (before, after))
    except ValueError:
        return None
    if not 0 < last - first <= MOST_CHANGES_READ_ALONE:
        return None
    with workspace.read() as conn:
        changes = audit_repo.changes_between(conn, first, last)
    if len(changes) != last - first:
        return None
    found: set[int] = set()
    for action, entity, entity_id in changes:
        if action not in ONE_SUBMISSION_CHANGES or entity != "submission":
            return None
        found.add(int(entity_id))
    return found


def assessor_comments(
    workspace: Workspace, round_id: int, submission_id: int
) -> dict[str, dict[str, str]]:
    """The assessors' comments on one submission: {criterion: {assessor: comment}}."""
    with workspace.read() as conn:
        return score_repo.submitted_comments(conn, round_id, submission_id)
