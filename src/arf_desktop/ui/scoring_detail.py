"""The detail pane beside the criteria table: evidence, files, guidance, scale, other scores."""

from __future__ import annotations

from html import escape

from arf_desktop.domain.framework import Framework
from arf_desktop.scoring.scores import CriterionRow
from arf_desktop.storage.scores import OtherScore
from arf_desktop.ui.theme import LEVEL_COLOURS, NHS_DARK_BLUE, SECONDARY_TEXT

EVIDENCE_SCHEME = "evidence"


def _size(size: int | None) -> str:
    if size is None:
        return "not included in the upload"
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in parts) or (
        f"<p style='color:{SECONDARY_TEXT}'><i>No evidence summary was given.</i></p>"
    )


def others_html(framework: Framework, others: list[OtherScore] | None) -> str:
    if others is None:
        return (
            "<h3>Other assessors</h3><p><b>Hidden until you submit.</b> You will see the other "
            "assessors' scores for this submission once you have submitted your own.</p>"
        )
    if not others:
        return "<h3>Other assessors</h3><p>No other assessor has scored this criterion yet.</p>"
    rows = "".join(
        "<tr>"
        f"<td style='padding:2px 8px 2px 0'>{escape(o.assessor)}</td>"
        f"<td style='padding:2px 8px 2px 0'><b>"
        f"{escape(framework.scale_point(o.score).caption) if o.score is not None else 'Not scored'}"
        f"</b></td>"
        f"<td style='padding:2px 8px 2px 0'>{'submitted' if o.status == 'submitted' else 'not yet submitted'}</td>"
        f"<td style='padding:2px 0'>{escape(o.comment)}</td>"
        "</tr>"
        for o in others
    )
    return f"<h3>Other assessors</h3><table>{rows}</table>"


def criterion_detail_html(
    framework: Framework, row: CriterionRow, others: list[OtherScore] | None
) -> str:
    """Everything an assessor reads to score one criterion, evidence first."""
    criterion = framework.criterion(row.id)
    level = framework.level(criterion.level)
    colour = LEVEL_COLOURS.get(level.id, level.colour)
    must = "Must be met for the award." if criterion.must_meet else "Not required for the award."
    if row.files:
        files = "".join(
            f"<li><a href='{EVIDENCE_SCHEME}:{f.file_id}'>{escape(f.name)}</a> ({_size(f.size)})</li>"
            if f.file_id is not None
            else f"<li>{escape(f.name)} ({_size(f.size)})</li>"
            for f in row.files
        )
        files_html = f"<ul>{files}</ul>"
    else:
        files_html = f"<p style='color:{SECONDARY_TEXT}'>No files attached for this criterion.</p>"
    scale = "".join(
        "<tr>"
        f"<td style='padding:3px 8px 3px 0; white-space:nowrap'><b>{escape(p.caption)}</b>"
        f"{' ◀ your score' if p.value == row.score else ''}</td>"
        f"<td style='padding:3px 0'>{escape(p.descriptor)}</td></tr>"
        for p in framework.scale
    )
    examples = "".join(f"<li>{escape(e)}</li>" for e in criterion.evidence_examples)
    return (
        f"<h2 style='color:{NHS_DARK_BLUE}; margin-bottom:2px'>{escape(row.id)} · "
        f"{escape(row.title)}</h2>"
        f"<p><span style='color:{colour}'>■</span> <b>{escape(level.name)}</b> · "
        f"{escape(row.principle)} {escape(row.principle_name)} · {must}</p>"
        f"<h3>What the organisation says</h3>"
        f"<p><b>Self-assessment:</b> {escape(row.self_assessment or 'not given')}</p>"
        f"{_paragraphs(row.summary)}"
        f"<h3>Evidence files</h3>{files_html}"
        f"<h3>Guidance for assessors</h3><p>{escape(criterion.guidance)}</p>"
        + (f"<p><b>Evidence that would show it:</b></p><ul>{examples}</ul>" if examples else "")
        + f"<h3>Rating scale</h3><table>{scale}</table>"
        + others_html(framework, others)
    )
