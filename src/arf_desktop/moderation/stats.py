"""Agreement statistics for a round: overall, per principle, per criterion, assessor severity."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from arf_desktop.domain.agreement import Rating, summarise_grouped
from arf_desktop.domain.agreement_parts import Parts, merged, parts_of
from arf_desktop.moderation.review import RoundReview, collector_paused, load_round
from arf_desktop.storage.workspace import Workspace


def ratings_and_agreed(review: RoundReview) -> tuple[list[Rating], dict[str, int]]:
    """Each submitted score as a rating of the item "submission|criterion"; the agreed scores."""
    ratings: list[Rating] = []
    agreed: dict[str, int] = {}
    for entry in review.entries:
        for line in entry.review.lines:
            item = f"{entry.review.submission_id}|{line.criterion_id}"
            for assessor, score in line.scores.items():
                if score is not None:
                    ratings.append(Rating(item, assessor, score))
            if line.effective is not None:
                agreed[item] = line.effective
    return ratings, agreed


def grouped_scores(
    review: RoundReview,
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, dict[str, int]]], dict[str, int]]:
    """One walk over the submitted scores: {item: {assessor: score}} for the whole round and
    per criterion, and the agreed scores; items are "submission|criterion" as in
    `ratings_and_agreed`, in the same order."""
    everything: dict[str, dict[str, int]] = {}
    by_criterion: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    agreed: dict[str, int] = {}
    for entry in review.entries:
        prefix = f"{entry.review.submission_id}|"
        for line in entry.review.lines:
            item = prefix + line.criterion_id
            given = {a: score for a, score in line.scores.items() if score is not None}
            if given:
                everything[item] = given
                by_criterion[line.criterion_id][item] = given
            if line.effective is not None:
                agreed[item] = line.effective
    return everything, by_criterion, agreed


def round_statistics(review: RoundReview) -> dict[str, Any]:
    """The figures `arf-desktop stats --json` prints (see schemas/stats.schema.json)."""
    with collector_paused():
        return _round_statistics(review)


def _round_statistics(review: RoundReview) -> dict[str, Any]:
    framework = review.framework
    categories = list(framework.scale_values)
    everything, by_criterion, agreed = grouped_scores(review)
    # Pair confusions and severity counts: counted per criterion, summed for the rest.
    parts = {c: parts_of(items, categories, agreed) for c, items in by_criterion.items()}
    by_principle: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    principle_parts: dict[str, list[Parts]] = defaultdict(list)
    distribution = {p.id: {str(v): 0 for v in categories} for p in framework.principles}
    for criterion in framework.criteria:
        items = by_criterion.get(criterion.id, {})
        by_principle[criterion.principle].update(items)
        if criterion.id in parts:
            principle_parts[criterion.principle].append(parts[criterion.id])
        counts = distribution[criterion.principle]
        for given in items.values():
            for score in given.values():
                counts[str(score)] += 1
    summed = {p.id: merged(principle_parts[p.id]) for p in framework.principles}
    known: dict[tuple[int, ...], tuple[float | None, ...]] = {}  # kappas shared by subsets
    # The subsets' severity is in their parts: only the round's summary checks the agreed scores.
    overall = summarise_grouped(
        everything, categories, agreed, parts=merged(summed.values()), known=known
    ).to_dict()
    per_principle = {
        p.id: summarise_grouped(
            by_principle[p.id], categories, None, parts=summed[p.id], known=known
        ).to_dict()
        for p in framework.principles
    }
    per_criterion = [
        {
            "criterion": c.id,
            **summarise_grouped(
                by_criterion[c.id], categories, None, parts=parts[c.id], known=known
            ).to_dict(),
        }
        for c in framework.criteria
        if c.id in by_criterion
    ]
    return {
        "round": review.round.name,
        "framework": {"id": framework.key, "version": framework.version},
        **overall,
        "per_principle": per_principle,
        "per_criterion": per_criterion,
        "score_distribution": distribution,
    }


def statistics_for(workspace: Workspace, round_name: str) -> dict[str, Any]:
    return round_statistics(load_round(workspace, round_name))
