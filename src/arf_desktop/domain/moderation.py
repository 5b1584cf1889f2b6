"""Moderation as plain rules: disagreement flags, decision risk, unanimity, rationales."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress

from arf_desktop.domain.award import AwardShape, OutcomeResult, compute_outcome
from arf_desktop.domain.framework import Framework

RISK_OUTCOME = 0  # assessors' scores lead to different outcomes
RISK_SPREAD = 1  # a spread of 2 or more on some criterion
RISK_DISAGREE = 2  # any disagreement
RISK_NONE = 3  # every criterion unanimous
RISK_AWAITING = 4  # not every allocated assessor has submitted yet
RISK_LABELS = {
    RISK_OUTCOME: "Outcome differs",
    RISK_SPREAD: "Wide spread",
    RISK_DISAGREE: "Disagreement",
    RISK_NONE: "Unanimous",
    RISK_AWAITING: "Awaiting assessors",
}


OUTCOME_LABELS = {
    "awarded": "Awarded",
    "minor_revisions": "Minor revisions",
    "not_yet_awarded": "Not yet awarded",
}


def outcome_label(outcome: str | None, level: str | None) -> str:
    """An outcome as people say it: "Awarded · Silver", "Minor revisions · Bronze"."""
    label = OUTCOME_LABELS.get(outcome or "", outcome or "Open")
    return f"{label} · {level.capitalize()}" if level else label


@dataclass(frozen=True)
class Agreed:
    """The panel's agreed score for one criterion, as stored."""

    score: int
    rationale: str = ""
    feedback: str = ""


@dataclass(frozen=True)
class CriterionLine:
    """One criterion of one submission: each assessor's score and what the panel agreed.

    `given`, `spread`, `unanimous_score` (every assessor gave the same score) and
    `effective` (the panel's score, else the unanimous one) are worked out once, when
    the line is made: a national round has 13,500 lines, read several times each.
    """

    criterion_id: str
    scores: Mapping[str, int | None]
    agreed: Agreed | None = None
    expected: int = 0  # assessors allocated; unanimity needs every one of them
    given: list[int] = field(init=False, compare=False, repr=False)
    spread: int = field(init=False, compare=False, repr=False)
    unanimous_score: int | None = field(init=False, compare=False, repr=False)
    effective: int | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        given = [s for s in self.scores.values() if s is not None]
        low, high = (min(given), max(given)) if given else (0, 0)
        everyone = len(given) == max(self.expected, len(self.scores))
        unanimous = given[0] if given and everyone and low == high else None
        # One update of the instance's attributes (frozen: no setattr); 13,500 lines a round.
        self.__dict__.update(
            given=given,
            spread=high - low,
            unanimous_score=unanimous,
            effective=self.agreed.score if self.agreed else unanimous,
        )

    @property
    def status(self) -> str:
        if self.agreed is not None:
            return "Agreed"
        if self.unanimous_score is not None:
            return "Unanimous"
        if len(self.given) < self.expected:
            return f"Awaiting {self.expected - len(self.given)} more"
        return "To agree" if self.given else "Not scored"


def rationale_required(score: int, assessor_scores: Mapping[str, int | None]) -> bool:
    """A rationale is due when the agreed score differs from any assessor's score."""
    return any(given is not None and given != score for given in assessor_scores.values())


@dataclass(frozen=True)
class SubmissionReview:
    """Everything the moderation queue and screen need to know about one submission."""

    submission_id: int
    organisation: str
    level_applied: str
    assessors: tuple[str, ...]
    lines: tuple[CriterionLine, ...]
    allocated: int = 0
    outcomes_by_assessor: Mapping[str, OutcomeResult] = field(default_factory=dict)
    live: OutcomeResult | None = None

    @cached_property
    def disagreements(self) -> int:
        return sum(line.spread > 0 for line in self.lines)

    @cached_property
    def wide_spreads(self) -> int:
        return sum(line.spread >= 2 for line in self.lines)

    @cached_property
    def outcome_differs(self) -> bool:
        seen = {(r.outcome, r.level_awarded) for r in self.outcomes_by_assessor.values()}
        return len(seen) > 1

    @property
    def awaiting(self) -> bool:
        """Some allocated assessor has not submitted (or nobody is allocated yet)."""
        return len(self.assessors) < max(self.allocated, 1)

    @cached_property
    def risk(self) -> int:
        return risk_of(self)

    @cached_property
    def to_agree(self) -> int:
        return sum(line.effective is None for line in self.lines)

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.risk, -self.wide_spreads, -self.disagreements, self.organisation.casefold())


def review_submission(
    framework: Framework,
    submission_id: int,
    organisation: str,
    level_applied: str,
    scores: Mapping[str, Mapping[str, int | None]],
    agreed: Mapping[str, Agreed],
    allocated: int = 0,
) -> SubmissionReview:
    """Build the review of one submission from {assessor: {criterion: score}} and agreements.

    `allocated` is how many assessors were given the submission: a criterion is unanimous
    only when every one of them has submitted the same score.
    """
    assessors = tuple(sorted(scores))
    criteria = framework.criteria_up_to(level_applied)
    lines = tuple(
        CriterionLine(
            c.id, {name: scores[name].get(c.id) for name in assessors}, agreed.get(c.id), allocated
        )
        for c in criteria
    )
    per_assessor = {
        name: compute_outcome(
            framework,
            level_applied,
            {cid: s for cid, s in scores[name].items() if s is not None},
        )
        for name in assessors
    }
    effective = {line.criterion_id: line.effective for line in lines if line.effective is not None}
    live = compute_outcome(framework, level_applied, effective)  # type: ignore[arg-type]
    return SubmissionReview(
        submission_id, organisation, level_applied, assessors, lines, allocated, per_assessor, live
    )


def order_by_risk(reviews: list[SubmissionReview]) -> list[SubmissionReview]:
    """Decision risk first: outcome-changing disagreements, then wide spreads, then any."""
    return sorted(reviews, key=SubmissionReview.sort_key)


def risk_of(review: SubmissionReview | SubmissionSummary) -> int:
    """Decision risk from the queue's figures (the same for a review and its summary)."""
    if review.outcome_differs:
        return RISK_OUTCOME
    if review.wide_spreads:
        return RISK_SPREAD
    if review.disagreements:
        return RISK_DISAGREE
    return RISK_AWAITING if review.awaiting else RISK_NONE


@dataclass(frozen=True)
class SubmissionSummary:
    """What the moderation queue shows of one submission, worked out without its lines.

    The same figures as `SubmissionReview` gives (`summarise_columns` counts them in one
    walk over the scores); the criterion lines are built only for the submission shown.
    """

    submission_id: int
    organisation: str
    level_applied: str
    assessors: tuple[str, ...]
    allocated: int
    disagreements: int
    wide_spreads: int
    to_agree: int
    outcome_differs: bool
    live: OutcomeResult | None

    @property
    def awaiting(self) -> bool:
        return len(self.assessors) < max(self.allocated, 1)

    @property
    def risk(self) -> int:
        return risk_of(self)

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.risk, -self.wide_spreads, -self.disagreements, self.organisation.casefold())


@dataclass(frozen=True)
class LevelShape:
    """A level's criteria as the summary walks them: ids in order, and the must-meet ones."""

    ids: tuple[str, ...]
    must_meet: tuple[int, ...]  # positions in `ids`
    members: frozenset[str] = frozenset()  # the ids, to look up
    all_must_meet: bool = False
    award: AwardShape | None = None  # the award rule at this level, for each assessor's sheet

    @staticmethod
    def of(framework: Framework, level_id: str) -> LevelShape:
        criteria = framework.criteria_up_to(level_id)
        ids = tuple(c.id for c in criteria)
        must_meet = tuple(i for i, c in enumerate(criteria) if c.must_meet)
        award = AwardShape.of(framework, level_id)
        return LevelShape(ids, must_meet, frozenset(ids), len(must_meet) == len(ids), award)


def summarise_columns(
    framework: Framework,
    shape: LevelShape,
    identity: tuple[int, str, str],
    assessors: tuple[str, ...],
    columns: list[list[int | None]],
    agreed: Mapping[str, int],
    allocated: int = 0,
) -> SubmissionSummary:
    """The queue's figures for one submission (id, organisation, level applied), from each
    assessor's column of scores in `shape.ids` order (None where not scored), the assessors
    in name order, and the agreed scores, without building its lines."""
    submission_id, organisation, level_applied = identity
    everyone = max(allocated, len(assessors))
    disagreements, wide, effective = criterion_figures(shape, columns, everyone, agreed)
    differs = _outcomes_differ(framework, shape, level_applied, columns)
    return SubmissionSummary(
        submission_id,
        organisation,
        level_applied,
        assessors,
        allocated,
        disagreements,
        wide,
        len(shape.ids) - len(effective),
        differs,
        compute_outcome(framework, level_applied, effective),
    )


Figures = tuple[int, int, dict[str, int]]  # disagreements, wide spreads, effective scores


def criterion_figures(
    shape: LevelShape,
    columns: list[list[int | None]],
    everyone: int,
    agreed: Mapping[str, int],
) -> Figures:
    """Disagreements, wide spreads and each criterion's effective score (agreed, else
    unanimous), as a submission's `CriterionLine`s give them, from its assessors' columns of
    scores (one per assessor, in `shape.ids` order); `everyone` is how many must agree."""
    if len(columns) >= 2 and not any(None in column for column in columns):
        return _full_figures(shape, columns, everyone, agreed)  # type: ignore[arg-type]
    return _figures(shape.ids, columns, everyone, agreed)


class _Spreads(dict[tuple[int, ...], int]):
    """The spread of each criterion's scores, by the scores given (a handful of points on the
    scale and a panel of a few: a few dozen kinds), worked out once for the whole round."""

    def __missing__(self, scores: tuple[int, ...]) -> int:
        if len(self) > 4096:  # an unusual scale or panel: kept from growing without end
            self.clear()
        spread = self[scores] = max(scores) - min(scores)
        return spread


_SPREADS = _Spreads()


def _full_figures(
    shape: LevelShape, columns: list[list[int]], everyone: int, agreed: Mapping[str, int]
) -> Figures:
    """`_figures` when every assessor (two or more) scored every criterion: column-wise."""
    spreads = list(map(_SPREADS.__getitem__, zip(*columns, strict=True)))
    agreeing = spreads.count(0)
    wide = len(spreads) - agreeing - spreads.count(1)  # spreads are never negative
    effective: dict[str, int] = {}
    if agreeing and len(columns) == everyone:  # unanimous, as every allocated assessor scored
        unanimous = map((0).__eq__, spreads)
        effective = dict(compress(zip(shape.ids, columns[0], strict=True), unanimous))
    effective.update((cid, score) for cid, score in agreed.items() if cid in shape.members)
    return len(spreads) - agreeing, wide, effective


def _figures(
    ids: tuple[str, ...],
    columns: list[list[int | None]],
    everyone: int,
    agreed: Mapping[str, int],
) -> Figures:
    """`criterion_figures`, one criterion at a time."""
    disagreements = wide = 0
    effective: dict[str, int] = {}
    per_criterion = zip(*columns, strict=True) if columns else [()] * len(ids)
    for cid, values in zip(ids, per_criterion, strict=True):
        given = values if None not in values else [v for v in values if v is not None]
        unanimous = None
        if given:
            spread = max(given) - min(given)
            if spread:
                disagreements += 1
                wide += spread >= 2
            elif len(given) == everyone:
                unanimous = given[0]
        score = agreed.get(cid, unanimous)
        if score is not None:
            effective[cid] = score
    return disagreements, wide, effective


def _outcomes_differ(
    framework: Framework, shape: LevelShape, level_applied: str, columns: list[list[int | None]]
) -> bool:
    """Whether the assessors' own scores (their columns, in `shape.ids` order) lead to
    different (outcome, level awarded); the award rule reads only the must-meet scores."""
    award = shape.award or AwardShape.of(framework, level_applied)
    everything, must_meet = shape.all_must_meet, shape.must_meet
    seen: set[tuple[str | None, str | None]] = set()
    for column in columns:
        seen.add(award.decide(column if everything else [column[i] for i in must_meet]))
        if len(seen) > 1:
            return True
    return False
