"""Award letters: one editable wording template per outcome, laid out on A4 with the letterhead."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from arf_desktop.exporters import letter_content as content
from arf_desktop.exporters import pdf_common as pdf
from arf_desktop.exporters import pdf_layout as layout
from arf_desktop.exporters.documents import DecisionDocument
from arf_desktop.exporters.letter_content import Block
from arf_desktop.exporters.letter_templates import LetterTemplates, load_templates
from arf_desktop.files.atomic import write_atomic

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN


def _text(text: str) -> str:
    """Plain block text (already cleaned and in drawing order) as Paragraph markup."""
    return escape(text).replace("\n", "<br/>")


def _column(lines: tuple[str, ...], style: ParagraphStyle, width: float) -> str | list[Flowable]:
    """One column of the address block: plain lines when each fits (far faster), else
    paragraphs that wrap."""
    if all(stringWidth(line, style.fontName, style.fontSize) <= width for line in lines):
        return "\n".join(lines)
    return [Paragraph(_text(line), style) for line in lines]


def _address_and_date(block: Block) -> Table:
    """The addressee on the left, the date and reference on the right: one cell each, so the
    page is read (and extracted) as the addressee first, then the date."""
    st = layout.styles()
    widths = (WIDTH * 0.55, WIDTH * 0.45)
    left = _column(block.lines, st["address"], widths[0] - 12)
    right = _column(block.aside, st["right"], widths[1])
    table = Table([[left, right]], colWidths=widths)
    table.setStyle(
        layout.table_style(
            [
                *layout.cell_text_style(st["address"]),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 12),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _decision_box(decision: DecisionDocument, lines: tuple[str, ...]) -> Table:
    """The outcome in a grey box with a level-coloured edge; the level is always written out."""
    st = layout.styles()
    body = [Paragraph(f"<b>{_text(lines[0])}</b>", st["cell"])]
    body += [Paragraph(_text(line), st["cell"]) for line in lines[1:]]
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


def _signatories(people: tuple[tuple[str, str], ...]) -> Table | None:
    """Names (bold) over roles, up to three side by side, with room above to sign."""
    if not people:
        return None
    st = layout.styles()
    per_row = min(3, len(people))
    width = WIDTH / per_row
    bold = ParagraphStyle("signatory", st["cell"], fontName=pdf.FONT_BOLD)
    rows: list[list[object]] = []
    for start in range(0, len(people), per_row):
        group = people[start : start + per_row]
        padding = [""] * (per_row - len(group))
        rows.append([_cell(name, bold, width - 8) for name, _ in group] + padding)
        rows.append([_cell(role, st["cell"], width - 8) for _, role in group] + padding)
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


def _cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A table cell of text already in drawing order: plain when it fits one line."""
    if stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return Paragraph(_text(text), style)


def _item(block: Block) -> list[Flowable]:
    """A criterion in bold with the panel's feedback beneath, kept with its first paragraph."""
    st = layout.styles()
    head = Paragraph(f"<b>{_text(block.text)}</b>", st["item"])
    body = [Paragraph(_text(part), st["item_body"]) for part in block.lines]
    return [KeepTogether([head, *body[:1]]), *body[1:]]


def _ending(block: Block) -> list[Flowable]:
    """ "Yours sincerely" and the signatories, moved to a new page together if need be."""
    st = layout.styles()
    ending: list[Flowable] = [Spacer(1, 3 * mm), Paragraph(_text(block.text), st["body"])]
    signatories = _signatories(block.rows)
    if signatories is not None:
        ending.append(signatories)
    rows = -(-len(block.rows) // 3)  # rows of up to three signatories
    return [CondPageBreak(20 * mm + 22 * mm * rows), *ending, Spacer(1, 8 * mm)]


def _flowables(decision: DecisionDocument, block: Block) -> list[Flowable]:
    st = layout.styles()
    kind = block.kind
    if kind == content.ADDRESS:
        return [_address_and_date(block), Spacer(1, 8 * mm)]
    if kind == content.DECISION:
        return [Spacer(1, 2 * mm), _decision_box(decision, block.lines), Spacer(1, 2 * mm)]
    if kind == content.HEADING:
        return layout.heading(_text(block.text))
    if kind == content.SUBHEADING:
        return [CondPageBreak(22 * mm), Paragraph(_text(block.text), st["subheading"])]
    if kind == content.ITEM:
        return _item(block)
    if kind == content.BULLETS:  # one paragraph of short lines: far faster than one each
        listed = Paragraph("<br/>".join(f"•\u00a0{_text(i)}" for i in block.lines), st["list"])
        return [Paragraph(_text(block.text), st["lead"]), listed] if block.text else [listed]
    if kind == content.PRINCIPLES:
        return [layout.principle_table(block.rows, WIDTH), Spacer(1, 3 * mm)]
    if kind == content.CLOSING:
        return _ending(block)
    style = {content.TITLE: "title", content.SMALL: "small"}.get(kind, "body")
    return [Paragraph(_text(block.text), st[style])]


def letter_story(decision: DecisionDocument, templates: LetterTemplates) -> list[Flowable]:
    """The flowables of one award letter, in reading order."""
    blocks = content.letter_blocks(decision, templates, pdf.one_line, pdf.clean)
    return [f for block in blocks for f in _flowables(decision, block)]


def render_letter(decision: DecisionDocument, templates: LetterTemplates | None = None) -> bytes:
    """The award letter as PDF bytes (the same decision always gives the same bytes)."""
    templates = templates or load_templates()
    buffer = BytesIO()
    margins = (MARGIN, MARGIN, layout.LETTERHEAD + 12 * mm, 22 * mm)
    head = decision.letterhead
    footer = f"{pdf.one_line(head.title)} · Reference {pdf.one_line(decision.reference)}"
    doc = layout.doc_template(buffer, "letter", margins, footer, letterhead=head)
    doc.build(letter_story(decision, templates))
    return buffer.getvalue()


def write_letter(
    decision: DecisionDocument,
    path: str | os.PathLike[str],
    templates: LetterTemplates | None = None,
) -> Path:
    """Render the letter and write it atomically to `path`."""
    return write_atomic(path, render_letter(decision, templates))
