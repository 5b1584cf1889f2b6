"""Award letters: one editable wording template per outcome, laid out on A4 with the letterhead."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from io import BytesIO
from itertools import zip_longest
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table

from arf_desktop.exporters import pdf_common as pdf
from arf_desktop.exporters import pdf_layout as layout
from arf_desktop.exporters.documents import DecisionDocument
from arf_desktop.exporters.letter_templates import (
    LetterTemplates,
    fill,
    letter_values,
    load_templates,
)
from arf_desktop.files.atomic import write_atomic

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN


def _bullets(items: Sequence[str]) -> list[Flowable]:
    st = layout.styles()
    return [Paragraph(pdf.markup(item), st["bullet"], bulletText="•") for item in items if item]


def _heading_block(heading: str, body: list[Flowable]) -> list[Flowable]:
    """A section heading and its body; nothing when the body is empty."""
    if not body:
        return []
    return [*layout.heading(heading), *body]


def _address_and_date(decision: DecisionDocument, values: Mapping[str, str]) -> Table:
    """The addressee on the left; the date and the reference on the right."""
    st = layout.styles()
    left = [line for line in (decision.addressee_name, decision.organisation,
                              decision.addressee_email) if pdf.one_line(line)]  # fmt: skip
    right = [values["letter_date"], f"Reference: {values['reference']}"]
    widths = (WIDTH * 0.6, WIDTH * 0.4)
    rows = [
        [
            layout.cell(mine, st["address"], widths[0] - 12),
            layout.cell(theirs, st["right"], widths[1]),
        ]
        for mine, theirs in zip_longest(left, right, fillvalue="")
    ]
    table = Table(rows, colWidths=widths)
    table.setStyle(
        layout.table_style(
            [
                *layout.cell_text_style(st["address"]),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _decision_box(decision: DecisionDocument, lines: list[str]) -> Table:
    """The outcome in a grey box with a level-coloured edge; the level is always written out."""
    st = layout.styles()
    body = [Paragraph(f"<b>{lines[0]}</b>", st["cell"])]
    body += [Paragraph(line, st["cell"]) for line in lines[1:]]
    table = Table([[body]], colWidths=[WIDTH])
    colour = pdf.level_colour(decision.level_awarded or decision.level_applied)
    table.setStyle(
        layout.table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), pdf.LIGHT_GREY),
                ("LINEBEFORE", (0, 0), (0, -1), 4, colour, 0),  # butt ends: flush with the box
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def _signatories(decision: DecisionDocument) -> Table | None:
    """Names (bold) over roles, up to three side by side, with room above to sign."""
    if not decision.signatories:
        return None
    st = layout.styles()
    per_row = min(3, len(decision.signatories))
    width = WIDTH / per_row
    bold = ParagraphStyle("signatory", st["cell"], fontName=pdf.FONT_BOLD)
    rows: list[list[object]] = []
    for start in range(0, len(decision.signatories), per_row):
        group = decision.signatories[start : start + per_row]
        padding = [""] * (per_row - len(group))
        rows.append([layout.cell(s.name, bold, width - 8) for s in group] + padding)
        rows.append([layout.cell(s.role, st["cell"], width - 8) for s in group] + padding)
    table = Table(rows, colWidths=[width] * per_row)
    table.setStyle(
        layout.table_style(
            [
                *layout.cell_text_style(st["cell"]),
                *[("FONTNAME", (0, r), (-1, r), pdf.FONT_BOLD) for r in range(0, len(rows), 2)],
                *[("TOPPADDING", (0, r), (-1, r), 12 * mm) for r in range(0, len(rows), 2)],
                *[("BOTTOMPADDING", (0, r), (-1, r), 1) for r in range(0, len(rows), 2)],
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 1), (-1, -1), 0),
            ]
        )
    )
    return table


def letter_story(decision: DecisionDocument, templates: LetterTemplates) -> list[Flowable]:
    """The flowables of one award letter, in reading order."""
    st = layout.styles()
    common, wording = templates.common, templates.for_decision(decision)
    values = letter_values(decision)

    def text(template: str) -> str:
        return fill(template, values)

    story: list[Flowable] = [_address_and_date(decision, values), Spacer(1, 8 * mm)]
    story.append(Paragraph(text(wording["subject"]), st["title"]))
    story.append(Paragraph(text(common["salutation"]), st["body"]))
    paragraphs = list(wording["paragraphs"])
    if decision.outcome != "awarded":
        extra = "when_level_awarded" if decision.level_awarded else "when_no_level_awarded"
        paragraphs += wording.get(extra, [])
    story += [Paragraph(text(p), st["body"]) for p in paragraphs]
    box = [text(wording["decision"])]
    if decision.level_awarded:
        box += [text(common["level_awarded"]), text(common["validity"])]
    else:
        box.append(text(common["no_level_awarded"]))
    story += [Spacer(1, 2 * mm), _decision_box(decision, box), Spacer(1, 2 * mm)]
    story += [Paragraph(text(p), st["body"]) for p in wording.get("closing_paragraphs", [])]
    story += _heading_block(text(common["strengths_heading"]), _bullets(decision.strengths))
    development = _bullets(decision.development_areas)
    story += _heading_block(text(common["development_heading"]), development)
    if decision.principles:
        summary = [
            Paragraph(text(common["summary_intro"]), st["body"]),
            layout.principle_table(decision.principles, WIDTH),
        ]
        story += _heading_block(text(common["summary_heading"]), summary)
    steps = [
        Paragraph(pdf.markup(part.strip()), st["body"])
        for part in pdf.clean(decision.next_steps).split("\n\n")
        if part.strip()
    ]
    steps.append(Paragraph(text(common["contact"]), st["body"]))
    story += _heading_block(text(common["next_steps_heading"]), steps)
    ending: list[Flowable] = [Spacer(1, 3 * mm), Paragraph(text(common["closing"]), st["body"])]
    signatories = _signatories(decision)
    if signatories is not None:
        ending.append(signatories)
    rows = -(-len(decision.signatories) // 3)  # rows of up to three signatories
    story += [CondPageBreak(20 * mm + 22 * mm * rows), *ending]
    notice = common["draft_notice"] if decision.framework_draft else common["framework_notice"]
    story += [
        Spacer(1, 8 * mm),
        Paragraph(text(notice), st["small"]),
        Paragraph(text(common["verification"]), st["small"]),
    ]
    return story


def render_letter(decision: DecisionDocument, templates: LetterTemplates | None = None) -> bytes:
    """The award letter as PDF bytes (the same decision always gives the same bytes)."""
    templates = templates or load_templates()
    buffer = BytesIO()
    margins = (MARGIN, MARGIN, layout.LETTERHEAD + 12 * mm, 22 * mm)
    footer = f"{pdf.PROGRAMME} · Reference {pdf.one_line(decision.reference)}"
    doc = layout.doc_template(buffer, "letter", margins, footer)
    doc.build(letter_story(decision, templates))
    return buffer.getvalue()


def write_letter(
    decision: DecisionDocument,
    path: str | os.PathLike[str],
    templates: LetterTemplates | None = None,
) -> Path:
    """Render the letter and write it atomically to `path`."""
    return write_atomic(path, render_letter(decision, templates))
