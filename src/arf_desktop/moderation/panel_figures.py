"""The figures the Moderation screen's Statistics tab shows, from one lean read of the round.

The same numbers as `round_statistics` gives for what the tab shows (the round's figures,
exact agreement per criterion, the score distribution) and as `drift`, without building the
round's criterion lines or the per-principle and per-criterion kappas the tab never shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from arf_desktop.calibration.drift import DEFAULT_BAND, Differences, DriftLine, drift_from
from arf_desktop.domain.agreement_parts import (
    Line,
    Summaries,
    count_parts,
    exact_agreement_of,
    merged,
)
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


@dataclass(frozen=True)
class RoundItems:
    """Every criterion line of a round as plain values, as `load_round`'s lines give them:
    (criterion, {assessor: score or None}, effective score: the panel's, else the unanimous
    one); and each assessor's differences to the effective scores, as `drift` collects them."""

    round: Round
    framework: Framework
    lines: list[Line]
    differences: Differences


def round_items(workspace: Workspace, round_name: str) -> RoundItems:
    """The round's lines as plain values, read in one transaction."""
    chosen = require_round(workspace, round_name)
    with workspace.read() as conn:
        framework = framework_repo.get_framework(conn, chosen.framework_id)
        facts = submission_repo.round_submissions(conn, chosen.id)
        sheets = score_repo.submitted_score_sheets(conn, chosen.id)
        agreed = repo.agreed_scores_for_round(conn, chosen.id)
    lines: list[Line] = []
    differences: Differences = {}
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
            targets = list(map(effective.get, shape.ids))
            rows = zip(*columns, strict=True) if columns else [()] * len(shape.ids)
            given = map(dict, map(partial(zip, assessors, strict=True), rows))
            lines.extend(zip(shape.ids, given, targets, strict=True))
            live = f"live:{f.submission_id}"
            for name, column in zip(assessors, columns, strict=True):
                found = [
                    (live, score - target)
                    for score, target in zip(column, targets, strict=True)
                    if score is not None and target is not None
                ]
                if found:
                    differences.setdefault(name, []).extend(found)
    return RoundItems(chosen, framework, lines, differences)


def panel_figures(
    workspace: Workspace, round_name: str, band: float = DEFAULT_BAND
) -> tuple[dict[str, Any], list[DriftLine]]:
    """The Statistics tab's figures (the keys of `round_statistics` it reads; each criterion
    with its exact agreement only) and the assessors' drift."""
    read = round_items(workspace, round_name)
    framework = read.framework
    with collector_paused():
        layout, parts = count_parts(read.lines, framework.scale_values)
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
    return figures, drift_from(workspace, read.round.id, read.differences, band)
