"""Agreement parts add up: counted once and summed, they give each subset's plain figures."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest

from arf_desktop.domain.agreement import (
    _KAPPA_WEIGHTS,
    _disagreement_weight,
    _kappas,
    _score_profiles,
    summarise_grouped,
)
from arf_desktop.domain.agreement_parts import (
    Layout,
    Line,
    Summaries,
    count_parts,
    exact_agreement_of,
    merged,
    pair_kappas,
    profiles_of,
    score_counts,
)

SCALE = (0, 1, 2, 3)
SCALES = ((0, 1, 2, 3), (1, 2, 3, 4, 5), (3, 1, 2), (-2, 0, 5, 9), (7,), (0, 1), (0, 0, 1, 2))
Items = dict[str, dict[str, int]]


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


def random_confusion(rng: random.Random) -> list[list[int]]:
    size = rng.choice((1, 2, 3, 4, 5, 7))
    confusion = [[0] * size for _ in range(size)]
    for _ in range(rng.choice((0, 1, 2, 3, 8, 60))):
        confusion[rng.randrange(size)][rng.randrange(size)] += rng.choice((1, 1, 5))
    return confusion


def test_kappas_equal_the_fraction_results_bit_for_bit() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        confusion = random_confusion(rng)
        assert _kappas(confusion, _KAPPA_WEIGHTS) == tuple(
            fraction_kappa(confusion, w) for w in _KAPPA_WEIGHTS
        )


def test_packed_pair_counts_give_the_fraction_kappas_bit_for_bit() -> None:
    rng = random.Random(8)
    for _ in range(3000):
        confusion = random_confusion(rng)
        size, shared = len(confusion), sum(map(sum, confusion))
        layout = Layout.of(["a", "b"], range(size), max(shared, 1), 2)
        units = layout.pair_units()
        packed = sum(
            count * units[row * size + column]
            for row, cells in enumerate(confusion)
            for column, count in enumerate(cells)
        )
        kappas = pair_kappas(layout.pairs.unpack(packed))
        assert kappas == (shared, *(fraction_kappa(confusion, w) for w in _KAPPA_WEIGHTS))


def random_items(rng: random.Random, scale: tuple[int, ...]) -> tuple[list[Line], Items, dict]:
    """Lines of a few groups: panels of 0-6 (None for a missing score), agreed scores on some,
    sometimes every assessor giving the same score, sometimes one assessor only."""
    values = sorted(set(scale))
    used = rng.sample(values, rng.randint(1, len(values)))
    names = [f"assessor {n:02d}" for n in rng.sample(range(40), rng.choice((1, 2, 3, 6, 9)))]
    same = rng.random() < 0.15
    lines: list[Line] = []
    for _ in range(rng.choice((0, 1, 5, 40, 120))):
        panel = rng.sample(names, rng.randint(0, min(6, len(names))))
        common = rng.choice(used)
        scores = {
            name: None if rng.random() < 0.1 else (common if same else rng.choice(used))
            for name in panel
        }
        agreed = rng.choice(values) if rng.random() < 0.4 else None
        lines.append((f"C{rng.randrange(4)}", scores, agreed))
    by_item = {
        f"{n}|{group}": {a: s for a, s in scores.items() if s is not None}
        for n, (group, scores, _) in enumerate(lines)
    }
    by_item = {item: given for item, given in by_item.items() if given}
    agreed = {f"{n}|{line[0]}": line[2] for n, line in enumerate(lines) if line[2] is not None}
    return lines, by_item, agreed


def of_group(by_item: Items, group: str) -> Items:
    return {item: given for item, given in by_item.items() if item.endswith(f"|{group}")}


@pytest.mark.parametrize("seed", range(6))
def test_parts_give_the_plain_figures_of_each_subset_and_of_the_whole(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        scale = rng.choice(SCALES)
        lines, by_item, agreed = random_items(rng, scale)
        layout, parts = count_parts(lines, scale)
        summaries = Summaries(layout)
        for group, part in parts.items():
            items = of_group(by_item, group)
            assert summaries.summary(part, group) == summarise_grouped(items, scale, agreed, group)
            assert profiles_of(part, layout) == _score_profiles(items)
            plain = summarise_grouped(items, scale)
            assert json.dumps(summaries.figures(part)) == json.dumps(
                summarise_grouped(items, scale, agreed).to_dict()
            )
            assert exact_agreement_of(part, layout) == plain.exact_agreement
            given = [score for scores in items.values() for score in scores.values()]
            assert score_counts(part, layout) == [given.count(v) for v in layout.values]
        assert set(parts) == {item.split("|")[1] for item in by_item}
        halves = [merged(list(parts.values())[::2]), merged(list(parts.values())[1::2])]
        assert summaries.summary(merged(halves)) == summarise_grouped(by_item, scale, agreed)
        whole = json.dumps(summarise_grouped(by_item, scale, agreed).to_dict())
        assert json.dumps(summaries.figures(merged(halves))) == whole


def test_nothing_scored_gives_the_empty_figures() -> None:
    lines: list[Line] = [("C1", {}, None), ("C1", {"a": None, "b": None}, 2)]
    layout, parts = count_parts(lines, SCALE)
    assert parts == {}
    assert Summaries(layout).summary(merged([])) == summarise_grouped({}, SCALE, {})
    assert count_parts([], SCALE)[1] == {}


def test_counts_at_the_widest_do_not_spill_into_the_next_field() -> None:
    """Every item at the ends of the scale with the widest panel: the largest sums the
    fields must hold, with mixed panel sizes (peer gaps over several denominators)."""
    scale = (-3, 0, 10)
    lines: list[Line] = []
    for n in range(500):
        panel = ("a", "b", "c", "d", "e")[: 2 + n % 4]
        scores = {name: (10 if (n + i) % 3 else -3) for i, name in enumerate(panel)}
        lines.append(("C", scores, -3 if n % 2 else 10))
    by_item = {f"{n}|C": dict(scores) for n, (_, scores, _) in enumerate(lines)}
    agreed = {f"{n}|C": line[2] for n, line in enumerate(lines)}
    layout, parts = count_parts(lines, scale)
    assert Summaries(layout).summary(parts["C"]) == summarise_grouped(by_item, scale, agreed)


def test_scores_off_the_scale_are_refused_as_the_plain_summary_refuses_them() -> None:
    for lines in (
        [("C", {"a": 1, "b": 9}, None), ("C", {"a": 7}, None)],
        [("C", {"a": 1, "b": 2}, 9)],
    ):
        by_item = {f"{n}|C": scores for n, (_, scores, _) in enumerate(lines)}
        agreed = {f"{n}|C": a for n, (_, _, a) in enumerate(lines) if a is not None}
        with pytest.raises(ValueError) as plain:
            summarise_grouped(by_item, SCALE, agreed)
        with pytest.raises(ValueError) as counted:
            count_parts(lines, SCALE)
        assert str(counted.value) == str(plain.value)
