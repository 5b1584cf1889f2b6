"""The round's statistics from one pass over the scores equal those of one summary per subset."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from arf_desktop.domain.agreement import Rating, summarise
from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.review import RoundReview, load_round
from arf_desktop.moderation.stats import ratings_and_agreed, round_statistics
from tests.moderation.conftest import ASSESSORS, PANEL, ROUND, SUBMISSIONS


def previous_statistics(review: RoundReview) -> dict[str, Any]:
    """The figures as they were computed before: Ratings, then `summarise` per subset."""
    categories = list(review.framework.scale_values)
    ratings, agreed = ratings_and_agreed(review)
    principle_of = {c.id: c.principle for c in review.framework.criteria}
    by_principle: dict[str, list[Rating]] = defaultdict(list)
    by_criterion: dict[str, list[Rating]] = defaultdict(list)
    for rating in ratings:
        criterion = rating.item.split("|", 1)[1]
        by_principle[principle_of[criterion]].append(rating)
        by_criterion[criterion].append(rating)
    distribution = {p.id: {str(v): 0 for v in categories} for p in review.framework.principles}
    for rating in ratings:
        distribution[principle_of[rating.item.split("|", 1)[1]]][str(rating.score)] += 1
    return {
        "round": review.round.name,
        "framework": {"id": review.framework.key, "version": review.framework.version},
        **summarise(ratings, categories, agreed).to_dict(),
        "per_principle": {
            p.id: summarise(by_principle.get(p.id, []), categories, agreed).to_dict()
            for p in review.framework.principles
        },
        "per_criterion": [
            {"criterion": c.id, **summarise(by_criterion[c.id], categories, agreed).to_dict()}
            for c in review.framework.criteria
            if c.id in by_criterion
        ],
        "score_distribution": distribution,
    }


def test_one_pass_gives_the_same_figures_on_a_designed_round(moderation_round) -> None:
    r = moderation_round
    rng = random.Random(11)
    organisations = list(SUBMISSIONS)
    for number, organisation in enumerate(organisations):
        base = {c: rng.choice((0, 1, 2, 2, 3)) for c in r.criteria(organisation)}
        for assessor in ASSESSORS:
            if number == 2 and assessor == ASSESSORS[2]:
                continue  # one assessor has not submitted: a panel of two on that submission
            scores = {c: min(3, max(0, v + rng.choice((0, 0, -1, 1)))) for c, v in base.items()}
            r.score(organisation, assessor, scores)
    review = load_round(r.workspace, ROUND)
    for entry in review.entries[:2]:  # agreed scores, some away from every assessor
        for line in entry.review.lines[:4]:
            if line.given:
                agree_score(
                    r.workspace, PANEL, ROUND, entry.facts.organisation, line.criterion_id,
                    max(line.given), "Agreed at the panel.",
                )  # fmt: skip
    review = load_round(r.workspace, ROUND)
    figures = round_statistics(review)
    assert figures == previous_statistics(review)
    assert figures["per_criterion"] and figures["pairwise"]
    assert sum(sum(c.values()) for c in figures["score_distribution"].values()) == len(
        ratings_and_agreed(review)[0]
    )
