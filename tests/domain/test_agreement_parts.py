"""Agreement parts add up: summed subsets give the figures of the whole, kappas exact."""

from __future__ import annotations

import random
from fractions import Fraction

from arf_desktop.domain.agreement import (
    _KAPPA_WEIGHTS,
    _category_positions,
    _disagreement_weight,
    _kappas,
    _pair_confusions,
    _score_profiles,
    _severity_counts,
    summarise_grouped,
)
from arf_desktop.domain.agreement_parts import merged, parts_of

SCALE = (0, 1, 2, 3)


def fraction_kappa(confusion: list[list[int]], weights) -> float | None:
    """Kappa cell by cell through a Fraction, as it was computed before."""
    size = len(confusion)
    rows = [sum(row) for row in confusion]
    columns = [sum(column) for column in zip(*confusion, strict=True)]
    total, observed, expected = sum(rows), 0, 0
    for i in range(size):
        for j in range(size):
            weight = _disagreement_weight(i, j, weights)
            observed += weight * confusion[i][j]
            expected += weight * rows[i] * columns[j]
    if total == 0 or expected == 0:
        return None
    return float(1 - Fraction(total * observed, expected))


def test_kappas_equal_the_fraction_results_bit_for_bit() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        size = rng.choice((1, 2, 3, 4, 5, 7))
        confusion = [[0] * size for _ in range(size)]
        for _ in range(rng.choice((0, 1, 2, 3, 8, 60))):
            confusion[rng.randrange(size)][rng.randrange(size)] += rng.choice((1, 1, 5))
        assert _kappas(confusion, _KAPPA_WEIGHTS) == tuple(
            fraction_kappa(confusion, w) for w in _KAPPA_WEIGHTS
        )


def test_summed_parts_give_the_figures_of_the_whole() -> None:
    rng = random.Random(3)
    assessors = [f"A{n}" for n in range(8)]
    by_item = {
        f"{s}|C{c}": {a: rng.choice(SCALE) for a in rng.sample(assessors, rng.choice((1, 2, 3)))}
        for s in range(40)
        for c in range(5)
    }
    agreed = {item: rng.choice(SCALE) for item in list(by_item)[::3]}
    subsets = [
        {item: given for item, given in by_item.items() if item.endswith(f"C{c}")} for c in range(5)
    ]
    summed = merged(parts_of(subset, SCALE, agreed) for subset in subsets)
    assert summarise_grouped(by_item, SCALE, agreed, parts=summed) == summarise_grouped(
        by_item, SCALE, agreed
    )
    empty = summarise_grouped({}, SCALE, agreed, parts=merged([]))
    assert empty == summarise_grouped({}, SCALE, agreed)


def test_parts_of_one_set_are_the_separate_counts() -> None:
    rng = random.Random(11)
    assessors = [f"A{n}" for n in range(9)]
    by_item = {
        f"{s}|C{c}": {a: rng.choice(SCALE) for a in rng.sample(assessors, rng.choice((1, 2, 3, 4)))}
        for s in range(60)
        for c in range(3)
    }
    agreed = {item: rng.choice(SCALE) for item in list(by_item)[::4]}
    confusions, counts, profiles = parts_of(by_item, SCALE, agreed)
    assert confusions == _pair_confusions(by_item, _category_positions(SCALE))
    assert list(confusions) == list(_pair_confusions(by_item, _category_positions(SCALE)))
    assert counts == tuple(_severity_counts(by_item, agreed))
    assert profiles == _score_profiles(by_item)
