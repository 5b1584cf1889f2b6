"""The calibration rules on their own: agreement with the key, tolerance, latest attempt, drift."""

from __future__ import annotations

from arf_desktop.domain.calibration import (
    NOT_QUALIFIED,
    PENDING,
    QUALIFIED,
    Attempt,
    Tolerance,
    compare,
    latest_attempts,
    severity,
    shown_as,
    status_of,
    why_not,
)

KEY = {f"C{i:02d}": 2 for i in range(1, 18)}  # 17 criteria, all definitive 2


def test_sixteen_of_seventeen_exact_one_adjacent_qualifies() -> None:
    own = {**KEY, "C05": 3}
    agreement = compare(own, KEY)
    assert (agreement.n, agreement.exact, agreement.adjacent, agreement.max_difference) == (
        17, 16, 1, 1,
    )  # fmt: skip
    assert status_of(agreement, Tolerance(0.8, 1)) == QUALIFIED


def test_one_criterion_two_away_does_not_qualify_and_says_which() -> None:
    agreement = compare({**KEY, "C09": 0}, KEY)
    assert status_of(agreement, Tolerance(0.8, 1)) == NOT_QUALIFIED
    assert agreement.furthest == ("C09",)
    assert why_not(agreement, Tolerance(0.8, 1)) == "C09 2 away (at most 1 allowed)"


def test_mean_difference_is_own_minus_definitive() -> None:
    severe = compare({**KEY, "C01": 1, "C02": 1}, KEY)
    lenient = compare({**KEY, "C01": 3}, KEY)
    assert severe.mean_difference == round(-2 / 17, 3) < 0 < lenient.mean_difference


def test_the_exact_share_boundary_is_inclusive() -> None:
    own = {**KEY, "C01": 3, "C02": 3, "C03": 3}  # 14/17 = 82.4%
    assert status_of(compare(own, KEY), Tolerance(14 / 17, 1)) == QUALIFIED
    assert status_of(compare(own, KEY), Tolerance(0.85, 1)) == NOT_QUALIFIED
    assert "14 of 17 exact" in why_not(compare(own, KEY), Tolerance(0.85, 1))


def test_nothing_scored_is_pending_and_bad_tolerances_are_named() -> None:
    assert status_of(compare({}, KEY), Tolerance()) == PENDING
    assert status_of(None, Tolerance()) == PENDING
    assert len(Tolerance(1.5, -1).problems()) == 2


def test_the_latest_attempt_decides() -> None:
    older = Attempt("A", 1, "2025-01-01T10:00:00Z", QUALIFIED, "")
    newer = Attempt("B", 1, "2025-06-01T10:00:00Z", NOT_QUALIFIED, "C01 2 away")
    other = Attempt("C", 2, "2024-01-01T10:00:00Z", QUALIFIED, "")
    latest = latest_attempts([newer, older, other])
    assert latest[1] is newer and latest[2] is other


def test_severity_counts_items_and_marks_the_band() -> None:
    drifted = severity("Siân", [("s1", -1), ("s1", -1), ("s2", 0)], band=0.5)
    assert (drifted.items, drifted.criteria, drifted.outside) == (2, 3, True)
    assert drifted.mean_difference == round(-2 / 3, 3)
    assert not severity("Amara", [("s1", 1), ("s1", -1)], band=0.5).outside
    assert severity("Nobody", [], band=0.5).items == 0


def test_a_calibration_item_is_marked_for_its_assessor() -> None:
    assert shown_as("Reference A", "Calibration: Bronze") == "Reference A — calibration"
    assert shown_as("Bolton", "2025/26 round") == "Bolton"
