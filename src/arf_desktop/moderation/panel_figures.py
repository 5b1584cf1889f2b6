"""The figures the Moderation screen's Statistics tab shows, from one lean read of the round.

The same numbers as `round_statistics` gives for what the tab shows (the round's figures,
exact agreement per criterion, the score distribution) and as `drift`, without building the
round's criterion lines or the per-principle and per-criterion kappas the tab never shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from arf_desktop.calibration.drift import DEFAULT_BAND, Differences, DriftLine, drift_from
from arf_desktop.domain.agreement_parts import Summaries, count_parts, exact_agreement_of, merged
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.moderation import LevelShape, criterion_figures
from arf_desktop.domain.records import Round
from arf_desktop.moderation.review import collector_paused
from arf_desktop.moderation.stats import score_distribution
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import moderation as repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.workspace import Workspace

# submission id, criterion id, {assessor: score} of those who scored it, effective score
Item = tuple[int, str, dict[str, int], int | None]


@dataclass(frozen=True)
class RoundItems:
    """Every criterion line of a round as plain values: who scored what, and the effective score
    (the panel's, else the unanimous one), as `load_round`'s lines give them."""

    round: Round
    framework: Framework
    items: list[Item]


def round_items(workspace: Workspace, round_name: str) -> RoundItems:
    """The round's lines as plain values, read in one transaction."""
    chosen = require_round(workspace, round_name)
    with workspace.read() as conn:
        framework = framework_repo.get_framework(conn, chosen.framework_id)
        facts = submission_repo.round_submissions(conn, chosen.id)
        sheets = score_repo.submitted_score_sheets(conn, chosen.id)
        agreed = repo.agreed_scores_for_round(conn, chosen.id)
    items: list[Item] = []
    shapes: dict[str, LevelShape] = {}
    with collector_paused():
        for f in facts:
            shape = shapes.get(f.level_applied)
            if shape is None:
                shape = shapes[f.level_applied] = LevelShape.of(framework, f.level_applied)
            scores = sheets.get(f.submission_id, {})
            assessors = sorted(scores)
            columns = [list(map(scores[name].get, shape.ids)) for name in assessors]
            everyone = max(f.allocated, len(assessors))
            effective = criterion_figures(
                shape, columns, everyone, agreed.get(f.submission_id, {})
            )[2]
            for i, cid in enumerate(shape.ids):
                given = {
                    a: c[i] for a, c in zip(assessors, columns, strict=True) if c[i] is not None
                }
                items.append((f.submission_id, cid, given, effective.get(cid)))  # type: ignore[arg-type]
    return RoundItems(chosen, framework, items)


def panel_figures(
    workspace: Workspace, round_name: str, band: float = DEFAULT_BAND
) -> tuple[dict[str, Any], list[DriftLine]]:
    """The Statistics tab's figures (the keys of `round_statistics` it reads; each criterion
    with its exact agreement only) and the assessors' drift."""
    read = round_items(workspace, round_name)
    framework = read.framework
    differences: Differences = {}
    with collector_paused():
        for submission_id, _, given, effective in read.items:
            if effective is not None:
                live = f"live:{submission_id}"
                for assessor, score in given.items():
                    differences.setdefault(assessor, []).append((live, score - effective))
        lines = [(cid, given, effective) for _, cid, given, effective in read.items]
        layout, parts = count_parts(lines, framework.scale_values)
        overall = Summaries(layout).figures(merged(parts.values()))
    figures = {
        "round": read.round.name,
        "framework": {"id": framework.key, "version": framework.version},
        **overall,
        "per_criterion": [
            {"criterion": c.id, "exact_agreement": exact_agreement_of(parts[c.id], layout)}
            for c in framework.criteria
            if c.id in parts
        ],
        "score_distribution": score_distribution(framework, parts, layout),
    }
    return figures, drift_from(workspace, read.round.id, differences, band)
