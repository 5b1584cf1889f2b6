"""Feedback reports: summary by principle with a bar chart, each criterion's score and feedback."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from arf_desktop.exporters import pdf_common as pdf
from arf_desktop.exporters import pdf_layout as layout
from arf_desktop.exporters.documents import (
    CriterionFeedback,
    DecisionDocument,
    PrincipleSummary,
    format_date,
)
from arf_desktop.files.atomic import write_atomic

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
OUTCOME_WORDS = {
    "awarded": "Awarded",
    "minor_revisions": "Minor revisions",
    "not_yet_awarded": "Not yet awarded",
}


def outcome_text(decision: DecisionDocument) -> str:
    """The outcome in words, with the level written out ("Minor revisions: Bronze awarded")."""
    words = OUTCOME_WORDS[decision.outcome]
    if decision.outcome == "awarded":
        return f"{words}: {decision.level_awarded}"
    if decision.level_awarded:
        return f"{words}: {decision.level_awarded} awarded"
    return f"{words}: no level awarded"


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Text shortened with an ellipsis so it fits the width at this size."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def principle_chart(rows: tuple[PrincipleSummary, ...], width: float = WIDTH) -> Drawing:
    """Horizontal bars: the share of each principle's criteria that were met, labelled in words."""
    row_height, bar_height, label_width, value_width = 17.0, 9.0, 72 * mm, 40 * mm
    track = width - label_width - value_width
    height = row_height * len(rows) + 4
    drawing = Drawing(width, height)
    drawing.initialFontName = pdf.FONT  # reportlab.graphics otherwise starts in Helvetica
    words = {"fontName": pdf.FONT, "fontSize": 8.5, "fillColor": pdf.TEXT}
    for index, row in enumerate(rows):
        y = height - (index + 1) * row_height
        label = f"{pdf.one_line(row.principle_id)} · {pdf.one_line(row.name)}"
        drawing.add(String(0, y + 2.5, _fit(label, pdf.FONT, 8.5, label_width - 6), **words))
        drawing.add(Rect(label_width, y, track, bar_height, fillColor=pdf.LIGHT_GREY,
                         strokeColor=pdf.RULE_GREY, strokeWidth=0.4))  # fmt: skip
        share = min(row.met / row.criteria, 1.0) if row.criteria else 0.0
        if share > 0:
            drawing.add(Rect(label_width, y, track * share, bar_height, fillColor=pdf.NHS_BLUE,
                             strokeColor=None))  # fmt: skip
        mean = "" if row.mean_score is None else f" · mean {row.mean_score:.1f}"
        value = f"{row.met} of {row.criteria} met{mean}"
        drawing.add(String(width, y + 2.5, value, textAnchor="end", **words))
    return drawing


def _facts(decision: DecisionDocument) -> Table:
    st = layout.styles()
    facts = [
        ("Organisation", decision.organisation),
        ("Integrated care board", decision.icb or "–"),
        ("Recognition round", decision.round_name),
        ("Level applied for", decision.level_applied),
        ("Outcome", outcome_text(decision)),
        ("Decision date", format_date(decision.decision_date)),
        ("Reference", decision.reference),
        (
            "Framework",
            f"{decision.framework_name}, version {decision.framework_version}"
            + (" (DRAFT)" if decision.framework_draft else ""),
        ),
    ]
    rows = [
        [Paragraph(escape(k), st["cell_head"]), Paragraph(pdf.markup(v), st["cell"])]
        for k, v in facts
    ]
    table = Table(rows, colWidths=[45 * mm, WIDTH - 45 * mm])
    table.setStyle(
        layout.table_style(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, pdf.RULE_GREY),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _criterion(item: CriterionFeedback, principle_names: dict[str, str]) -> list[Flowable]:
    """One criterion: a grey heading row with id, title and score, then the panel's feedback."""
    st = layout.styles()
    head = Paragraph(f"{pdf.markup(item.criterion_id)} · {pdf.markup(item.title)}", st["cell_head"])
    score = Paragraph(f"<b>{pdf.markup(item.caption)}</b>", st["cell_right"])
    table = Table([[head, score]], colWidths=[WIDTH - 48 * mm, 48 * mm])
    table.setStyle(
        layout.table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), pdf.LIGHT_GREY),
                ("LINEBEFORE", (0, 0), (0, -1), 3, pdf.level_colour(item.level), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    principle = principle_names.get(item.principle, "")
    where = " · ".join(filter(None, (item.level, item.principle, principle)))
    meta = Paragraph(f"Level and principle: {pdf.markup(where)}", st["small"])
    text = pdf.clean(item.feedback).strip()
    body = [
        Paragraph(pdf.markup(part.strip()), st["body"])
        for part in text.split("\n\n")
        if part.strip()
    ]
    if not body:
        body = [Paragraph("No feedback was recorded for this criterion.", st["small"])]
    return [KeepTogether([table, Spacer(1, 2), meta, body[0]]), *body[1:], Spacer(1, 4)]


def feedback_story(decision: DecisionDocument) -> list[Flowable]:
    """The flowables of one feedback report, in reading order."""
    st = layout.styles()
    story: list[Flowable] = [
        Paragraph("Feedback report", st["title"]),
        _facts(decision),
    ]
    if decision.principles:
        story += [
            *layout.heading("Summary by principle", 45 * mm),
            layout.principle_table(decision.principles, WIDTH),
            Spacer(1, 4 * mm),
            Paragraph(
                "Criteria met in each principle (bar length: share of criteria met)", st["small"]
            ),
            principle_chart(decision.principles),
        ]
    for heading, items in (
        ("Strengths the panel commended", decision.strengths),
        ("Areas for development", decision.development_areas),
    ):
        bullets = [Paragraph(pdf.markup(i), st["bullet"], bulletText="•") for i in items if i]
        if bullets:
            story += [*layout.heading(heading), *bullets]
    names = {row.principle_id: pdf.one_line(row.name) for row in decision.principles}
    level = None
    for item in decision.criteria:
        if item.level != level:
            level = item.level
            story += layout.heading(f"{pdf.markup(level)} criteria", 40 * mm)
        story += _criterion(item, names)
    return story


def render_feedback(decision: DecisionDocument) -> bytes:
    """The feedback report as PDF bytes (the same decision always gives the same bytes)."""
    buffer = BytesIO()
    margins = (MARGIN, MARGIN, layout.LETTERHEAD + 10 * mm, 22 * mm)
    footer = f"ARF feedback report · Reference {pdf.one_line(decision.reference)}"
    doc = layout.doc_template(buffer, "feedback", margins, footer)
    doc.build(feedback_story(decision))
    return buffer.getvalue()


def write_feedback(decision: DecisionDocument, path: str | os.PathLike[str]) -> Path:
    """Render the feedback report and write it atomically to `path`."""
    return write_atomic(path, render_feedback(decision))
