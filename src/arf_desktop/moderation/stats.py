"""Agreement statistics for a round: overall, per principle, per criterion, assessor severity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arf_desktop.domain.agreement import Rating
from arf_desktop.domain.agreement_parts import (
    Layout,
    Part,
    Summaries,
    count_parts,
    merged,
    score_counts,
)
from arf_desktop.domain.framework import Framework
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


def round_statistics(review: RoundReview) -> dict[str, Any]:
    """The figures `arf-desktop stats --json` prints (see schemas/stats.schema.json)."""
    with collector_paused():
        return _round_statistics(review)


def _round_statistics(review: RoundReview) -> dict[str, Any]:
    framework = review.framework
    lines = [
        (line.criterion_id, line.scores, line.effective)
        for entry in review.entries
        for line in entry.review.lines
    ]
    # Counted per criterion in one walk; a principle's and the round's parts are their sums.
    layout, parts = count_parts(lines, framework.scale_values)
    summaries = Summaries(layout)
    criteria = [c for c in framework.criteria if c.id in parts]
    of_principle = {
        p.id: merged(parts[c.id] for c in criteria if c.principle == p.id)
        for p in framework.principles
    }
    counted = {c.id for c in criteria if c.principle in of_principle}
    rest = [part for criterion, part in parts.items() if criterion not in counted]
    overall = summaries.figures(merged([*of_principle.values(), *rest]))
    per_principle = {p: summaries.figures(part) for p, part in of_principle.items()}
    per_criterion = [{"criterion": c.id, **summaries.figures(parts[c.id])} for c in criteria]
    return {
        "round": review.round.name,
        "framework": {"id": framework.key, "version": framework.version},
        **overall,
        "per_principle": per_principle,
        "per_criterion": per_criterion,
        "score_distribution": score_distribution(framework, parts, layout),
    }


def score_distribution(
    framework: Framework, parts: Mapping[str, Part], layout: Layout
) -> dict[str, dict[str, int]]:
    """Per principle, how many ratings gave each score of the scale."""
    values = [str(v) for v in framework.scale_values]
    distribution = {p.id: dict.fromkeys(values, 0) for p in framework.principles}
    for criterion in framework.criteria:
        if criterion.id in parts:
            counts = distribution[criterion.principle]
            found = score_counts(parts[criterion.id], layout)
            for value, count in zip(layout.values, found, strict=True):
                counts[str(value)] += count
    return distribution


def statistics_for(workspace: Workspace, round_name: str) -> dict[str, Any]:
    return round_statistics(load_round(workspace, round_name))
