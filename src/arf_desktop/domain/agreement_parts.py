"""Additive parts of the agreement statistics, so that a round's subsets are summed, not recounted.

Pair confusion matrices and severity counts are sums over items: those of a principle are
the sums of its criteria's, and the round's the sums of its principles'. All are integers,
so the figures are exactly those of counting each subset on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from arf_desktop.domain.agreement import _category_positions, _pair_confusions, _severity_counts

Confusions = dict[tuple[str, str], list[list[int]]]
Parts = tuple[Confusions, tuple[Counter, ...]]
SEVERITY_COUNTS = 5  # as _severity_counts gives them


def parts_of(
    by_item: dict[str, dict[str, int]], categories: Iterable[int], agreed: Mapping[str, int]
) -> Parts:
    """The pair confusions and severity counts of one set of items {item: {assessor: score}}."""
    positions = _category_positions(categories)
    return _pair_confusions(by_item, positions), _severity_counts(by_item, agreed)


def merged(parts: Iterable[Parts]) -> Parts:
    """The parts of the union of disjoint sets of items."""
    confusions: Confusions = {}
    counts: tuple[Counter, ...] = tuple(Counter() for _ in range(SEVERITY_COUNTS))
    for part_confusions, part_counts in parts:
        for pair, matrix in part_confusions.items():
            total = confusions.get(pair)
            if total is None:
                confusions[pair] = [row[:] for row in matrix]
                continue
            for total_row, row in zip(total, matrix, strict=True):
                for column, value in enumerate(row):
                    total_row[column] += value
        for total_count, count in zip(counts, part_counts, strict=True):
            total_count.update(count)
    return confusions, counts
