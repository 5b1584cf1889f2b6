"""The queue's figures counted without criterion lines equal those of the full review."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arf_desktop.domain.framework import Framework
from arf_desktop.domain.moderation import (
    Agreed,
    LevelShape,
    SubmissionReview,
    SubmissionSummary,
    review_submission,
    summarise_columns,
)

FIGURES = (
    "submission_id",
    "organisation",
    "level_applied",
    "assessors",
    "allocated",
    "disagreements",
    "wide_spreads",
    "to_agree",
    "outcome_differs",
    "live",
    "awaiting",
    "risk",
)


def both(
    framework: Framework,
    level: str,
    scores: dict[str, dict[str, int | None]],
    agreed: dict[str, int],
    allocated: int,
) -> tuple[SubmissionSummary, SubmissionReview]:
    shape = LevelShape.of(framework, level)
    assessors = tuple(sorted(scores))
    columns = [list(map(scores[name].get, shape.ids)) for name in assessors]
    identity = (7, "Bolton", level)
    summary = summarise_columns(framework, shape, identity, assessors, columns, agreed, allocated)
    full = {cid: Agreed(score, "Why.") for cid, score in agreed.items()}
    return summary, review_submission(framework, 7, "Bolton", level, scores, full, allocated)


def assert_same(summary: SubmissionSummary, review: SubmissionReview) -> None:
    for name in FIGURES:
        assert getattr(summary, name) == getattr(review, name), name
    assert summary.sort_key() == review.sort_key()


def sheet(rng: random.Random, ids: list[str], base: dict[str, int], gaps: float) -> dict:
    return {
        cid: None if rng.random() < gaps else min(3, max(0, base[cid] + rng.choice((0, 0, -1, 1))))
        for cid in ids
        if rng.random() >= gaps / 2  # some criteria not even started
    }


@pytest.mark.parametrize("level", ["bronze", "silver", "gold"])
@pytest.mark.parametrize("seed", range(12))
def test_random_panels_give_the_same_figures(framework: Framework, level: str, seed: int) -> None:
    rng = random.Random(seed)
    ids = [c.id for c in framework.criteria]  # scores above the level applied are ignored
    base = {cid: rng.choice((1, 2, 2, 3)) for cid in ids}
    panel = rng.choice((0, 1, 2, 3, 3, 3))
    gaps = rng.choice((0.0, 0.0, 0.05, 0.3))
    scores = {f"Assessor {n}": sheet(rng, ids, base, gaps) for n in range(panel)}
    agreed = {cid: rng.choice((1, 2, 3)) for cid in rng.sample(ids, rng.choice((0, 3, 20)))}
    allocated = max(panel, 1) + rng.choice((0, 0, 1))
    assert_same(*both(framework, level, scores, agreed, allocated))


def test_unanimous_met_open_and_agreed(framework: Framework) -> None:
    ids = [c.id for c in framework.criteria_up_to("silver")]
    two = {cid: 2 for cid in ids}
    cases = [
        ({"A": two, "B": dict(two), "C": dict(two)}, {}, 3),  # unanimous, awarded
        ({"A": two, "B": dict(two)}, {}, 3),  # awaiting a third assessor: nothing unanimous
        ({"A": two, "B": {**two, ids[0]: 1}, "C": {**two, ids[0]: 3}}, {}, 3),  # outcome differs
        ({"A": two, "B": {**two, ids[0]: 0}}, {ids[0]: 1}, 2),  # wide spread, agreed
        ({"A": {**two, ids[-1]: 1}, "B": {**two, ids[0]: 0}}, {}, 2),  # minor against not yet
        ({"A": {**two, ids[-1]: 1}, "B": {**two, ids[-1]: 1}}, {}, 2),  # both minor
        ({"A": {**two, ids[1]: None}, "B": two}, {}, 2),  # one criterion left unscored
        ({"A": {}, "B": two}, {}, 2),  # an assessor who scored nothing
        ({}, {ids[2]: 3}, 3),  # nobody has submitted
    ]
    for scores, agreed, allocated in cases:
        assert_same(*both(framework, "silver", scores, agreed, allocated))


def test_criteria_that_need_not_be_met(framework: Framework) -> None:
    """With must-meet criteria a subset, the quick award is still the award rule's."""
    relaxed = replace(
        framework,
        criteria=tuple(replace(c, must_meet=n % 3 != 0) for n, c in enumerate(framework.criteria)),
    )
    ids = [c.id for c in relaxed.criteria]
    for seed in range(20):
        rng = random.Random(seed)
        scores = {name: {cid: rng.choice((1, 2, 2, 3, 3)) for cid in ids} for name in "ABC"}
        assert_same(*both(relaxed, "gold", scores, {}, 3))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=17, max_size=17),
        min_size=0,
        max_size=4,
    ),
    st.integers(0, 5),
    st.dictionaries(st.integers(0, 16), st.integers(0, 3), max_size=5),
)
def test_any_bronze_panel(
    framework: Framework, columns: list[list[int | None]], extra: int, agreed: dict[int, int]
) -> None:
    ids = [c.id for c in framework.criteria_up_to("bronze")]
    scores = {f"A{n}": dict(zip(ids, column, strict=True)) for n, column in enumerate(columns)}
    chosen = {ids[i]: score for i, score in agreed.items()}
    assert_same(*both(framework, "bronze", scores, chosen, len(columns) + extra))
