"""The regional dashboard as a one-page PDF: stacked level bars per ICB, target line, table."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table

from arf_desktop.exporters import pdf_common as pdf
from arf_desktop.exporters import pdf_layout as layout
from arf_desktop.exporters.dashboard import Dashboard, GroupProgress, describe
from arf_desktop.exporters.documents import format_date
from arf_desktop.files.atomic import write_atomic

PAGE = landscape(A4)
MARGIN = 16 * mm
WIDTH = PAGE[0] - 2 * MARGIN
INFO = {
    "title": "ARF regional dashboard",
    "subject": "Anti-Racist Framework regional progress",
    "author": pdf.PROGRAMME,
    "creator": "ARF Desktop",
    "producer": "ARF Desktop",
    "keywords": [],
}


def _fit(text: str, size: float, width: float) -> str:
    if stringWidth(text, pdf.FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", pdf.FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _bar(
    drawing: Drawing,
    dashboard: Dashboard,
    group: GroupProgress,
    x: float,
    y: float,
    track: float,
    height: float,
) -> None:
    drawing.add(
        Rect(
            x,
            y,
            track,
            height,
            fillColor=pdf.LIGHT_GREY,
            strokeColor=pdf.RULE_GREY,
            strokeWidth=0.4,
        )
    )
    left = x
    for level in dashboard.levels:
        count = group.held.get(level.id, 0)
        if not count or not group.organisations:
            continue
        width = track * count / group.organisations
        colour = HexColor(level.colour)
        drawing.add(
            Rect(left, y, width, height, fillColor=colour, strokeColor=pdf.WHITE, strokeWidth=0.6)
        )
        label = str(count)
        if stringWidth(label, pdf.FONT_BOLD, 9) + 4 <= width:
            ink = pdf.text_colour_on(colour)
            middle = {"fontName": pdf.FONT_BOLD, "fontSize": 9, "textAnchor": "middle"}
            drawing.add(
                String(left + width / 2, y + height / 2 - 3.2, label, fillColor=ink, **middle)
            )
        left += width


def chart(dashboard: Dashboard, width: float = WIDTH) -> Drawing:
    """Horizontal stacked bars (level colours, counts written on them) and the target line."""
    rows = [*dashboard.groups, dashboard.region]
    label_w, value_w, row_h, bar_h, top_pad = 70 * mm, 52 * mm, 26.0, 15.0, 30.0
    track = width - label_w - value_w
    height = top_pad + row_h * len(rows) + 14
    drawing = Drawing(width, height)
    drawing.initialFontName = pdf.FONT
    words = {"fontName": pdf.FONT, "fontSize": 9, "fillColor": pdf.TEXT}
    legend_x = 0.0
    for level in dashboard.levels:
        drawing.add(
            Rect(legend_x, height - 12, 11, 11, fillColor=HexColor(level.colour), strokeColor=None)
        )
        text = f"{level.name}"
        drawing.add(String(legend_x + 15, height - 10, text, **words))
        legend_x += 15 + stringWidth(text, pdf.FONT, 9) + 18
    drawing.add(
        Line(
            legend_x,
            height - 6.5,
            legend_x + 14,
            height - 6.5,
            strokeColor=pdf.TEXT,
            strokeWidth=1.6,
            strokeDashArray=[3, 2],
        )
    )
    drawing.add(
        String(
            legend_x + 18,
            height - 10,
            f"Target: {dashboard.target:.0%} at {dashboard.lowest_level} or above",
            **words,
        )
    )
    for index, group in enumerate(rows):
        y = height - top_pad - (index + 1) * row_h + (row_h - bar_h) / 2
        bold = group is dashboard.region
        font = pdf.FONT_BOLD if bold else pdf.FONT
        drawing.add(
            String(
                0,
                y + bar_h / 2 - 3.2,
                _fit(group.name, 9, label_w - 8),
                fontName=font,
                fontSize=9,
                fillColor=pdf.TEXT,
            )
        )
        _bar(drawing, dashboard, group, label_w, y, track, bar_h)
        value = f"{group.recognised} of {group.organisations} ({group.share:.0%})"
        mark = " ✓ target met" if dashboard.meets_target(group) else ""
        drawing.add(
            String(
                width,
                y + bar_h / 2 - 3.2,
                value + mark,
                textAnchor="end",
                fontName=font,
                fontSize=9,
                fillColor=pdf.TEXT,
            )
        )
    target_x = label_w + track * dashboard.target
    drawing.add(
        Line(
            target_x,
            4,
            target_x,
            height - top_pad + 6,
            strokeColor=pdf.TEXT,
            strokeWidth=1.6,
            strokeDashArray=[3, 2],
        )
    )
    drawing.add(String(target_x, 0 - 6, f"{dashboard.target:.0%}", textAnchor="middle", **words))
    return drawing


def _table(dashboard: Dashboard) -> Table:
    head = [
        "ICB",
        "Organisations",
        *(lv.name for lv in dashboard.levels),
        f"At {dashboard.lowest_level} or above",
        "Share",
        "Target",
    ]
    data: list[list[str]] = [head]
    for group in (*dashboard.groups, dashboard.region):
        data.append(
            [
                group.name,
                str(group.organisations),
                *(str(group.held.get(lv.id, 0)) for lv in dashboard.levels),
                str(group.recognised),
                f"{group.share:.0%}",
                "Met" if dashboard.meets_target(group) else "Not yet met",
            ]
        )
    widths = [
        WIDTH - 150 * mm,
        25 * mm,
        *[18 * mm] * len(dashboard.levels),
        40 * mm,
        16 * mm,
        23 * mm,
    ]
    widths[0] = WIDTH - sum(widths[1:])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        layout.table_style(
            [
                *layout.cell_text_style(layout.styles()["cell"]),
                ("FONTNAME", (0, 0), (-1, 0), pdf.FONT_BOLD),
                ("FONTNAME", (0, -1), (-1, -1), pdf.FONT_BOLD),
                ("TEXTCOLOR", (0, 0), (-1, 0), pdf.NHS_DARK_BLUE),
                ("BACKGROUND", (0, 0), (-1, 0), pdf.LIGHT_GREY),
                ("ALIGN", (1, 0), (-2, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, pdf.NHS_BLUE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, pdf.RULE_GREY),
            ]
        )
    )
    return table


def render_dashboard(dashboard: Dashboard) -> bytes:
    """The dashboard as PDF bytes, in the embedded font, with allow-listed metadata."""
    pdf.register_fonts()
    st = layout.styles()
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=layout.LETTERHEAD + 8 * mm,
        bottomMargin=18 * mm,
        invariant=1,
        pageCompression=1,
        initialFontName=pdf.FONT,
        lang="en-GB",
        **INFO,
    )
    frame = Frame(
        MARGIN, 18 * mm, WIDTH, PAGE[1] - layout.LETTERHEAD - 26 * mm, **layout.NO_PADDING
    )
    footer = layout.footer(f"{pdf.PROGRAMME} · Regional progress")

    def page(canvas: object, _document: object) -> None:
        layout.draw_letterhead(canvas, PAGE[0], PAGE[1])  # type: ignore[arg-type]

    # The footer is drawn after the text, so the page is read (and extracted) in order.
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=page, onPageEnd=footer)])
    scope = pdf.markup(dashboard.scope)
    intro = (
        f"Organisations at each level by integrated care board, as of "
        f"{format_date(dashboard.as_of)} ({scope}). Target: {dashboard.target:.0%} of "
        f"organisations at {pdf.markup(dashboard.lowest_level)} or above. Counted: active "
        "trusts, ICBs and the regional team in the register."
    )
    story = [
        Paragraph("Regional progress", st["title"]),
        Paragraph(intro, st["body"]),
        Spacer(1, 3 * mm),
        chart(dashboard),
        Spacer(1, 8 * mm),
        _table(dashboard),
        Spacer(1, 4 * mm),
    ]
    story += [Paragraph(pdf.markup(line), st["small"]) for line in describe(dashboard)]
    doc.build(story)
    return buffer.getvalue()


def write_dashboard_pdf(dashboard: Dashboard, path: str | os.PathLike[str]) -> Path:
    """Render the dashboard and write it atomically to `path`."""
    return write_atomic(path, render_dashboard(dashboard))
