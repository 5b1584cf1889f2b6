"""Per-submission outcomes of a round: computed live, decided or not, with flags."""

from __future__ import annotations

from typing import Any

from arf_desktop.domain.moderation import RISK_LABELS
from arf_desktop.moderation.review import RoundReview, load_round
from arf_desktop.storage.workspace import Workspace


def outcome_rows(review: RoundReview) -> list[dict[str, Any]]:
    rows = []
    for entry in review.entries:
        live = entry.review.live
        decision = entry.decision
        rows.append(
            {
                "organisation": entry.facts.organisation,
                "icb": entry.facts.icb,
                "level_applied": entry.facts.level_applied,
                "computed_outcome": live.outcome if live else None,
                "level_awarded": (
                    decision.level_awarded if decision else (live.level_awarded if live else None)
                ),
                "decided": decision is not None,
                "outcome": decision.outcome if decision else None,
                "override_reason": decision.override_reason if decision else "",
                "assessors_submitted": entry.facts.submitted,
                "assessors_allocated": entry.facts.allocated,
                "to_agree": entry.review.to_agree,
                "flags": {
                    "risk": RISK_LABELS[entry.review.risk],
                    "outcome_differs": entry.review.outcome_differs,
                    "wide_spreads": entry.review.wide_spreads,
                    "disagreements": entry.review.disagreements,
                },
            }
        )
    return rows


def outcomes_for(workspace: Workspace, round_name: str) -> list[dict[str, Any]]:
    return outcome_rows(load_round(workspace, round_name))
