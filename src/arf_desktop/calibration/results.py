"""Calibration results: agreement with the key, qualification, the key shown after submitting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from arf_desktop.calibration.exercises import require_exercise
from arf_desktop.domain.calibration import (
    NOT_QUALIFIED,
    PENDING,
    QUALIFIED,
    Attempt,
    Tolerance,
    compare,
    latest_attempts,
    status_of,
    why_not,
)
from arf_desktop.domain.errors import Refused
from arf_desktop.domain.scoring import SUBMITTED
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import calibration as repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage.calibration import Exercise
from arf_desktop.storage.workspace import Workspace


@dataclass(frozen=True)
class AssessorResult:
    """One assessor's result on one exercise (figures only once every item is submitted)."""

    exercise: str
    assessor: str
    n: int
    exact: int
    adjacent: int
    mean_difference: float
    max_difference: int
    status: str
    reason: str
    submitted_at: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "assessor": self.assessor,
            "n": self.n,
            "exact": self.exact,
            "adjacent": self.adjacent,
            "mean_difference": self.mean_difference,
            "max_difference": self.max_difference,
            "status": self.status,
            "reason": self.reason,
            "submitted_at": self.submitted_at,
        }


@dataclass(frozen=True)
class KeyLine:
    """One criterion after submission: the assessor's score beside the definitive one."""

    item: str
    criterion_id: str
    own: int | None
    definitive: int
    rationale: str


def tolerance_of(exercise: Exercise) -> Tolerance:
    return Tolerance(exercise.min_exact, exercise.max_difference)


def _results(conn: Any, exercise: Exercise) -> list[AssessorResult]:
    key = {(k.submission_id, k.criterion_id): k.score for k in repo.key_entries(conn, exercise.id)}
    labels = {i.submission_id: i.label for i in repo.items(conn, exercise.id)}

    def names(submission_id: int, criterion_id: str) -> str:
        return criterion_id if len(labels) < 2 else f"{labels[submission_id]} {criterion_id}"

    mine: dict[str, list[Any]] = {}
    for facts in allocation_repo.list_allocations(conn, exercise.round_id):
        mine.setdefault(facts.assessor, []).append(facts)
    found = []
    for assessor, allocations in sorted(mine.items()):
        done = all(f.status == SUBMITTED for f in allocations)
        if not done or not key:
            reason = "not submitted yet" if not done else "the key is not set yet"
            found.append(
                AssessorResult(exercise.name, assessor, 0, 0, 0, 0.0, 0, PENDING, reason, None)
            )
            continue
        own = {
            (f.submission_id, cid): stored.score
            for f in allocations
            for cid, stored in score_repo.scores_for(conn, f.id).items()
        }
        agreement = compare(
            {names(s, c): v for (s, c), v in own.items()},
            {names(s, c): v for (s, c), v in key.items()},
        )
        status = status_of(agreement, tolerance_of(exercise))
        found.append(
            AssessorResult(
                exercise=exercise.name,
                assessor=assessor,
                n=agreement.n,
                exact=agreement.exact,
                adjacent=agreement.adjacent,
                mean_difference=agreement.mean_difference,
                max_difference=agreement.max_difference,
                status=status,
                reason="within tolerance"
                if status == QUALIFIED
                else why_not(agreement, tolerance_of(exercise)),
                submitted_at=max(f.submitted_at or "" for f in allocations),
            )
        )
    return found


def report(workspace: Workspace, name: str | None = None) -> list[AssessorResult]:
    """Every assessor's result on one exercise, or on every exercise."""
    with workspace.read() as conn:
        chosen = [require_exercise(conn, name)] if name else repo.list_exercises(conn)
        return [r for exercise in chosen for r in _results(conn, exercise)]


def qualification(conn: Any, framework_id: int) -> dict[str, Attempt]:
    """{assessor: their latest submitted attempt} for a framework version."""
    attempts: dict[str, list[Attempt]] = {}
    for exercise in repo.list_exercises(conn):
        if exercise.framework_id != framework_id:
            continue
        for result in _results(conn, exercise):
            if result.status == PENDING or result.submitted_at is None:
                continue
            attempt = Attempt(
                exercise.name, framework_id, result.submitted_at, result.status, result.reason
            )
            attempts.setdefault(result.assessor, []).append(attempt)
    return {assessor: latest_attempts(found)[framework_id] for assessor, found in attempts.items()}


def unqualified(
    workspace: Workspace, round_name: str, assessor_names: Sequence[str]
) -> list[tuple[str, str]]:
    """(assessor, why) for each named assessor not qualified for the round's framework."""
    chosen = require_round(workspace, round_name)
    with workspace.read() as conn:
        held = qualification(conn, chosen.framework_id)
        found = []
        for name in assessor_names:
            assessor = assessor_repo.find_assessor(conn, name)
            shown = assessor.name if assessor else name
            attempt = held.get(shown)
            if attempt is None:
                found.append((shown, "no calibration exercise submitted for this framework"))
            elif attempt.status == NOT_QUALIFIED:
                found.append((shown, f"“{attempt.exercise}”: {attempt.reason}"))
        return found


def key_beside_own(workspace: Workspace, name: str, assessor_name: str) -> list[KeyLine]:
    """The definitive scores and rationales beside the assessor's own: only once submitted."""
    with workspace.read() as conn:
        exercise = require_exercise(conn, name)
        assessor = assessor_repo.find_assessor(conn, assessor_name)
        allocations = [
            f
            for f in allocation_repo.list_allocations(conn, exercise.round_id)
            if assessor is not None and f.assessor_id == assessor.id
        ]
        if not allocations:
            raise Refused(f"{assessor_name} is not assigned to “{exercise.name}”.")
        if any(f.status != SUBMITTED for f in allocations):
            raise Refused(
                f"{assessor_name} has not submitted “{exercise.name}” yet; "
                "the definitive scores are shown only after submission."
            )
        labels = {i.submission_id: i.label for i in repo.items(conn, exercise.id)}
        own = {
            (f.submission_id, cid): s.score
            for f in allocations
            for cid, s in score_repo.scores_for(conn, f.id).items()
        }
        return [
            KeyLine(
                labels.get(k.submission_id, ""),
                k.criterion_id,
                own.get((k.submission_id, k.criterion_id)),
                k.score,
                k.rationale,
            )
            for k in repo.key_entries(conn, exercise.id)
        ]


def exercise_of_round(workspace: Workspace, round_id: int) -> str | None:
    """The exercise a (hidden) round belongs to, or None for a live round."""
    with workspace.read() as conn:
        found = repo.exercise_for_round(conn, round_id)
        return found.name if found else None


@dataclass(frozen=True)
class PanelLine:
    """One assessor on a round's panel summary: their standing for the round's framework."""

    assessor: str
    status: str
    exercise: str
    reason: str
    submitted_at: str


def panel_summary(workspace: Workspace, round_name: str) -> list[PanelLine]:
    """Every assessor allocated in the round or calibrated for its framework, and their standing.

    Empty when the framework has no calibration exercise: the workbook then has no sheet.
    """
    chosen = require_round(workspace, round_name)
    with workspace.read() as conn:
        exercises = repo.list_exercises(conn)
        if not any(e.framework_id == chosen.framework_id for e in exercises):
            return []
        held = qualification(conn, chosen.framework_id)
        names = {f.assessor for f in allocation_repo.list_allocations(conn, chosen.id)}
        names |= set(held)
    lines = []
    for name in sorted(names, key=str.casefold):
        attempt = held.get(name)
        if attempt is None:
            lines.append(PanelLine(name, "not calibrated", "", "no exercise submitted", ""))
        else:
            lines.append(
                PanelLine(
                    name, attempt.status, attempt.exercise, attempt.reason, attempt.submitted_at
                )
            )
    return lines
