"""Calibration rules: agreement with a definitive key, the tolerance and qualification."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

QUALIFIED = "qualified"
NOT_QUALIFIED = "not_qualified"
PENDING = "pending"
DEFAULT_MIN_EXACT = 0.8
DEFAULT_MAX_DIFFERENCE = 1
ROUND_PREFIX = "Calibration: "  # the hidden round that holds an exercise's items


def exercise_round(name: str) -> str:
    """The name of the hidden round that holds an exercise."""
    return f"{ROUND_PREFIX}{' '.join(name.split())}"


def shown_as(organisation: str, round_name: str) -> str:
    """How an allocation is listed to its assessor: a calibration item says it is one."""
    return f"{organisation} — calibration" if round_name.startswith(ROUND_PREFIX) else organisation


@dataclass(frozen=True)
class Tolerance:
    """How close an assessor must come to the key: a share of exact scores and a ceiling."""

    min_exact: float = DEFAULT_MIN_EXACT
    max_difference: int = DEFAULT_MAX_DIFFERENCE

    def problems(self) -> list[str]:
        found = []
        if not 0 <= self.min_exact <= 1:
            found.append(f"--min-exact must be between 0 and 1 (not {self.min_exact})")
        if self.max_difference < 0:
            found.append(f"--max-difference must be 0 or more (not {self.max_difference})")
        return found


@dataclass(frozen=True)
class Agreement:
    """How one assessor's scores compare with the key, criterion by criterion."""

    n: int
    exact: int
    adjacent: int
    mean_difference: float
    max_difference: int
    furthest: tuple[str, ...] = ()

    @property
    def exact_share(self) -> float:
        return self.exact / self.n if self.n else 0.0


def compare(own: Mapping[str, int | None], key: Mapping[str, int]) -> Agreement:
    """Compare scores with the key over the criteria both hold.

    The difference is the assessor's score minus the definitive one, so a severe
    assessor (scoring lower) has a negative mean. Adjacent means exactly one point away.
    """
    differences = {
        cid: own[cid] - definitive  # type: ignore[operator]
        for cid, definitive in key.items()
        if own.get(cid) is not None
    }
    if not differences:
        return Agreement(0, 0, 0, 0.0, 0)
    widest = max(abs(d) for d in differences.values())
    return Agreement(
        n=len(differences),
        exact=sum(1 for d in differences.values() if d == 0),
        adjacent=sum(1 for d in differences.values() if abs(d) == 1),
        mean_difference=round(sum(differences.values()) / len(differences), 3),
        max_difference=widest,
        furthest=tuple(sorted(c for c, d in differences.items() if widest and abs(d) == widest)),
    )


def status_of(agreement: Agreement | None, tolerance: Tolerance) -> str:
    """Qualified when the exact share and the widest difference are both within tolerance."""
    if agreement is None or agreement.n == 0:
        return PENDING
    within = (
        agreement.exact_share >= tolerance.min_exact - 1e-9
        and agreement.max_difference <= tolerance.max_difference
    )
    return QUALIFIED if within else NOT_QUALIFIED


def why_not(agreement: Agreement, tolerance: Tolerance) -> str:
    """The reason an assessor is not qualified, in one line."""
    reasons = []
    if agreement.exact_share < tolerance.min_exact - 1e-9:
        reasons.append(
            f"{agreement.exact} of {agreement.n} exact "
            f"({agreement.exact_share:.0%}, needs {tolerance.min_exact:.0%})"
        )
    if agreement.max_difference > tolerance.max_difference:
        reasons.append(
            f"{', '.join(agreement.furthest)} {agreement.max_difference} away "
            f"(at most {tolerance.max_difference} allowed)"
        )
    return "; ".join(reasons) or "within tolerance"


@dataclass(frozen=True)
class Attempt:
    """One assessor's submitted exercise: when, against which framework, and the result."""

    exercise: str
    framework_id: int
    submitted_at: str
    status: str
    reason: str


def latest_attempts(attempts: Iterable[Attempt]) -> dict[int, Attempt]:
    """{framework id: the latest submitted attempt}: the one that decides qualification."""
    found: dict[int, Attempt] = {}
    for attempt in attempts:
        held = found.get(attempt.framework_id)
        if held is None or attempt.submitted_at >= held.submitted_at:
            found[attempt.framework_id] = attempt
    return found


@dataclass(frozen=True)
class Severity:
    """An assessor's drift against agreed (or definitive) scores during a live round."""

    assessor: str
    items: int
    criteria: int
    mean_difference: float
    outside: bool


def severity(assessor: str, differences: Sequence[tuple[int, int]], band: float) -> Severity:
    """Drift from (item id, own minus agreed) pairs; outside when |mean| exceeds the band."""
    if not differences:
        return Severity(assessor, 0, 0, 0.0, False)
    mean = round(sum(d for _, d in differences) / len(differences), 3)
    items = len({item for item, _ in differences})
    return Severity(assessor, items, len(differences), mean, abs(mean) > band + 1e-9)
