"""Additive parts of the agreement statistics, so that a round's subsets are summed, not recounted.

Pair confusion matrices, severity counts and score profiles are sums over items: those of a
principle are the sums of its criteria's, and the round's the sums of its principles'. All
are integers, so the figures are exactly those of counting each subset on its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations

from arf_desktop.domain.agreement import _category_positions, _pair_agreement, _score_profiles

Confusions = dict[tuple[str, str], list[list[int]]]
# pair confusions, severity counts (as _severity_counts gives them), score profiles
Parts = tuple[Confusions, tuple[Counter, ...], Counter]
SEVERITY_COUNTS = 5


def parts_of(
    by_item: dict[str, dict[str, int]], categories: Iterable[int], agreed: Mapping[str, int]
) -> Parts:
    """The parts of one set of items {item: {assessor: score}}, in one walk over its scores.

    The same sums as `_pair_confusions`, `_severity_counts` and `_score_profiles` each make.
    """
    positions = _category_positions(categories)
    size = len(positions)
    confusions: Confusions = {}
    # Plain int dicts while counting (cheaper per increment), Counters when handed back.
    rated: defaultdict[str, int] = defaultdict(int)
    agreed_items: defaultdict[str, int] = defaultdict(int)
    agreed_gap: defaultdict[str, int] = defaultdict(int)
    peer_items: defaultdict[str, int] = defaultdict(int)
    peer_gap: defaultdict[tuple[str, int], int] = defaultdict(int)
    profiles: defaultdict[tuple[int, ...], int] = defaultdict(int)
    for item, scores in by_item.items():
        agreed_score = agreed.get(item)
        if agreed_score is None:
            for assessor in scores:
                rated[assessor] += 1
        else:
            for assessor, score in scores.items():
                rated[assessor] += 1
                agreed_items[assessor] += 1
                agreed_gap[assessor] += score - agreed_score
        raters = len(scores)
        if raters < 2:
            continue
        item_total = sum(scores.values())
        profiles[tuple(sorted(scores.values()))] += 1
        ranked = []
        for assessor, score in sorted(scores.items()):
            peer_items[assessor] += 1
            peer_gap[(assessor, raters)] += raters * score - item_total
            ranked.append((assessor, positions[score]))
        for (first, row), (second, column) in combinations(ranked, 2):
            confusion = confusions.get((first, second))
            if confusion is None:
                confusion = confusions[(first, second)] = [[0] * size for _ in range(size)]
            confusion[row][column] += 1
    counts = (rated, agreed_items, agreed_gap, peer_items, peer_gap)
    return confusions, tuple(Counter(count) for count in counts), Counter(profiles)


def merged(parts: Iterable[Parts]) -> Parts:
    """The parts of the union of disjoint sets of items."""
    confusions: Confusions = {}
    counts: tuple[Counter, ...] = tuple(Counter() for _ in range(SEVERITY_COUNTS))
    profiles: Counter[tuple[int, ...]] = Counter()
    for part_confusions, part_counts, part_profiles in parts:
        for pair, matrix in part_confusions.items():
            total = confusions.get(pair)
            if total is None:
                confusions[pair] = [row[:] for row in matrix]
                continue
            for total_row, row in zip(total, matrix, strict=True):
                if any(row):  # most rows of a pair's matrix are empty
                    total_row[:] = map(int.__add__, total_row, row)
        for total_count, count in zip(counts, part_counts, strict=True):
            total_count.update(count)
        profiles.update(part_profiles)
    return confusions, counts, profiles


def exact_agreement_of(by_item: dict[str, dict[str, int]]) -> float | None:
    """Exact agreement of items {item: {assessor: score}}, as `summarise_grouped` gives it."""
    return _pair_agreement(_score_profiles(by_item), tolerance=0)
