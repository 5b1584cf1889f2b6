"""Shared PDF layout: paragraph styles, tables, the letterhead, footers and the A4 page frames."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from arf_desktop.exporters.documents import Letterhead, PrincipleSummary
from arf_desktop.exporters.pdf_common import (
    ASSEMBLY,
    FONT,
    FONT_BOLD,
    LIGHT_GREY,
    NHS_BLUE,
    NHS_DARK_BLUE,
    PROGRAMME,
    RULE_GREY,
    SECONDARY_TEXT,
    TEXT,
    WHITE,
    anchor_short,
    document_info,
    one_line,
    register_fonts,
)

LETTERHEAD = 24 * mm
PageCallback = Callable[[Canvas, Any], None]
NO_PADDING = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles every document uses, in the embedded font."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=TEXT)
    body.bulletFontName = FONT
    body.spaceAfter = 6
    heading = ParagraphStyle("heading", body, fontName=FONT_BOLD, fontSize=11.5, leading=15)
    heading.textColor, heading.spaceBefore, heading.spaceAfter = NHS_DARK_BLUE, 10, 4
    cell = ParagraphStyle("cell", body, fontSize=9, leading=11.5, spaceAfter=0)
    head = ParagraphStyle("cell_head", cell, fontName=FONT_BOLD, textColor=NHS_DARK_BLUE)
    small = ParagraphStyle("small", body, fontSize=7.5, leading=10, spaceAfter=2)
    small.textColor = SECONDARY_TEXT
    subheading = ParagraphStyle("subheading", body, fontName=FONT_BOLD, spaceBefore=4)
    subheading.textColor, subheading.spaceAfter = NHS_BLUE, 3
    item = ParagraphStyle("item", body, leftIndent=8, spaceBefore=2, spaceAfter=1)
    return {
        "body": body,
        "heading": heading,
        "title": ParagraphStyle("title", heading, fontSize=15, leading=20, spaceBefore=2),
        "small": small,
        "bullet": ParagraphStyle("bullet", body, leftIndent=14, bulletIndent=3, spaceAfter=3),
        "address": ParagraphStyle("address", body, spaceAfter=0),
        "right": ParagraphStyle("right", body, alignment=TA_RIGHT, spaceAfter=0),
        "cell": cell,
        "cell_right": ParagraphStyle("cell_right", cell, alignment=TA_RIGHT),
        "cell_head": head,
        "subheading": subheading,
        "item": item,
        "item_body": ParagraphStyle("item_body", body, leftIndent=8, spaceAfter=5),
        "list": ParagraphStyle("list", body, leftIndent=8, leading=15),
        "lead": ParagraphStyle("lead", body, keepWithNext=1),
    }


def heading(text: str, room: float = 28 * mm) -> list[Flowable]:
    """A section heading (markup) that moves to the next page unless `room` is left under it."""
    return [CondPageBreak(room), Paragraph(text, styles()["heading"])]


def cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """Table cell content: plain text when it fits on one line (far faster), else a Paragraph.

    Plain cells take the table's font, size and colour: see `cell_text_style`.
    """
    line = one_line(text)
    if stringWidth(line, style.fontName, style.fontSize) <= width:
        return line
    return Paragraph(escape(line), style)


def cell_text_style(style: ParagraphStyle) -> list[tuple[Any, ...]]:
    """Table style commands that make plain cell text look like the paragraph style."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), style.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), style.fontSize),
        ("LEADING", (0, 0), (-1, -1), style.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), style.textColor),
    ]


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose cells draw in the embedded font (reportlab's default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def principle_table(rows: Sequence[PrincipleSummary], width: float) -> Table:
    """The per-principle summary: criteria, criteria met and mean agreed score, right-aligned.

    Everything is plain cell text, which reportlab lays out far faster than
    Paragraphs, except a principle's name too long for one line.
    """
    widths = [20 * mm, 16 * mm, 40 * mm]
    first = width - sum(widths)
    data: list[list[Any]] = [["Principle", "Criteria", "Met", "Mean agreed score"]]
    for row in rows:
        mean = "–" if row.mean_score is None else f"{row.mean_score:.1f}"
        name = cell(f"{row.principle_id} · {row.name}", styles()["cell"], first - 12)
        data.append([name, str(row.criteria), str(row.met), mean])
    table = Table(data, colWidths=[first, *widths], repeatRows=1)
    table.setStyle(table_style([
        *cell_text_style(styles()["cell"]),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("TEXTCOLOR", (0, 0), (-1, 0), NHS_DARK_BLUE),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, NHS_BLUE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))  # fmt: skip
    return table


def doc_template(
    buffer: BytesIO,
    kind: str,
    margins: tuple[float, float, float, float],
    footer_text: str,
    later_top: float = 16 * mm,
    letterhead: Letterhead | None = None,
) -> BaseDocTemplate:
    """A deterministic (invariant) A4 platypus document with allow-listed metadata.

    `margins` are left, right, top and bottom of the first page, which has the
    letterhead; later pages have a thin blue band and `later_top` above the
    text. Frames have no padding, so tables `doc.width` wide line up with text.
    The footer is drawn after the page's text, so the text is read first.
    """
    head = letterhead or Letterhead()
    register_fonts()
    left, right, top, bottom = margins
    width, height = A4
    footer_drawer = footer(footer_text)

    def first(canvas: Canvas, _doc: Any) -> None:
        draw_letterhead(canvas, width, height, letterhead=head)

    def later(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(NHS_BLUE)
        canvas.rect(0, height - 4 * mm, width, 4 * mm, stroke=0, fill=1)
        canvas.restoreState()

    def frame(top_margin: float) -> Frame:
        return Frame(left, bottom, width - left - right, height - top_margin - bottom, **NO_PADDING)

    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=top,
                          bottomMargin=bottom, invariant=1, pageCompression=1,
                          initialFontName=FONT, lang="en-GB", **document_info(kind))  # fmt: skip
    doc.addPageTemplates([
        PageTemplate("first", [frame(top)], onPage=first, onPageEnd=footer_drawer,
                     autoNextPageTemplate="later"),
        PageTemplate("later", [frame(later_top)], onPage=later, onPageEnd=footer_drawer),
    ])  # fmt: skip
    return doc


def banded_report(
    buffer: BytesIO, info: dict[str, str], footer_text: str, margin: float = 18 * mm
) -> BaseDocTemplate:
    """A one-template report: the letterhead band and the footer on every page."""
    register_fonts()
    width, height = A4
    footer_drawer = footer(footer_text)
    frame = Frame(margin, 18 * mm, width - 2 * margin, height - LETTERHEAD - 28 * mm,
                  **NO_PADDING)  # fmt: skip

    def page(canvas: Canvas, document: Any) -> None:
        draw_letterhead(canvas, width, height)
        footer_drawer(canvas, document)

    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin,
                          topMargin=LETTERHEAD + 10 * mm, bottomMargin=18 * mm,
                          invariant=1, pageCompression=1, initialFontName=FONT,
                          lang="en-GB", **info)  # fmt: skip
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=page)])
    return doc


def draw_letterhead(
    canvas: Canvas,
    width: float,
    height: float,
    band: float = LETTERHEAD,
    letterhead: Letterhead | None = None,
) -> None:
    """The NHS blue band across the top of the page with the letterhead's title and lines."""
    head = letterhead or Letterhead(PROGRAMME, ASSEMBLY)
    title, subtitle, contact = (one_line(line) for line in head)
    canvas.saveState()
    canvas.setFillColor(NHS_BLUE)
    canvas.rect(0, height - band, width, band, stroke=0, fill=1)
    canvas.setFillColor(WHITE)
    room = width - 40 * mm - (stringWidth(contact, FONT, 8.5) + 6 * mm if contact else 0)
    canvas.setFont(FONT_BOLD, _fitted(title, FONT_BOLD, 15, room))
    canvas.drawString(20 * mm, height - band / 2 + 1.5 * mm, title)
    canvas.setFont(FONT, _fitted(subtitle, FONT, 8.5, room))
    canvas.drawString(20 * mm, height - band / 2 - 4.5 * mm, subtitle)
    if contact:
        canvas.setFont(FONT, 8.5)
        canvas.drawRightString(width - 20 * mm, height - band / 2 - 4.5 * mm, contact)
    canvas.restoreState()


def _fitted(text: str, font: str, size: float, width: float) -> float:
    """The size (at most `size`) at which the text fits the width on one line."""
    natural = stringWidth(text, font, size)
    return size if natural <= width or natural <= 0 else max(size * width / natural, 5.0)


def footer(text: str) -> PageCallback:
    """A page callback drawing a grey rule, the (already one-line) text and the page number."""

    def draw(canvas: Canvas, doc: Any) -> None:
        width = doc.pagesize[0]
        canvas.saveState()
        canvas.setStrokeColor(RULE_GREY)
        canvas.setLineWidth(0.5)
        canvas.line(doc.leftMargin, 14 * mm, width - doc.rightMargin, 14 * mm)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(SECONDARY_TEXT)
        canvas.drawString(doc.leftMargin, 10 * mm, text)
        anchor = anchor_short()
        page = f"{anchor}   Page {doc.page}" if anchor else f"Page {doc.page}"
        canvas.drawRightString(width - doc.rightMargin, 10 * mm, page)
        canvas.restoreState()

    return draw
