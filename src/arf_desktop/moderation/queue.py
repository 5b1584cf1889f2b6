"""The moderation queue of a round: each submission's figures in one lean read, and the full
review (criterion lines and comments) of only the submission being looked at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from arf_desktop.domain.framework import Framework
from arf_desktop.domain.moderation import (
    LevelShape,
    SubmissionSummary,
    review_submission,
    summarise_columns,
)
from arf_desktop.domain.records import Round
from arf_desktop.moderation.review import QueueEntry, change_token, collector_paused
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import moderation as repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.submissions import SubmissionFacts
from arf_desktop.storage.workspace import Workspace

Comments = dict[str, dict[str, str]]  # {criterion: {assessor: comment}}


@dataclass(frozen=True)
class QueueRow:
    """One line of the moderation queue: the submission's figures, not its criterion lines."""

    review: SubmissionSummary
    facts: SubmissionFacts
    decision: repo.DecisionRecord | None

    @property
    def decided(self) -> bool:
        return self.decision is not None


@dataclass(frozen=True)
class RoundQueue:
    """A round's queue: work still to do first, by decision risk; decided submissions last."""

    round: Round
    framework: Framework
    entries: tuple[QueueRow, ...]

    def find(self, organisation: str) -> QueueRow | None:
        wanted = " ".join(organisation.split()).casefold()
        return next((e for e in self.entries if e.facts.organisation.casefold() == wanted), None)


@dataclass(frozen=True)
class EntryDetail:
    """One submission as the screen shows it: its full review and the assessors' comments."""

    entry: QueueEntry
    comments: Comments


@dataclass(frozen=True)
class OpenedQueue:
    """A round's queue as the screen opens it: the workspace's change token read before it,
    and the full review of the submission shown first (None when the queue is empty)."""

    token: str | None
    queue: RoundQueue
    first: EntryDetail | None


def open_queue(workspace: Workspace, round_name: str, keep: int | None = None) -> OpenedQueue:
    """The round's queue with the detail of submission `keep` (else of the first in the queue);
    a change made while it is read moves the token again, so the next visit reads it."""
    token = change_token(workspace)
    queue = load_queue(workspace, round_name)
    rows = queue.entries
    row = next((e for e in rows if e.review.submission_id == keep), rows[0] if rows else None)
    return OpenedQueue(token, queue, entry_detail(workspace, queue, row) if row else None)


def load_queue(workspace: Workspace, round_name: str) -> RoundQueue:
    """Every submission's queue figures, read in one transaction without building its lines."""
    chosen = require_round(workspace, round_name)
    with workspace.read() as conn, collector_paused():
        framework = framework_repo.get_framework(conn, chosen.framework_id)
        facts = submission_repo.round_submissions(conn, chosen.id)
        rows = _rows(conn, framework, chosen.id, facts, None)
    return RoundQueue(chosen, framework, _queue_order(rows))


def _rows(
    conn: Any,
    framework: Framework,
    round_id: int,
    facts: list[SubmissionFacts],
    submission_id: int | None,
) -> list[QueueRow]:
    sheets = score_repo.submitted_score_lists(conn, round_id, submission_id)
    agreed = repo.agreed_scores_for_round(conn, round_id, submission_id)
    decisions = repo.decisions_for_round(conn, round_id)
    shapes: dict[str, LevelShape] = {}
    places: Places = {}
    rows = []
    for f in facts:
        if submission_id is not None and f.submission_id != submission_id:
            continue
        shape = shapes.get(f.level_applied)
        if shape is None:
            shape = shapes[f.level_applied] = LevelShape.of(framework, f.level_applied)
        found = sheets.get(f.submission_id, {})
        assessors = tuple(sorted(found))
        summary = summarise_columns(
            framework,
            shape,
            (f.submission_id, f.organisation, f.level_applied),
            assessors,
            [_column(shape, found[name], places) for name in assessors],
            agreed.get(f.submission_id, {}),
            f.allocated,
        )
        rows.append(QueueRow(summary, f, decisions.get(f.submission_id)))
    return rows


Places = dict[tuple[int, int], list[int]]  # by (sheet's ids, level's shape): each score's place


def _column(shape: LevelShape, sheet: score_repo.Sheet, places: Places) -> list[int | None]:
    """One assessor's scores in the order of the level's criteria (None where not scored);
    where each criterion sits in a sheet is worked out once for sheets listing the same ids
    (they share one tuple, alive while the queue is read)."""
    ids, scores = sheet
    key = (id(ids), id(shape))
    place = places.get(key)
    if place is None:
        where = {cid: n for n, cid in enumerate(ids)}
        place = places[key] = [where.get(cid, len(ids)) for cid in shape.ids]  # past the end: None
    return list(map([*scores, None].__getitem__, place))


def _queue_order(rows: list[QueueRow]) -> tuple[QueueRow, ...]:
    return tuple(sorted(rows, key=lambda e: (e.decided, e.review.sort_key())))


def queue_one(workspace: Workspace, queue: RoundQueue, submission_id: int) -> RoundQueue:
    """The queue with one submission read again (after an agreement or a decision on it)."""
    round_id = queue.round.id
    with workspace.read() as conn:
        facts = [
            f
            for f in submission_repo.round_submissions(conn, round_id)
            if f.submission_id == submission_id
        ]
        if not facts:
            raise KeyError(submission_id)
        (fresh,) = _rows(conn, queue.framework, round_id, facts, submission_id)
    rows = [fresh if e.review.submission_id == submission_id else e for e in queue.entries]
    return RoundQueue(queue.round, queue.framework, _queue_order(rows))


def entry_detail(workspace: Workspace, queue: RoundQueue, row: QueueRow) -> EntryDetail:
    """The full review of one queued submission and its comments, in one read transaction."""
    round_id, submission_id = queue.round.id, row.review.submission_id
    with workspace.read() as conn:
        found = score_repo.submitted_scores_and_comments(conn, round_id, submission_id)
        agreed = repo.agreed_for_round(conn, round_id, submission_id).get(submission_id, {})
    scores: dict[str, dict[str, int | None]] = {name: {} for name in row.review.assessors}
    comments: Comments = {}
    for _, assessor, criterion_id, score, comment in found:
        scores.setdefault(assessor, {})[criterion_id] = score
        if comment:
            comments.setdefault(criterion_id, {})[assessor] = comment
    facts = row.facts
    review = review_submission(
        queue.framework,
        submission_id,
        facts.organisation,
        facts.level_applied,
        scores,
        agreed,
        facts.allocated,
    )
    return EntryDetail(QueueEntry(review, facts, row.decision), comments)
