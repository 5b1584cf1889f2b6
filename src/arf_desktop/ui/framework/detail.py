"""The Framework screen's detail pane: one criterion's level, guidance, evidence and scale."""

from __future__ import annotations

from html import escape

from arf_desktop.domain.framework import Criterion, Framework
from arf_desktop.ui.kit.theme import LEVEL_COLOURS, NHS_DARK_BLUE


def criterion_html(framework: Framework, criterion: Criterion) -> str:
    """The detail pane: title, level (written out), principle, guidance, evidence, scale."""
    level = framework.level(criterion.level)
    principle = framework.principle(criterion.principle)
    colour = LEVEL_COLOURS.get(level.id, level.colour)
    examples = "".join(f"<li>{escape(e)}</li>" for e in criterion.evidence_examples)
    scale = "".join(
        f"<tr><td style='padding:4px 8px 4px 0; white-space:nowrap'><b>{escape(p.caption)}</b></td>"
        f"<td style='padding:4px 0'>{escape(p.descriptor)}</td></tr>"
        for p in framework.scale
    )
    must = "Must be met for the award." if criterion.must_meet else "Not required for the award."
    return (
        f"<h2 style='color:{NHS_DARK_BLUE}; margin-bottom:2px'>{escape(criterion.id)} · "
        f"{escape(criterion.title)}</h2>"
        f"<p><span style='color:{colour}; font-size:16px'>■</span> <b>{escape(level.name)}</b>"
        f" · {escape(principle.id)} {escape(principle.name)} · {must}</p>"
        f"<h3>Guidance for assessors</h3><p>{escape(criterion.guidance)}</p>"
        f"<h3>Evidence that would show it</h3><ul>{examples}</ul>"
        f"<h3>Rating scale</h3><table>{scale}</table>"
    )
