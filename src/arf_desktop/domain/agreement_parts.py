"""Additive parts of the agreement statistics, so that a round's subsets are summed, not recounted.

One walk over a round's scores counts, per group of items (a criterion), what every agreement
statistic is made of: per assessor pair the counts their Cohen's kappas need, per assessor the
severity sums, and how many items had each multiset of scores. All are sums of non-negative
integers over items, so the parts of a principle are the sums of its criteria's and the round's
the sums of its principles', and the figures are exactly those of counting each subset alone.

Several counts are packed into one Python integer, each in a field of `width` bits wide enough
for any sum the round can reach (no carries between fields): adding two packed integers adds
every field at once, which keeps the walk over the items and the merging of parts cheap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from math import lcm

from arf_desktop.domain.agreement import (
    AgreementSummary,
    AssessorSeverity,
    PairwiseKappa,
    _alpha_from_profiles,
    _category_positions,
    _fleiss_from_profiles,
    _pair_agreement,
    _require_on_scale,
)

# One line: its group (a criterion), {assessor: score or None}, the agreed score if any.
Line = tuple[str, Mapping[str, int | None], int | None]
Kappas = tuple[int, float | None, float | None, float | None]  # shared items, three kappas
MIN_SHARED = 2  # a pair's kappas are given when they shared at least this many items
# Severity fields of an assessor; then, per panel size m >= 2, the sum of their scores and of
# the items' totals (both less the scale's lowest value times the scores counted).
RATED, AGREED, AGREED_SCORES, AGREED_TARGETS, PEER, FIRST_PANEL = range(6)
PAIR_RANKS = 7  # a pair's fields before its counts per rank (see Layout)


@dataclass(frozen=True, slots=True)
class Packing:
    """`fields` non-negative counts of `width` bits each in one integer."""

    fields: int
    width: int

    def unit(self, index: int) -> int:
        return 1 << (index * self.width)

    def unpack(self, value: int) -> list[int]:
        mask, width = (1 << self.width) - 1, self.width
        return [(value >> (i * width)) & mask for i in range(self.fields)]


@dataclass(frozen=True, slots=True)
class Layout:
    """How a round's ratings are numbered and packed: assessors (sorted) and scores by rank.

    A pair's packed counts: items shared, disagreements unweighted / linear / quadratic (rank
    distances, as `cohen_kappa`), the sums of the first's ranks, of the second's and of both
    squared, then the first assessor's and the second's items per rank.
    A profile: the number of ratings per rank. Severity: the fields named above.
    """

    names: tuple[str, ...]
    values: tuple[int, ...]  # the scale, sorted
    pairs: Packing
    profiles: Packing
    severity: Packing
    panel: int  # the most ratings one item has

    @classmethod
    def of(cls, names: Iterable[str], categories: Iterable[int], items: int, panel: int) -> Layout:
        values = tuple(sorted(set(categories)))
        size, span = len(values), (values[-1] - values[0]) if values else 0
        widest = max(items * max(1, 2 * (size - 1) ** 2), items * max(panel, 1) * max(span, 1))
        width = max(widest, 1).bit_length()
        return cls(
            tuple(sorted(set(names))),
            values,
            Packing(PAIR_RANKS + 2 * size, width),
            Packing(size, max(panel, 1).bit_length()),
            Packing(FIRST_PANEL + 2 * max(panel - 1, 0), width),
            panel,
        )

    def pair_units(self) -> list[int]:
        """The packed counts of one shared item, by cell (first's rank × size + second's)."""
        size, unit = len(self.values), self.pairs.unit
        return [
            unit(0)
            + (row != column) * unit(1)
            + abs(row - column) * unit(2)
            + (row - column) ** 2 * unit(3)
            + row * unit(4)
            + column * unit(5)
            + (row * row + column * column) * unit(6)
            + unit(PAIR_RANKS + row)
            + unit(PAIR_RANKS + size + column)
            for row in range(size)
            for column in range(size)
        ]


@dataclass(slots=True)
class Part:
    """The counts of one set of items: packed pair counts by pair (first × assessors + second),
    packed severity by assessor, number of items by packed profile (every item, one rating too).
    """

    pairs: dict[int, int] = field(default_factory=dict)
    severity: dict[int, int] = field(default_factory=dict)
    profiles: dict[int, int] = field(default_factory=dict)


def layout_of(lines: Sequence[Line], categories: Iterable[int]) -> Layout:
    """The layout for these lines: every assessor named, fields wide enough for all of them."""
    names: set[str] = set()
    for _, scores, _ in lines:
        names.update(scores)
    panel = max((len(scores) for _, scores, _ in lines), default=0)
    return Layout.of(names, categories, len(lines), panel)


def count_parts(lines: Sequence[Line], categories: Iterable[int]) -> tuple[Layout, dict[str, Part]]:
    """The parts of each group of items, in one walk over the lines (lines scored by nobody
    are no items); scores and agreed scores must be on the scale (ValueError).

    What a line adds depends only on its scores (in its assessors' order) and agreed score,
    and a round has few such patterns: each is worked out once (`_Shapes`), as is each set of
    assessors' numbering (`_Panels`); per line only the sums are added.
    """
    layout = layout_of(lines, categories)
    panels, shapes = _Panels(layout), _Shapes(layout)
    parts: dict[str, Part] = {}
    try:
        for group, scores, agreed in lines:
            assessors, pair_keys, order = panels[tuple(scores)]
            values = tuple(scores.values())
            if order is not None:
                values = tuple([values[i] for i in order])
            shape = shapes[(*values, agreed)]
            if shape is None:
                continue
            part = parts.get(group)
            if part is None:
                part = parts[group] = Part()
            profile, severity, pairs = shape
            counts = part.profiles
            counts[profile] = counts.get(profile, 0) + 1
            sums = part.severity
            for position, packed in severity:
                assessor = assessors[position]
                sums[assessor] = sums.get(assessor, 0) + packed
            counts = part.pairs
            for slot, packed in pairs:
                key = pair_keys[slot]
                counts[key] = counts.get(key, 0) + packed
    except KeyError:
        given = (score for _, scores, _ in lines for score in scores.values())
        _require_on_scale((s for s in given if s is not None), shapes.rank)
        raise
    _require_on_scale((agreed for _, _, agreed in lines if agreed is not None), shapes.rank)
    return layout, parts


# A line's assessors' numbers (sorted), their pairs' keys by slot (first's position × panel +
# second's) and the order that sorts the line's scores like them (None: already sorted).
_Panel = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...] | None]
# What a line adds: its packed profile, (position, packed severity) per rating and
# (slot, packed pair counts) per pair of ratings; None when nobody scored it.
_Shape = tuple[int, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]] | None


class _Panels(dict[tuple[str, ...], _Panel]):
    """The numbering of each set of assessors, worked out when first met."""

    def __init__(self, layout: Layout) -> None:
        super().__init__()
        self.index = {name: i for i, name in enumerate(layout.names)}
        self.assessors, self.panel = len(layout.names), max(layout.panel, 1)

    def __missing__(self, names: tuple[str, ...]) -> _Panel:
        numbers = [self.index[name] for name in names]
        order = sorted(range(len(names)), key=numbers.__getitem__)
        ranked = tuple(numbers[i] for i in order)
        keys = [0] * (self.panel * self.panel)
        for (j, first), (k, second) in combinations(enumerate(ranked), 2):
            keys[j * self.panel + k] = first * self.assessors + second
        found = self[names] = (
            ranked,
            tuple(keys),
            None if order == sorted(order) else tuple(order),
        )
        return found


class _Shapes(dict[tuple[int | None, ...], _Shape]):
    """What a line adds, by its scores (in its assessors' order) then its agreed score."""

    def __init__(self, layout: Layout) -> None:
        super().__init__()
        values, severity = layout.values, layout.severity
        self.rank, self.size = _category_positions(values), len(values)
        self.low = values[0] if values else 0
        self.offsets = [value - self.low for value in values]
        self.pair_units, self.panel = layout.pair_units(), max(layout.panel, 1)
        self.profile_units = [layout.profiles.unit(r) for r in range(len(values))]
        self.unit = severity.unit

    def __missing__(self, key: tuple[int | None, ...]) -> _Shape:
        *scores, agreed = key
        ratings = [(j, self.rank[s]) for j, s in enumerate(scores) if s is not None]
        if not ratings:
            self[key] = None
            return None
        unit, offsets, m = self.unit, self.offsets, len(ratings)
        base, per_score = unit(RATED), 0
        if agreed is not None:
            base += unit(AGREED) + (agreed - self.low) * unit(AGREED_TARGETS)
            per_score = unit(AGREED_SCORES)
        if m > 1:  # scores and the item's total, both from the scale's lowest value
            panel_field = FIRST_PANEL + 2 * (m - 2)
            base += unit(PEER) + sum(offsets[r] for _, r in ratings) * unit(panel_field + 1)
            per_score += unit(panel_field)
        pairs = tuple(
            (j * self.panel + k, self.pair_units[row * self.size + column])
            for (j, row), (k, column) in combinations(ratings, 2)
        )
        found = self[key] = (
            sum(self.profile_units[r] for _, r in ratings),
            tuple((j, base + per_score * offsets[r]) for j, r in ratings),
            pairs,
        )
        return found


def merged(parts: Iterable[Part]) -> Part:
    """The part of the union of disjoint sets of items."""
    total = Part()
    for part in parts:
        for mine, theirs in (
            (total.pairs, part.pairs),
            (total.severity, part.severity),
            (total.profiles, part.profiles),
        ):
            if not mine:
                mine.update(theirs)
                continue
            get = mine.get
            for key, value in theirs.items():
                mine[key] = get(key, 0) + value
    return total


def profiles_of(part: Part, layout: Layout) -> Counter[tuple[int, ...]]:
    """Items with at least two ratings by their sorted scores, as `_score_profiles` counts."""
    profiles: Counter[tuple[int, ...]] = Counter()
    for packed, items in part.profiles.items():
        counts = layout.profiles.unpack(packed)
        if sum(counts) > 1:
            pairs = zip(layout.values, counts, strict=True)
            profiles[tuple(value for value, count in pairs for _ in range(count))] += items
    return profiles


def score_counts(part: Part, layout: Layout) -> list[int]:
    """How many ratings gave each score of the scale (in scale order)."""
    totals = [0] * len(layout.values)
    for packed, items in part.profiles.items():
        for r, count in enumerate(layout.profiles.unpack(packed)):
            totals[r] += count * items
    return totals


def exact_agreement_of(part: Part, layout: Layout) -> float | None:
    """Exact agreement of a part's items, as `summarise_grouped` gives it."""
    return _pair_agreement(profiles_of(part, layout), tolerance=0)


class Summaries:
    """`summarise_grouped`'s figures from parts of one layout; kappas are computed once per
    distinct packed pair counts, however many pairs and subsets share them."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.known: dict[int, Kappas] = {}

    def summary(self, part: Part, group: str | None = None) -> AgreementSummary:
        pairwise = tuple(PairwiseKappa(pair, *kappas) for pair, kappas in self._kappas(part.pairs))
        return self._summary(part, pairwise, group)

    def figures(self, part: Part) -> dict[str, object]:
        """`summary(part).to_dict()`, each pair's dict made without a PairwiseKappa first
        (a national round has some 20,000 of them)."""
        figures = self._summary(part, (), None).to_dict()
        figures["pairwise"] = [
            {
                "assessors": list(pair),
                "n": n,
                "cohen_kappa": unweighted,
                "cohen_kappa_linear": linear,
                "cohen_kappa_quadratic": quadratic,
            }
            for pair, (n, unweighted, linear, quadratic) in self._kappas(part.pairs)
        ]
        return figures

    def _summary(
        self, part: Part, pairwise: tuple[PairwiseKappa, ...], group: str | None
    ) -> AgreementSummary:
        layout = self.layout
        profiles = profiles_of(part, layout)
        positions = _category_positions(layout.values)
        return AgreementSummary(
            items=sum(part.profiles.values()),
            assessors=len(part.severity),
            exact_agreement=_pair_agreement(profiles, tolerance=0),
            adjacent_agreement=_pair_agreement(profiles, tolerance=1),
            krippendorff_alpha_ordinal=_alpha_from_profiles(profiles, positions, "ordinal"),
            krippendorff_alpha_interval=_alpha_from_profiles(profiles, positions, "interval"),
            fleiss_kappa=_fleiss_from_profiles(profiles),
            pairwise=pairwise,
            severity=self.severity(part.severity),
            group=group,
        )

    def _kappas(self, pairs: Mapping[int, int]) -> Iterator[tuple[tuple[str, str], Kappas]]:
        """Each pair's names and kappas (sorted by names), when they shared MIN_SHARED items."""
        names, known, assessors = self.layout.names, self.known, len(self.layout.names)
        unpack = self.layout.pairs.unpack
        for key in sorted(pairs):
            packed = pairs[key]
            kappas = known.get(packed)
            if kappas is None:
                kappas = known[packed] = pair_kappas(unpack(packed))
            if kappas[0] >= MIN_SHARED:
                first, second = divmod(key, assessors)
                yield (names[first], names[second]), kappas

    def severity(self, sums: Mapping[int, int]) -> tuple[AssessorSeverity, ...]:
        names, unpack = self.layout.names, self.layout.severity.unpack
        results = []
        for assessor in sorted(sums):
            fields = unpack(sums[assessor])
            agreed, peers = fields[AGREED], fields[PEER]
            gap = fields[AGREED_SCORES] - fields[AGREED_TARGETS]
            results.append(
                AssessorSeverity(
                    names[assessor],
                    fields[RATED],
                    gap / agreed if agreed else None,
                    _peer_gap(fields[FIRST_PANEL:], peers) if peers else None,
                )
            )
        return tuple(results)


def _peer_gap(panels: list[int], peers: int) -> float:
    """Mean over `peers` items of (score - mean of the others' scores); `panels` holds the
    sums of scores and of item totals per panel size from 2. One exact division."""
    gaps = [(m, m * panels[2 * m - 4] - panels[2 * m - 3]) for m in range(2, 2 + len(panels) // 2)]
    used = [(m - 1, gap) for m, gap in gaps if gap]
    common = lcm(*(others for others, _ in used))
    return sum(gap * (common // others) for others, gap in used) / (common * peers)


def pair_kappas(fields: Sequence[int]) -> Kappas:
    """Shared items and the unweighted, linear and quadratic kappas from a pair's packed
    counts; each 1 - observed/expected in exact integers (as `_kappas`, bit for bit)."""
    n, unweighted, linear, quadratic, first, second, squares = fields[:PAIR_RANKS]
    if not n:
        return 0, None, None, None
    size = (len(fields) - PAIR_RANKS) // 2
    rows, columns = fields[PAIR_RANKS : PAIR_RANKS + size], fields[PAIR_RANKS + size :]
    # Expected disagreements: sum over rank pairs (a, b) of rows[a] * columns[b] * weight.
    chance = n * n - sum(map(int.__mul__, rows, columns))
    chance_linear = below_rows = below_columns = 0
    for r in range(size - 1):  # |a - b| counts the ranks t with min(a, b) <= t < max(a, b)
        below_rows += rows[r]
        below_columns += columns[r]
        chance_linear += n * (below_rows + below_columns) - 2 * below_rows * below_columns
    chance_quadratic = n * squares - 2 * first * second
    return (
        n,
        (chance - n * unweighted) / chance if chance else None,
        (chance_linear - n * linear) / chance_linear if chance_linear else None,
        (chance_quadratic - n * quadratic) / chance_quadratic if chance_quadratic else None,
    )
