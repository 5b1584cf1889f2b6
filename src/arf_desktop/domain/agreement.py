"""Inter-assessor agreement statistics for ordinal scores (kappas, alpha, severity)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from itertools import chain, combinations
from typing import Literal

KappaWeights = Literal["linear", "quadratic"] | None
AlphaLevel = Literal["ordinal", "interval"]
_KAPPA_WEIGHTS = (None, "linear", "quadratic")
_ALPHA_LEVELS = ("ordinal", "interval")

# item -> assessor -> score
_ItemScores = dict[str, dict[str, int]]
# sorted scores of one item (>= 2 ratings) -> number of items with exactly those scores
_Profiles = Counter[tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Rating:
    """One assessor's score for one item (a submission/criterion pair encoded by the caller)."""

    item: str
    assessor: str
    score: int


@dataclass(frozen=True, slots=True)
class PairwiseKappa:
    """Cohen's kappas for one pair of assessors over the items both of them scored."""

    assessors: tuple[str, str]
    n: int
    cohen_kappa: float | None
    cohen_kappa_linear: float | None
    cohen_kappa_quadratic: float | None

    def to_dict(self) -> dict[str, object]:
        return {
            "assessors": list(self.assessors),
            "n": self.n,
            "cohen_kappa": self.cohen_kappa,
            "cohen_kappa_linear": self.cohen_kappa_linear,
            "cohen_kappa_quadratic": self.cohen_kappa_quadratic,
        }


@dataclass(frozen=True, slots=True)
class AssessorSeverity:
    """How far one assessor scores above (+) or below (-) the agreed score and their peers.

    `n` counts every rating the assessor gave; `vs_agreed` averages over their items with an
    agreed score and `vs_others` over their items that at least one other assessor scored.
    """

    assessor: str
    n: int
    vs_agreed: float | None
    vs_others: float | None

    def to_dict(self) -> dict[str, object]:
        return {
            "assessor": self.assessor,
            "n": self.n,
            "vs_agreed": self.vs_agreed,
            "vs_others": self.vs_others,
        }


@dataclass(frozen=True, slots=True)
class AgreementSummary:
    """Every agreement statistic for one subset of ratings; `group` is the caller's label."""

    items: int
    assessors: int
    exact_agreement: float | None
    adjacent_agreement: float | None
    krippendorff_alpha_ordinal: float | None
    krippendorff_alpha_interval: float | None
    fleiss_kappa: float | None
    pairwise: tuple[PairwiseKappa, ...]
    severity: tuple[AssessorSeverity, ...]
    group: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly form; `group` is left out so the keys are stable."""
        return {
            "items": self.items,
            "assessors": self.assessors,
            "exact_agreement": self.exact_agreement,
            "adjacent_agreement": self.adjacent_agreement,
            "krippendorff_alpha_ordinal": self.krippendorff_alpha_ordinal,
            "krippendorff_alpha_interval": self.krippendorff_alpha_interval,
            "fleiss_kappa": self.fleiss_kappa,
            "pairwise": [pair.to_dict() for pair in self.pairwise],
            "severity": [entry.to_dict() for entry in self.severity],
        }


# --- preparing the data -------------------------------------------------------------------


def _index_by_item(ratings: Iterable[Rating]) -> _ItemScores:
    """Group ratings per item; an assessor may score each item only once."""
    by_item: _ItemScores = {}
    for rating in ratings:
        scores = by_item.setdefault(rating.item, {})
        if rating.assessor in scores:
            raise ValueError(
                f"assessor {rating.assessor!r} scored item {rating.item!r} more than once"
            )
        scores[rating.assessor] = rating.score
    return by_item


def _category_positions(categories: Iterable[int]) -> dict[int, int]:
    """Rank of each possible score on the (sorted, de-duplicated) scale."""
    return {value: rank for rank, value in enumerate(sorted(set(categories)))}


def _observed_scores(by_item: _ItemScores) -> set[int]:
    return {score for scores in by_item.values() for score in scores.values()}


def _require_on_scale(scores: Iterable[int], positions: Mapping[int, int]) -> None:
    unknown = sorted(set(scores) - positions.keys())
    if unknown:
        raise ValueError(f"scores {unknown} are not on the scale {sorted(positions)}")


def _score_profiles(by_item: _ItemScores) -> _Profiles:
    """Count items by their multiset of scores; only items with at least two ratings."""
    return Counter(tuple(sorted(scores.values())) for scores in by_item.values() if len(scores) > 1)


# --- percentage agreement -----------------------------------------------------------------


def _pair_agreement(profiles: _Profiles, tolerance: int) -> float | None:
    agreeing = total = 0
    for profile, items in profiles.items():
        for low, high in combinations(profile, 2):
            total += items
            if high - low <= tolerance:
                agreeing += items
    return agreeing / total if total else None


def exact_agreement(ratings: Iterable[Rating]) -> float | None:
    """Share of assessor pairs (pooled over items) giving the same score."""
    return _pair_agreement(_score_profiles(_index_by_item(ratings)), tolerance=0)


def adjacent_agreement(ratings: Iterable[Rating]) -> float | None:
    """Share of assessor pairs (pooled over items) whose scores differ by at most 1."""
    return _pair_agreement(_score_profiles(_index_by_item(ratings)), tolerance=1)


# --- Cohen's kappa ------------------------------------------------------------------------


def _disagreement_weight(row: int, column: int, weights: KappaWeights) -> int:
    """Penalty for two category ranks (ranks, not values, as scikit-learn does)."""
    if weights is None:
        return int(row != column)
    if weights == "linear":
        return abs(row - column)
    return (row - column) ** 2


def _kappa_from_confusion(
    confusion: Sequence[Sequence[int]], weights: KappaWeights
) -> float | None:
    """Kappa = 1 - observed/expected weighted disagreement, in exact integer arithmetic."""
    if weights not in _KAPPA_WEIGHTS:
        raise ValueError(f"unknown kappa weights {weights!r}")
    return _kappas(confusion, (weights,))[0]


def _kappas(
    confusion: Sequence[Sequence[int]], weightings: Sequence[KappaWeights]
) -> tuple[float | None, ...]:
    """Kappas of one confusion matrix for several weightings, from its cells and marginals.
    Observed and expected disagreements are the integers of summing weight × count per cell;
    (expected - total * observed) / expected is 1 - observed/expected exactly, and integer
    true division rounds correctly, so the float equals the Fraction's."""
    size = len(confusion)
    cells = list(chain.from_iterable(confusion))
    rows, columns = [sum(row) for row in confusion], [sum(cells[j::size]) for j in range(size)]
    outer = [a * b for a in rows for b in columns]
    (linear, quadratic), total, diagonal = _rank_distances(size), sum(rows), size + 1
    observed = {
        None: total - sum(cells[::diagonal]),
        "linear": sum(map(int.__mul__, linear, cells)),
        "quadratic": sum(map(int.__mul__, quadratic, cells)),
    }
    expected = {
        None: total * total - sum(outer[::diagonal]),
        "linear": sum(map(int.__mul__, linear, outer)),
        "quadratic": sum(map(int.__mul__, quadratic, outer)),
    }
    return tuple(
        (expected[w] - total * observed[w]) / expected[w] if total and expected[w] else None
        for w in weightings
    )


@cache
def _rank_distances(size: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """|i - j| and (i - j)² for the cells of a size × size matrix, row by row."""
    gaps = [i - j for i in range(size) for j in range(size)]
    return tuple(abs(gap) for gap in gaps), tuple(gap * gap for gap in gaps)


def _empty_confusion(size: int) -> list[list[int]]:
    return [[0] * size for _ in range(size)]


def cohen_kappa(
    pairs: Iterable[tuple[int, int]],
    categories: Iterable[int],
    weights: KappaWeights = None,
) -> float | None:
    """Cohen's kappa for two raters' paired scores; None when undefined or no pairs.

    Linear and quadratic weights use the distance between category ranks on the scale.
    """
    positions = _category_positions(categories)
    confusion = _empty_confusion(len(positions))
    for first, second in pairs:
        _require_on_scale((first, second), positions)
        confusion[positions[first]][positions[second]] += 1
    return _kappa_from_confusion(confusion, weights)


def _pair_confusions(
    by_item: _ItemScores, positions: Mapping[int, int]
) -> dict[tuple[str, str], list[list[int]]]:
    """Confusion matrix for every assessor pair (names sorted) that shares an item."""
    confusions: dict[tuple[str, str], list[list[int]]] = {}
    size = len(positions)
    for scores in by_item.values():
        if len(scores) < 2:
            continue
        for (first, first_score), (second, second_score) in combinations(sorted(scores.items()), 2):
            confusion = confusions.get((first, second))
            if confusion is None:
                confusion = confusions[(first, second)] = _empty_confusion(size)
            confusion[positions[first_score]][positions[second_score]] += 1
    return confusions


def _pairwise_from_confusions(
    confusions: Mapping[tuple[str, str], list[list[int]]], min_shared: int
) -> tuple[PairwiseKappa, ...]:
    """Kappas of each pair with at least `min_shared` items, once per distinct confusion."""
    results: list[PairwiseKappa] = []
    known: dict[tuple[int, ...], tuple[float | None, ...]] = {}
    for pair, confusion in sorted(confusions.items()):
        cells = tuple(chain.from_iterable(confusion))
        if (shared := sum(cells)) >= min_shared:
            if (kappas := known.get(cells)) is None:
                kappas = known[cells] = _kappas(confusion, _KAPPA_WEIGHTS)
            results.append(PairwiseKappa(pair, shared, *kappas))
    return tuple(results)


def pairwise_kappas(
    ratings: Iterable[Rating], categories: Iterable[int], min_shared: int = 2
) -> list[PairwiseKappa]:
    """Cohen's kappas for each assessor pair sharing at least `min_shared` items."""
    by_item = _index_by_item(ratings)
    positions = _category_positions(categories)
    _require_on_scale(_observed_scores(by_item), positions)
    return list(_pairwise_from_confusions(_pair_confusions(by_item, positions), min_shared))


# --- Fleiss' kappa ------------------------------------------------------------------------


def _fleiss_panel_size(profiles: _Profiles) -> int | None:
    """Most common number of raters per item (ties go to the larger panel)."""
    items_per_size: Counter[int] = Counter()
    for profile, items in profiles.items():
        items_per_size[len(profile)] += items
    if not items_per_size:
        return None
    return max(items_per_size, key=lambda size: (items_per_size[size], size))


def _fleiss_from_profiles(profiles: _Profiles) -> float | None:
    raters = _fleiss_panel_size(profiles)
    if raters is None:
        return None
    squared_counts = 0  # sum over items and categories of n_ij^2
    category_totals: Counter[int] = Counter()
    subjects = 0
    for profile, items in profiles.items():
        if len(profile) != raters:
            continue
        subjects += items
        for score, count in Counter(profile).items():
            squared_counts += items * count * count
            category_totals[score] += items * count
    assignments = subjects * raters
    squared_totals = sum(total * total for total in category_totals.values())
    numerator = (squared_counts - assignments) * assignments - squared_totals * (raters - 1)
    denominator = (raters - 1) * (assignments * assignments - squared_totals)
    return float(Fraction(numerator, denominator)) if denominator else None


def fleiss_kappa(ratings: Iterable[Rating], categories: Iterable[int]) -> float | None:
    """Fleiss' kappa over the items scored by the most common number (>= 2) of raters."""
    by_item = _index_by_item(ratings)
    _require_on_scale(_observed_scores(by_item), _category_positions(categories))
    return _fleiss_from_profiles(_score_profiles(by_item))


# --- Krippendorff's alpha -----------------------------------------------------------------


def _pairable_counts(profiles: _Profiles) -> Counter[int]:
    """n_c: how many pairable values (in items with >= 2 ratings) equal each score."""
    counts: Counter[int] = Counter()
    for profile, items in profiles.items():
        for score in profile:
            counts[score] += items
    return counts


def _scaled_distances(
    level: AlphaLevel, positions: Mapping[int, int], pairable: Mapping[int, int]
) -> dict[tuple[int, int], int]:
    """Squared distance delta^2(c, k) between used scores, times 4 for ordinal (integral).

    The ordinal metric is Krippendorff's: (sum of n_g for g from c to k - (n_c + n_k)/2)^2.
    """
    used = sorted(pairable, key=positions.__getitem__)
    distances: dict[tuple[int, int], int] = {}
    for low_index, low in enumerate(used):
        between = 0  # n_g summed over used scores from `low` to `high` inclusive
        for high in used[low_index:]:
            between += pairable[high]
            if level == "interval":
                distance = (high - low) ** 2
            else:
                distance = (2 * between - pairable[low] - pairable[high]) ** 2
            distances[(low, high)] = distances[(high, low)] = distance
    return distances


def _alpha_from_profiles(
    profiles: _Profiles, positions: Mapping[int, int], level: AlphaLevel
) -> float | None:
    """Alpha = 1 - (n - 1) * sum_u D_u / (m_u - 1) / sum_{c,k} n_c n_k delta^2(c, k)."""
    if level not in _ALPHA_LEVELS:
        raise ValueError(f"unknown level of measurement {level!r}")
    pairable = _pairable_counts(profiles)
    distances = _scaled_distances(level, positions, pairable)
    expected = sum(
        pairable[low] * pairable[high] * distances[(low, high)]
        for low in pairable
        for high in pairable
    )
    if expected == 0:
        return None
    within: Counter[int] = Counter()  # raters per item -> summed distances between its pairs
    for profile, items in profiles.items():
        pair_distance = sum(distances[pair] for pair in combinations(profile, 2))
        within[len(profile)] += 2 * items * pair_distance
    observed = sum(Fraction(total, raters - 1) for raters, total in within.items())
    values = sum(pairable.values())
    return float(1 - (values - 1) * observed / expected)


def krippendorff_alpha(
    ratings: Iterable[Rating],
    level: AlphaLevel = "ordinal",
    categories: Iterable[int] | None = None,
) -> float | None:
    """Krippendorff's alpha with missing ratings allowed; None when undefined.

    Items with fewer than two ratings are ignored. `categories` defaults to the scores seen;
    unused categories change neither metric.
    """
    by_item = _index_by_item(ratings)
    observed = _observed_scores(by_item)
    positions = _category_positions(observed if categories is None else categories)
    _require_on_scale(observed, positions)
    return _alpha_from_profiles(_score_profiles(by_item), positions, level)


# --- severity -----------------------------------------------------------------------------


def _severity_counts(by_item: _ItemScores, agreed: Mapping[str, int]) -> tuple[Counter, ...]:
    """Per assessor: items rated, agreed items and gap, peer items; peer gap per panel size.
    Sums over items, so the counts of disjoint sets of items add up (Counter.update)."""
    rated: Counter[str] = Counter()
    agreed_items: Counter[str] = Counter()
    agreed_gap: Counter[str] = Counter()
    peer_items: Counter[str] = Counter()
    # (assessor, raters on item) -> sum of (m * score - item total) = (m - 1) * gap to peers
    peer_gap: Counter[tuple[str, int]] = Counter()
    for item, scores in by_item.items():
        raters = len(scores)
        item_total = sum(scores.values())
        agreed_score = agreed.get(item)
        for assessor, score in scores.items():
            rated[assessor] += 1
            if agreed_score is not None:
                agreed_items[assessor] += 1
                agreed_gap[assessor] += score - agreed_score
            if raters > 1:
                peer_items[assessor] += 1
                peer_gap[(assessor, raters)] += raters * score - item_total
    return rated, agreed_items, agreed_gap, peer_items, peer_gap


def _severity_from_counts(*counts: Counter) -> tuple[AssessorSeverity, ...]:
    rated, agreed_items, agreed_gap, peer_items, peer_gap = counts
    peer_sums: dict[str, Fraction] = {}
    for (assessor, raters), gap in peer_gap.items():
        peer_sums[assessor] = peer_sums.get(assessor, Fraction(0)) + Fraction(gap, raters - 1)
    return tuple(
        AssessorSeverity(
            assessor=assessor,
            n=rated[assessor],
            vs_agreed=_mean(agreed_gap[assessor], agreed_items[assessor]),
            vs_others=_mean(peer_sums.get(assessor, Fraction(0)), peer_items[assessor]),
        )
        for assessor in sorted(rated)
    )


def _mean(total: int | Fraction, count: int) -> float | None:
    return float(Fraction(total) / count) if count else None


def severity(
    ratings: Iterable[Rating], agreed: Mapping[str, int] | None = None
) -> list[AssessorSeverity]:
    """Per assessor (sorted), mean signed gap to the agreed score and to the others' mean."""
    return list(_severity_from_counts(*_severity_counts(_index_by_item(ratings), agreed or {})))


# --- everything at once -------------------------------------------------------------------


def summarise(
    ratings: Iterable[Rating],
    categories: Iterable[int],
    agreed: Mapping[str, int] | None = None,
    group: str | None = None,
) -> AgreementSummary:
    """All agreement statistics for one subset of ratings, grouping the data only once."""
    return summarise_grouped(_index_by_item(ratings), categories, agreed, group)


def summarise_grouped(
    by_item: _ItemScores,
    categories: Iterable[int],
    agreed: Mapping[str, int] | None = None,
    group: str | None = None,
) -> AgreementSummary:
    """`summarise` of ratings already grouped as {item: {assessor: score}} (one per pair).

    A caller summarising many subsets of one set of scores counts them once instead, with
    agreement_parts (the same figures).
    """
    positions = _category_positions(categories)
    _require_on_scale(_observed_scores(by_item), positions)
    agreed = agreed or {}
    _require_on_scale(agreed.values(), positions)
    profiles = _score_profiles(by_item)
    return AgreementSummary(
        items=len(by_item),
        assessors=len({assessor for scores in by_item.values() for assessor in scores}),
        exact_agreement=_pair_agreement(profiles, tolerance=0),
        adjacent_agreement=_pair_agreement(profiles, tolerance=1),
        krippendorff_alpha_ordinal=_alpha_from_profiles(profiles, positions, "ordinal"),
        krippendorff_alpha_interval=_alpha_from_profiles(profiles, positions, "interval"),
        fleiss_kappa=_fleiss_from_profiles(profiles),
        pairwise=_pairwise_from_confusions(_pair_confusions(by_item, positions), 2),
        severity=_severity_from_counts(*_severity_counts(by_item, agreed)),
        group=group,
    )
