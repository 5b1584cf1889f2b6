"""Agreement statistics for a round: overall, per principle, per criterion, assessor severity."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from arf_desktop.domain.agreement import Rating, summarise
from arf_desktop.moderation.review import RoundReview, load_round
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


def round_statistics(review: RoundReview) -> dict[str, Any]:
    """The figures `arf-desktop stats --json` prints (see schemas/stats.schema.json)."""
    categories = list(review.framework.scale_values)
    ratings, agreed = ratings_and_agreed(review)
    overall = summarise(ratings, categories, agreed).to_dict()
    principle_of = {c.id: c.principle for c in review.framework.criteria}
    by_principle: dict[str, list[Rating]] = defaultdict(list)
    by_criterion: dict[str, list[Rating]] = defaultdict(list)
    for rating in ratings:
        criterion = rating.item.split("|", 1)[1]
        by_principle[principle_of[criterion]].append(rating)
        by_criterion[criterion].append(rating)
    per_principle = {
        p.id: summarise(by_principle.get(p.id, []), categories, agreed).to_dict()
        for p in review.framework.principles
    }
    per_criterion = [
        {"criterion": c.id, **summarise(by_criterion[c.id], categories, agreed).to_dict()}
        for c in review.framework.criteria
        if c.id in by_criterion
    ]
    distribution = {p.id: {str(v): 0 for v in categories} for p in review.framework.principles}
    for rating in ratings:
        distribution[principle_of[rating.item.split("|", 1)[1]]][str(rating.score)] += 1
    return {
        "round": review.round.name,
        "framework": {"id": review.framework.key, "version": review.framework.version},
        **overall,
        "per_principle": per_principle,
        "per_criterion": per_criterion,
        "score_distribution": distribution,
    }


def statistics_for(workspace: Workspace, round_name: str) -> dict[str, Any]:
    return round_statistics(load_round(workspace, round_name))
