"""Tests for the agreement statistics, by hand and against reference implementations."""

from __future__ import annotations

import json
import math
import random
import time
import warnings
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from arf_desktop.domain.agreement import (
    AgreementSummary,
    AssessorSeverity,
    PairwiseKappa,
    Rating,
    adjacent_agreement,
    cohen_kappa,
    exact_agreement,
    fleiss_kappa,
    krippendorff_alpha,
    pairwise_kappas,
    severity,
    summarise,
)

SCALE = [0, 1, 2, 3]
ROUNDS = 200
TOLERANCE = 1e-9
CATEGORY_SETS = ([0, 1, 2, 3], [0, 1, 2, 3, 4], [1, 2, 3], [0, 1], [0, 1, 3, 6])


def ratings_from_rows(rows: dict[str, list[int | None]]) -> list[Rating]:
    """Assessor -> scores per item (None = not scored); items are named i0, i1, ..."""
    return [
        Rating(f"i{index}", assessor, score)
        for assessor, scores in rows.items()
        for index, score in enumerate(scores)
        if score is not None
    ]


def ratings_from_pairs(pairs: list[tuple[int, int]]) -> list[Rating]:
    return ratings_from_rows({"a": [p[0] for p in pairs], "b": [p[1] for p in pairs]})


def assert_matches(ours: float | None, reference: float, context: object) -> None:
    if math.isnan(reference):
        assert ours is None, context
    else:
        assert ours is not None, context
        assert abs(ours - reference) <= TOLERANCE, (context, ours, reference)


# --- random rounds --------------------------------------------------------------------------


@dataclass(frozen=True)
class RandomRound:
    scores: dict[tuple[str, str], int]  # (item, assessor) -> score
    categories: list[int]
    assessors: list[str]
    items: list[str]

    @property
    def ratings(self) -> list[Rating]:
        return [Rating(item, assessor, score) for (item, assessor), score in self.scores.items()]

    def score(self, item: str, assessor: str) -> int | None:
        return self.scores.get((item, assessor))

    def reliability_matrix(self) -> np.ndarray:
        return np.array(
            [[self.scores.get((i, a), np.nan) for i in self.items] for a in self.assessors],
            dtype=float,
        )


def random_round(seed: int) -> RandomRound:
    """A round with 2-5 assessors, varied item counts, category use, noise and missing scores."""
    rng = random.Random(seed)
    categories = list(rng.choice(CATEGORY_SETS))
    used_count = 1 if rng.random() < 0.1 else rng.randint(2, len(categories))
    used = sorted(rng.sample(categories, used_count))
    assessors = [f"assessor-{index}" for index in range(rng.randint(2, 5))]
    items = [f"sub{index}/crit" for index in range(rng.randint(1, 30))]
    missing = rng.choice([0.0, 0.0, 0.1, 0.3, 0.6])
    noise = rng.choice([0.0, 0.2, 0.5, 1.0])
    scores = {}
    for item in items:
        true_rank = rng.randrange(len(used))
        for assessor in assessors:
            if rng.random() < missing:
                continue
            rank = true_rank if rng.random() >= noise else rng.randrange(len(used))
            scores[(item, assessor)] = used[rank]
    return RandomRound(scores, categories, assessors, items)


# --- hand-worked cases ------------------------------------------------------------------------


def test_perfect_agreement_scores_one_everywhere() -> None:
    ratings = ratings_from_rows({"a": [0, 1, 2, 3, 3], "b": [0, 1, 2, 3, 3], "c": [0, 1, 2, 3, 3]})
    summary = summarise(ratings, SCALE)
    assert summary.exact_agreement == 1.0
    assert summary.adjacent_agreement == 1.0
    assert summary.krippendorff_alpha_ordinal == 1.0
    assert summary.krippendorff_alpha_interval == 1.0
    assert summary.fleiss_kappa == 1.0
    assert [p.assessors for p in summary.pairwise] == [("a", "b"), ("a", "c"), ("b", "c")]
    for pair in summary.pairwise:
        assert pair.n == 5
        assert pair.cohen_kappa == pair.cohen_kappa_linear == pair.cohen_kappa_quadratic == 1.0


def test_total_disagreement() -> None:
    ratings = ratings_from_pairs([(0, 1), (1, 0)])
    assert exact_agreement(ratings) == 0.0
    assert adjacent_agreement(ratings) == 1.0
    assert cohen_kappa([(0, 1), (1, 0)], SCALE) == -1.0
    assert cohen_kappa([(0, 1), (1, 0)], SCALE, "quadratic") == -1.0
    assert fleiss_kappa(ratings, SCALE) == -1.0
    # n = 4 pairable values, D_o = 1, D_e = 8 / (4 * 3): alpha = 1 - 3/2
    assert krippendorff_alpha(ratings, "ordinal", SCALE) == -0.5
    assert krippendorff_alpha(ratings, "interval", SCALE) == -0.5


def test_percentage_agreement_pools_pairs_across_items() -> None:
    # item 0: pairs (0,0) (0,1) (0,1); item 1: (3,1); item 2 has a single rating and no pairs
    ratings = ratings_from_rows({"a": [0, 3, 2], "b": [0, 1, None], "c": [1, None, None]})
    assert exact_agreement(ratings) == pytest.approx(1 / 4)
    assert adjacent_agreement(ratings) == pytest.approx(3 / 4)


def test_cohen_kappa_textbook_example() -> None:
    # Wikipedia: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> p_o = 0.7, p_e = 0.5, kappa = 0.4
    pairs = [(1, 1)] * 20 + [(1, 0)] * 5 + [(0, 1)] * 10 + [(0, 0)] * 15
    assert cohen_kappa(pairs, [0, 1]) == pytest.approx(0.4, abs=1e-15)


def test_weighted_kappa_by_hand() -> None:
    # confusion on ranks 0..2: (0,0) (1,1) (2,2) (0,2); rows [2,1,1], columns [1,1,2], n = 4
    pairs = [(0, 0), (1, 1), (2, 2), (0, 2)]
    # unweighted: observed 1, expected (4*4 - (2*1 + 1*1 + 1*2)) / 4 = 11/4 -> 1 - 4/11
    assert cohen_kappa(pairs, [0, 1, 2]) == pytest.approx(7 / 11, abs=1e-15)
    # linear: observed 2, expected sum |i-j| r_i c_j / 4 = (2+8+1+2+2+1)/4 = 4 -> 1 - 2/4
    assert cohen_kappa(pairs, [0, 1, 2], "linear") == pytest.approx(1 / 2, abs=1e-15)
    # quadratic: observed 4, expected (2+16+1+2+4+1)/4 = 13/2 -> 1 - 8/13
    assert cohen_kappa(pairs, [0, 1, 2], "quadratic") == pytest.approx(5 / 13, abs=1e-15)


def test_fleiss_kappa_textbook_example() -> None:
    # Wikipedia / Fleiss (1971): 10 subjects, 14 raters, 5 categories -> kappa 0.210
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    ratings = []
    for subject, counts in enumerate(table):
        scores = [category for category, count in enumerate(counts, start=1) for _ in range(count)]
        ratings += [Rating(f"s{subject}", f"r{rater}", s) for rater, s in enumerate(scores)]
    kappa = fleiss_kappa(ratings, [1, 2, 3, 4, 5])
    assert kappa is not None
    assert round(kappa, 3) == 0.210
    assert kappa == pytest.approx(sm_fleiss_kappa(np.array(table)), abs=TOLERANCE)


def test_krippendorff_textbook_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders, 12 units
    ratings = ratings_from_rows(
        {
            "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
            "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
            "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
            "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
        }
    )
    ordinal = krippendorff_alpha(ratings, "ordinal", [1, 2, 3, 4, 5])
    interval = krippendorff_alpha(ratings, "interval", [1, 2, 3, 4, 5])
    assert ordinal is not None and round(ordinal, 3) == 0.815
    assert interval == pytest.approx(951 / 1120, abs=1e-15)  # 0.849


def test_alpha_by_hand_with_two_values() -> None:
    # n_0 = n_1 = 3, o_01 = o_10 = 1: alpha = 1 - 5 * 2 / (2 * 3 * 3) = 4/9 for every metric
    ratings = ratings_from_pairs([(0, 0), (1, 1), (0, 1)])
    for level in ("ordinal", "interval"):
        assert krippendorff_alpha(ratings, level, SCALE) == pytest.approx(4 / 9, abs=1e-15)


def test_severity_against_agreed_and_peers() -> None:
    ratings = ratings_from_rows({"a": [3, 2, 1], "b": [1, 2, None], "c": [2, None, None]})
    result = {entry.assessor: entry for entry in severity(ratings, {"i0": 2, "i1": 1})}
    assert result["a"] == AssessorSeverity("a", 3, vs_agreed=(1 + 1) / 2, vs_others=(1.5 + 0) / 2)
    assert result["b"] == AssessorSeverity("b", 2, vs_agreed=(-1 + 1) / 2, vs_others=(-1.5 + 0) / 2)
    assert result["c"] == AssessorSeverity("c", 1, vs_agreed=0.0, vs_others=0.0)
    assert list(result) == ["a", "b", "c"]


def test_severity_none_without_agreed_scores_or_peers() -> None:
    ratings = ratings_from_rows({"a": [3, 2], "b": [1, None]})
    result = severity(ratings)
    assert result == [
        AssessorSeverity("a", 2, vs_agreed=None, vs_others=2.0),
        AssessorSeverity("b", 1, vs_agreed=None, vs_others=-2.0),
    ]
    lonely = severity([Rating("i0", "a", 1)], {"other": 1})
    assert lonely == [AssessorSeverity("a", 1, vs_agreed=None, vs_others=None)]


# --- undefined cases --------------------------------------------------------------------------


def test_no_pairs_gives_none_everywhere() -> None:
    single = [Rating("i0", "a", 1), Rating("i1", "b", 2)]
    for ratings in ([], single):
        summary = summarise(ratings, SCALE)
        assert summary.exact_agreement is None
        assert summary.adjacent_agreement is None
        assert summary.krippendorff_alpha_ordinal is None
        assert summary.krippendorff_alpha_interval is None
        assert summary.fleiss_kappa is None
        assert summary.pairwise == ()
    assert cohen_kappa([], SCALE) is None
    assert summarise([], SCALE).to_dict()["items"] == 0


def test_one_shared_value_is_undefined_for_chance_corrected_measures() -> None:
    ratings = ratings_from_rows({"a": [2, 2, 2], "b": [2, 2, 2], "c": [2, 2, None]})
    summary = summarise(ratings, SCALE)
    assert summary.exact_agreement == 1.0
    assert summary.krippendorff_alpha_ordinal is None
    assert summary.krippendorff_alpha_interval is None
    assert summary.fleiss_kappa is None
    for pair in summary.pairwise:
        assert pair.cohen_kappa is pair.cohen_kappa_linear is pair.cohen_kappa_quadratic is None


def test_constant_raters_on_different_scores_give_zero_kappa() -> None:
    pairs = [(0, 3)] * 4
    for weights in (None, "linear", "quadratic"):
        assert cohen_kappa(pairs, SCALE, weights) == 0.0


def test_single_category_scale_is_undefined() -> None:
    assert cohen_kappa([(1, 1), (1, 1)], [1]) is None
    assert krippendorff_alpha(ratings_from_pairs([(1, 1), (1, 1)]), "interval", [1]) is None


def test_unused_categories() -> None:
    pairs = [(1, 1), (2, 2), (1, 2), (2, 2), (2, 1), (1, 1)]
    ratings = ratings_from_pairs(pairs)
    for weights in (None, "linear", "quadratic"):
        # unused categories at the ends do not move the used ranks apart
        assert cohen_kappa(pairs, [0, 1, 2, 3], weights) == cohen_kappa(pairs, [1, 2], weights)
    assert cohen_kappa(pairs, [1, 2, 3, 4]) == cohen_kappa(pairs, [1, 2])
    for level in ("ordinal", "interval"):
        assert krippendorff_alpha(ratings, level, [0, 1, 2, 3, 4]) == krippendorff_alpha(
            ratings, level, [1, 2]
        )
        assert krippendorff_alpha(ratings, level) == krippendorff_alpha(ratings, level, [1, 2])
    assert fleiss_kappa(ratings, [0, 1, 2, 3, 4]) == fleiss_kappa(ratings, [1, 2])


def test_fleiss_uses_most_common_panel_size() -> None:
    # two items with 3 raters, three with 2: the 2-rater items are used
    ratings = ratings_from_rows(
        {"a": [0, 1, 0, 1, 3], "b": [1, 0, 0, 1, 3], "c": [None, None, None, 3, 0]}
    )
    pair_only = ratings_from_rows({"a": [0, 1, 0], "b": [1, 0, 0]})
    assert fleiss_kappa(ratings, SCALE) == fleiss_kappa(pair_only, SCALE)
    # a tie goes to the larger panel
    tied = ratings_from_rows({"a": [0, 1, 3, 0], "b": [1, 0, 3, 0], "c": [None, None, 0, 0]})
    three_raters = ratings_from_rows({"a": [3, 0], "b": [3, 0], "c": [0, 0]})
    assert fleiss_kappa(tied, SCALE) == fleiss_kappa(three_raters, SCALE)


def test_pairwise_respects_min_shared() -> None:
    ratings = ratings_from_rows({"a": [0, 1, 2], "b": [0, 1, None], "c": [None, None, 2]})
    assert [p.assessors for p in pairwise_kappas(ratings, SCALE)] == [("a", "b")]
    loose = pairwise_kappas(ratings, SCALE, min_shared=1)
    assert [(p.assessors, p.n) for p in loose] == [(("a", "b"), 2), (("a", "c"), 1)]
    assert loose[1] == PairwiseKappa(("a", "c"), 1, None, None, None)


def test_invalid_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="more than once"):
        exact_agreement([Rating("i0", "a", 1), Rating("i0", "a", 2)])
    with pytest.raises(ValueError, match="not on the scale"):
        summarise([Rating("i0", "a", 4)], SCALE)
    with pytest.raises(ValueError, match="not on the scale"):
        summarise([Rating("i0", "a", 1)], SCALE, agreed={"i0": 7})
    with pytest.raises(ValueError, match="not on the scale"):
        cohen_kappa([(0, 9)], SCALE)
    with pytest.raises(ValueError, match="weights"):
        cohen_kappa([(0, 1)], SCALE, "cubic")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha([Rating("i0", "a", 1)], "ratio", SCALE)  # type: ignore[arg-type]


# --- summary ----------------------------------------------------------------------------------


def test_to_dict_has_the_agreed_keys_and_is_json_friendly() -> None:
    ratings = ratings_from_rows({"b": [0, 1, 2, 3], "a": [0, 1, 3, 3], "c": [1, 1, 2, None]})
    summary = summarise(ratings, SCALE, agreed={"i0": 0, "i2": 2}, group="round 1 / P1")
    assert isinstance(summary, AgreementSummary)
    assert summary.group == "round 1 / P1"
    data = json.loads(json.dumps(summary.to_dict()))
    assert list(data) == [
        "items",
        "assessors",
        "exact_agreement",
        "adjacent_agreement",
        "krippendorff_alpha_ordinal",
        "krippendorff_alpha_interval",
        "fleiss_kappa",
        "pairwise",
        "severity",
    ]
    assert data["items"] == 4
    assert data["assessors"] == 3
    assert list(data["pairwise"][0]) == [
        "assessors",
        "n",
        "cohen_kappa",
        "cohen_kappa_linear",
        "cohen_kappa_quadratic",
    ]
    assert [p["assessors"] for p in data["pairwise"]] == [["a", "b"], ["a", "c"], ["b", "c"]]
    assert list(data["severity"][0]) == ["assessor", "n", "vs_agreed", "vs_others"]
    assert [s["assessor"] for s in data["severity"]] == ["a", "b", "c"]


@settings(max_examples=60, deadline=None)
@given(
    scores=st.dictionaries(
        st.tuples(st.integers(0, 8), st.sampled_from(["a", "b", "c", "d"])),
        st.integers(0, 3),
        max_size=30,
    ),
    agreed=st.dictionaries(st.integers(0, 8), st.integers(0, 3)),
)
def test_summary_matches_the_individual_functions(
    scores: dict[tuple[int, str], int], agreed: dict[int, int]
) -> None:
    ratings = [Rating(f"i{item}", assessor, score) for (item, assessor), score in scores.items()]
    agreed_items = {f"i{item}": score for item, score in agreed.items()}
    summary = summarise(ratings, SCALE, agreed_items)
    assert summary.items == len({r.item for r in ratings})
    assert summary.assessors == len({r.assessor for r in ratings})
    assert summary.exact_agreement == exact_agreement(ratings)
    assert summary.adjacent_agreement == adjacent_agreement(ratings)
    assert summary.krippendorff_alpha_ordinal == krippendorff_alpha(ratings, "ordinal", SCALE)
    assert summary.krippendorff_alpha_interval == krippendorff_alpha(ratings, "interval", SCALE)
    assert summary.fleiss_kappa == fleiss_kappa(ratings, SCALE)
    assert list(summary.pairwise) == pairwise_kappas(ratings, SCALE)
    assert list(summary.severity) == severity(ratings, agreed_items)


def test_summarise_is_fast_on_a_large_round() -> None:
    rng = random.Random(40500)
    ratings = []
    agreed = {}
    for submission in range(300):
        for criterion in range(45):
            item = f"{submission}/{criterion}"
            agreed[item] = rng.randint(0, 3)
            for assessor in ("a", "b", "c"):
                score = min(3, max(0, agreed[item] + rng.choice([-1, 0, 0, 1])))
                ratings.append(Rating(item, assessor, score))
    started = time.perf_counter()
    summary = summarise(ratings, SCALE, agreed)
    elapsed = time.perf_counter() - started
    assert summary.items == 13_500
    assert elapsed < 1.0


# --- randomised comparison with reference implementations -----------------------------------


def test_percentage_agreement_matches_brute_force() -> None:
    for seed in range(ROUNDS):
        rnd = random_round(seed)
        exact = adjacent = total = 0
        for item in rnd.items:
            given_scores = [rnd.score(item, a) for a in rnd.assessors]
            present = [s for s in given_scores if s is not None]
            for first, second in combinations(present, 2):
                total += 1
                exact += first == second
                adjacent += abs(first - second) <= 1
        expected_exact = exact / total if total else math.nan
        expected_adjacent = adjacent / total if total else math.nan
        assert_matches(exact_agreement(rnd.ratings), expected_exact, seed)
        assert_matches(adjacent_agreement(rnd.ratings), expected_adjacent, seed)


def test_severity_matches_brute_force() -> None:
    for seed in range(ROUNDS):
        rnd = random_round(seed)
        agreed = {item: random.Random(item).choice(rnd.categories) for item in rnd.items[::2]}
        result = {entry.assessor: entry for entry in severity(rnd.ratings, agreed)}
        for assessor in rnd.assessors:
            mine = [(item, rnd.score(item, assessor)) for item in rnd.items]
            mine = [(item, score) for item, score in mine if score is not None]
            if not mine:
                assert assessor not in result
                continue
            to_agreed = [score - agreed[item] for item, score in mine if item in agreed]
            to_others = []
            for item, score in mine:
                others = [rnd.score(item, a) for a in rnd.assessors if a != assessor]
                others = [s for s in others if s is not None]
                if others:
                    to_others.append(score - sum(others) / len(others))
            entry = result[assessor]
            assert entry.n == len(mine)
            assert_matches(entry.vs_agreed, np.mean(to_agreed) if to_agreed else math.nan, seed)
            assert_matches(entry.vs_others, np.mean(to_others) if to_others else math.nan, seed)


def test_cohen_kappa_matches_sklearn() -> None:
    compared = 0
    for seed in range(ROUNDS):
        rnd = random_round(seed)
        ours = {p.assessors: p for p in pairwise_kappas(rnd.ratings, rnd.categories)}
        expected_pairs = set()
        for first, second in combinations(rnd.assessors, 2):
            shared = [
                (rnd.score(item, first), rnd.score(item, second))
                for item in rnd.items
                if rnd.score(item, first) is not None and rnd.score(item, second) is not None
            ]
            if len(shared) < 2:
                continue
            expected_pairs.add((first, second))
            pair = ours[(first, second)]
            assert pair.n == len(shared)
            y1, y2 = [s[0] for s in shared], [s[1] for s in shared]
            for weights, value in (
                (None, pair.cohen_kappa),
                ("linear", pair.cohen_kappa_linear),
                ("quadratic", pair.cohen_kappa_quadratic),
            ):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    reference = cohen_kappa_score(y1, y2, labels=rnd.categories, weights=weights)
                assert_matches(value, reference, (seed, first, second, weights))
                assert cohen_kappa(shared, rnd.categories, weights) == value
                compared += 1
        assert set(ours) == expected_pairs, seed
    assert compared > 3 * ROUNDS


def test_fleiss_kappa_matches_statsmodels() -> None:
    for seed in range(ROUNDS):
        rnd = random_round(seed)
        panels = {
            item: [s for a in rnd.assessors if (s := rnd.score(item, a)) is not None]
            for item in rnd.items
        }
        sizes = Counter(len(scores) for scores in panels.values() if len(scores) >= 2)
        ours = fleiss_kappa(rnd.ratings, rnd.categories)
        if not sizes:
            assert ours is None, seed
            continue
        raters = max(sizes, key=lambda size: (sizes[size], size))
        ranks = [
            [rnd.categories.index(score) for score in scores]
            for scores in panels.values()
            if len(scores) == raters
        ]
        table, _ = aggregate_raters(np.array(ranks), n_cat=len(rnd.categories))
        with np.errstate(divide="ignore", invalid="ignore"):
            reference = float(sm_fleiss_kappa(table))
        assert_matches(ours, reference, seed)


@pytest.mark.parametrize("level", ["ordinal", "interval"])
def test_krippendorff_alpha_matches_reference(level: str) -> None:
    for seed in range(ROUNDS):
        rnd = random_round(seed)
        ours = krippendorff_alpha(rnd.ratings, level, rnd.categories)  # type: ignore[arg-type]
        matrix = rnd.reliability_matrix()
        if ((~np.isnan(matrix)).sum(axis=0) < 2).all():
            assert ours is None, seed
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            reference = krippendorff.alpha(
                matrix, value_domain=rnd.categories, level_of_measurement=level
            )
        assert_matches(ours, float(reference), (seed, level))
