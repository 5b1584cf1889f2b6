"""The detail pane beside the criteria table: evidence, files, guidance, scale, other scores."""

from __future__ import annotations

from html import escape

from arf_desktop.domain.framework import Framework
from arf_desktop.domain.records import EvidenceFile, OtherScore
from arf_desktop.scoring.scores import CriterionRow
from arf_desktop.ui.kit.theme import LEVEL_COLOURS, NHS_DARK_BLUE, SECONDARY_TEXT

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


def _state(status: str) -> str:
    return "submitted" if status == "submitted" else "not yet submitted"


def _caption(framework: Framework, score: int | None) -> str:
    return "not scored" if score is None else framework.scale_point(score).caption


def _file_item(file: EvidenceFile) -> str:
    name = escape(file.name)
    if file.file_id is not None:
        name = f"<a href='{EVIDENCE_SCHEME}:{file.file_id}'>{name}</a>"
    return f"<li>{name} ({_size(file.size)})</li>"


def others_html(framework: Framework, others: list[OtherScore] | None) -> str:
    if others is None:
        return (
            "<h3>Other assessors</h3><p><b>Hidden until you submit.</b> You will see the other "
            "assessors' scores for this submission once you have submitted your own.</p>"
        )
    if not others:
        return "<h3>Other assessors</h3><p>No other assessor has scored this criterion yet.</p>"
    items = "".join(
        f"<li><b>{escape(o.assessor)}</b> ({_state(o.status)}): "
        f"<b>{escape(_caption(framework, o.score))}</b>"
        + (f" — {escape(o.comment)}" if o.comment else "")
        + "</li>"
        for o in others
    )
    return f"<h3>Other assessors</h3><ul>{items}</ul>"


def criterion_detail_html(
    framework: Framework, row: CriterionRow, others: list[OtherScore] | None
) -> str:
    """Everything an assessor reads to score one criterion, evidence first."""
    criterion = framework.criterion(row.id)
    level = framework.level(criterion.level)
    colour = LEVEL_COLOURS.get(level.id, level.colour)
    must = "Must be met for the award." if criterion.must_meet else "Not required for the award."
    if row.files:
        files_html = f"<ul>{''.join(_file_item(f) for f in row.files)}</ul>"
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
    seen = others_html(framework, others) if others is not None else ""
    hidden = others_html(framework, others) if others is None else ""
    return (
        f"<h2 style='color:{NHS_DARK_BLUE}; margin-bottom:2px'>{escape(row.id)} · "
        f"{escape(row.title)}</h2>"
        f"<p><span style='color:{colour}'>■</span> <b>{escape(level.name)}</b> · "
        f"{escape(row.principle)} {escape(row.principle_name)} · {must}</p>"
        f"<h3>What the organisation says</h3>"
        f"<p><b>Self-assessment:</b> {escape(row.self_assessment or 'not given')}</p>"
        f"{_paragraphs(row.summary)}"
        f"<h3>Evidence files</h3>{files_html}"
        f"{seen}"
        f"<h3>Guidance for assessors</h3><p>{escape(criterion.guidance)}</p>"
        + (f"<p><b>Evidence that would show it:</b></p><ul>{examples}</ul>" if examples else "")
        + f"<h3>Rating scale</h3><table>{scale}</table>"
        + hidden
    )
