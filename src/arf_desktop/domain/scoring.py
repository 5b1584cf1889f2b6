"""Scoring as plain data and rules: assessors, conflicts of interest, allocation, submit checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SUBMITTED = "submitted"
ALLOCATED = "allocated"


@dataclass(frozen=True)
class Assessor:
    id: int
    name: str
    organisation_id: int | None
    organisation: str | None
    icb: str | None
    email: str | None
    active: bool


@dataclass(frozen=True)
class DeclaredConflict:
    """A conflict of interest an assessor declared for one organisation."""

    id: int
    assessor_id: int
    assessor: str
    organisation_id: int
    organisation: str
    kind: str
    reason: str
    starts_on: str | None
    ends_on: str | None

    def applies_on(self, day: str) -> bool:
        """True when `day` (YYYY-MM-DD) falls within the declared dates (open ends allowed)."""
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )


@dataclass(frozen=True)
class OrganisationRef:
    """Just enough of an organisation to judge a conflict of interest."""

    id: int
    name: str
    icb: str | None


@dataclass(frozen=True)
class AllocationRow:
    """One assessor's allocation to one submission, with progress."""

    id: int
    round_id: int
    round_name: str
    submission_id: int
    organisation_id: int
    organisation: str
    icb: str | None
    assessor_id: int
    assessor: str
    status: str
    allocated_at: str
    submitted_at: str | None
    level_applied: str
    scored: int
    total: int
    conflict: str | None = None

    @property
    def submitted(self) -> bool:
        return self.status == SUBMITTED

    @property
    def progress(self) -> str:
        return f"{self.scored} / {self.total}"

    @property
    def state(self) -> str:
        """Written-out status, so colour is never the only signal."""
        if self.conflict:
            return "Conflict of interest"
        if self.submitted:
            return "Submitted"
        if self.scored == 0:
            return "Not started"
        if self.scored >= self.total:
            return "All scored, not submitted"
        return "In progress"


@dataclass(frozen=True)
class ScoreChange:
    """What one edit changed: the field, its old and new value, and the row's revision after."""

    allocation_id: int
    criterion_id: str
    field: str
    old: int | str | None
    new: int | str | None
    revision: int
    changed: bool
    at: str
    actor: str


# -- conflicts of interest ---------------------------------------------------


def conflict_reasons(
    assessor: Assessor,
    organisation: OrganisationRef,
    declared: Iterable[DeclaredConflict],
    same_icb_conflict: bool,
    day: str,
) -> list[str]:
    """Every reason the assessor may not score this organisation's submission (empty: none)."""
    reasons: list[str] = []
    if assessor.organisation_id is not None and assessor.organisation_id == organisation.id:
        reasons.append(f"{assessor.name} works for {organisation.name} (own organisation)")
    if (
        same_icb_conflict
        and assessor.icb
        and organisation.icb
        and assessor.icb.casefold() == organisation.icb.casefold()
        and assessor.organisation_id != organisation.id
    ):
        reasons.append(
            f"{assessor.name} is in the same ICB ({organisation.icb}), which this round "
            "treats as a conflict"
        )
    for conflict in declared:
        if (
            conflict.assessor_id == assessor.id
            and conflict.organisation_id == organisation.id
            and conflict.applies_on(day)
        ):
            reasons.append(
                f"{assessor.name} declared a conflict with {organisation.name} "
                f"({conflict.kind}: {conflict.reason})"
            )
    return reasons


# -- allocation ----------------------------------------------------------------


@dataclass(frozen=True)
class AllocationNeed:
    """One submission to allocate: who is already on it and who could be added."""

    submission_id: int
    organisation: str
    existing: frozenset[int]
    eligible: tuple[int, ...]
    refusals: Mapping[int, str]


class AllocationImpossible(ValueError):
    """Some submissions cannot get enough unconflicted assessors; `problems` names each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def plan_allocation(
    needs: Sequence[AllocationNeed],
    per_submission: int,
    load: Mapping[int, int],
    names: Mapping[int, str],
) -> dict[int, list[int]]:
    """New (submission → assessors) pairs so every submission has `per_submission` assessors.

    Never pairs a conflicted assessor (only `eligible` ones are used), keeps existing
    allocations, and balances load: a greedy pass (most constrained submissions first,
    least loaded assessor first) followed by moving allocations along chains from the most
    loaded assessors to the least loaded until no chain lowers the maximum load.
    """
    problems = []
    for need in needs:
        wanted = per_submission - len(need.existing)
        free = [a for a in need.eligible if a not in need.existing]
        if wanted > len(free):
            refused = "; ".join(
                need.refusals[a] for a in sorted(need.refusals, key=lambda a: names.get(a, ""))
            )
            have = len(need.existing) + len(free)
            problems.append(
                f"{need.organisation} needs {per_submission} assessors but only {have} of those "
                f"named can score it" + (f": {refused}" if refused else "")
            )
    if problems:
        raise AllocationImpossible(problems)

    loads = {a: load.get(a, 0) for a in names}
    chosen: dict[int, list[int]] = {}
    order = sorted(needs, key=lambda n: (len(n.eligible) - len(n.existing), n.organisation))
    for need in order:
        wanted = per_submission - len(need.existing)
        if wanted <= 0:
            continue
        free = [a for a in need.eligible if a not in need.existing]
        picks = sorted(free, key=lambda a: (loads[a], names.get(a, "")))[:wanted]
        chosen[need.submission_id] = picks
        for assessor in picks:
            loads[assessor] += 1
    _rebalance(chosen, {n.submission_id: n for n in needs}, loads)
    return {sub: sorted(picks, key=lambda a: names.get(a, "")) for sub, picks in chosen.items()}


def _rebalance(
    chosen: dict[int, list[int]], needs: Mapping[int, AllocationNeed], loads: dict[int, int]
) -> None:
    """Move new allocations along chains a → b → … → z while z's load ≤ a's load − 2."""
    for _ in range(10_000):
        if not loads:
            return
        path = _improving_chain(chosen, needs, loads)
        if path is None:
            return
        for submission_id, giver, taker in path:
            picks = chosen[submission_id]
            picks[picks.index(giver)] = taker
        loads[path[0][1]] -= 1
        loads[path[-1][2]] += 1


def _improving_chain(
    chosen: Mapping[int, list[int]], needs: Mapping[int, AllocationNeed], loads: Mapping[int, int]
) -> list[tuple[int, int, int]] | None:
    highest = max(loads.values())
    held: dict[int, list[int]] = {}
    for submission_id, picks in sorted(chosen.items()):
        for assessor in picks:
            held.setdefault(assessor, []).append(submission_id)
    for start in sorted(a for a, n in loads.items() if n == highest):
        came_from: dict[int, tuple[int, int, int] | None] = {start: None}
        frontier = [start]
        while frontier:
            following = []
            for giver in frontier:
                for submission_id in held.get(giver, []):
                    need = needs[submission_id]
                    on = set(chosen[submission_id]) | need.existing
                    for taker in need.eligible:
                        if taker in came_from or taker in on:
                            continue
                        came_from[taker] = (submission_id, giver, taker)
                        if loads[taker] <= highest - 2:
                            return _unwind(came_from, taker)
                        following.append(taker)
            frontier = following
    return None


def _unwind(came_from: Mapping[int, tuple[int, int, int] | None], end: int) -> list:
    path = []
    step = came_from[end]
    while step is not None:
        path.append(step)
        step = came_from[step[1]]
    return list(reversed(path))


# -- submitting ------------------------------------------------------------------


def submit_problems(
    criteria: Sequence[str],
    scores: Mapping[str, tuple[int | None, str]],
    threshold: int,
) -> list[str]:
    """Why these scores cannot be submitted yet (empty: they can)."""
    unscored = [cid for cid in criteria if scores.get(cid, (None, ""))[0] is None]
    uncommented = [
        cid
        for cid in criteria
        if (value := scores.get(cid, (None, ""))[0]) is not None
        and value < threshold
        and not scores[cid][1].strip()
    ]
    problems = []
    if unscored:
        problems.append(
            f"{len(unscored)} of {len(criteria)} criteria have no score yet: {', '.join(unscored)}"
        )
    if uncommented:
        problems.append(
            f"{len(uncommented)} criteria scored below {threshold} need a comment saying what "
            f"is missing: {', '.join(uncommented)}"
        )
    return problems
