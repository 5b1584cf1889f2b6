"""Feedback reports: a summary chart, then principle by principle each score and its feedback."""

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
        *(
            [("Revised evidence by", format_date(decision.resubmission_deadline))]
            if decision.resubmission_deadline
            else []
        ),
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


def _tags(item: CriterionFeedback, outcome: str) -> str:
    """The level and what the score means here: a strength, to revise, not yet met."""
    tags = [item.level]
    if item.strength:
        tags.append("Strength")
    elif item.unmet:
        tags.append("To revise" if outcome == "minor_revisions" else "Not yet met")
    return " · ".join(pdf.markup(tag) for tag in tags if tag)


def _criterion(item: CriterionFeedback, outcome: str) -> list[Flowable]:
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
    meta = Paragraph(_tags(item, outcome), st["small"])
    text = pdf.clean(item.feedback).strip()
    body = [
        Paragraph(pdf.markup(part.strip()), st["body"])
        for part in text.split("\n\n")
        if part.strip()
    ]
    if not body:  # only a decision recorded before feedback was required can lack it
        body = [Paragraph("The panel recorded no feedback on this criterion.", st["body"])]
    return [KeepTogether([table, Spacer(1, 2), meta, body[0]]), *body[1:], Spacer(1, 4)]


def met_without_comment(items: tuple[CriterionFeedback, ...]) -> str:
    """One line (markup) for the criteria met with no feedback, grouped by score:
    "Also met, without further comment: 2 · Fully evidenced: B-P1-01 …; B-P1-04 …"."""
    quiet = [i for i in items if i.met and not i.has_feedback]
    if not quiet:
        return ""
    groups = []
    for caption in sorted({i.caption for i in quiet}):
        listed = "; ".join(
            f"{pdf.markup(i.criterion_id)} {pdf.markup(i.title)}"
            for i in quiet
            if i.caption == caption
        )
        groups.append(f"<i>{pdf.markup(caption)}</i>: {listed}")
    return f"<b>Also met, without further comment</b> — {'. '.join(groups)}."


def _principle(
    decision: DecisionDocument, principle: PrincipleSummary, items: tuple[CriterionFeedback, ...]
) -> list[Flowable]:
    st = layout.styles()
    name = " · ".join(filter(None, (principle.principle_id, pdf.one_line(principle.name))))
    met = sum(i.met for i in items)
    story = [
        *layout.heading(pdf.markup(name), 40 * mm),
        Paragraph(f"{met} of {len(items)} criteria met.", st["small"]),
    ]
    for item in items:
        if item.has_feedback or not item.met:
            story += _criterion(item, decision.outcome)
    line = met_without_comment(items)
    if line:
        story.append(Paragraph(line, st["body"]))
    return story


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
            Spacer(1, 2 * mm),
            Paragraph(
                "Below, principle by principle, each criterion the panel commented on or that is "
                "not yet met, with its agreed score and the panel's feedback; the criteria met "
                "without further comment are listed after them.",
                st["body"],
            ),
        ]
    for principle, items in decision.by_principle():
        story += _principle(decision, principle, items)
    return story


def render_feedback(decision: DecisionDocument) -> bytes:
    """The feedback report as PDF bytes (the same decision always gives the same bytes)."""
    buffer = BytesIO()
    margins = (MARGIN, MARGIN, layout.LETTERHEAD + 10 * mm, 22 * mm)
    footer = f"ARF feedback report · Reference {pdf.one_line(decision.reference)}"
    doc = layout.doc_template(buffer, "feedback", margins, footer, letterhead=decision.letterhead)
    doc.build(feedback_story(decision))
    return buffer.getvalue()


def write_feedback(decision: DecisionDocument, path: str | os.PathLike[str]) -> Path:
    """Render the feedback report and write it atomically to `path`."""
    return write_atomic(path, render_feedback(decision))
