"""The per-assessor calibration report (PDF): their scores beside the key, the rationale, status."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from arf_desktop.calibration.results import AssessorResult, KeyLine
from arf_desktop.exporters import pdf_common as pdf
from arf_desktop.exporters import pdf_layout as layout
from arf_desktop.files.atomic import write_atomic

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
INFO = {
    "title": "ARF calibration report",
    "subject": "Anti-Racist Framework assessor calibration",
    "author": pdf.PROGRAMME,
    "creator": "ARF Desktop",
    "producer": "ARF Desktop",
    "keywords": [],
}
STATUS = {
    "qualified": "Qualified",
    "not_qualified": "Not yet qualified",
    "pending": "Pending (not submitted)",
}
COLUMNS = (("Item", 0.13), ("Criterion", 0.11), ("Yours", 0.08), ("Definitive", 0.12),
           ("Rationale", 0.56))  # fmt: skip


def _summary(result: AssessorResult, min_exact: float, max_difference: int) -> str:
    if not result.n:
        return "No result yet: the exercise has not been submitted."
    return (
        f"{result.exact} of {result.n} criteria exactly as the definitive score, "
        f"{result.adjacent} one point away; widest difference {result.max_difference}; "
        f"mean difference {result.mean_difference:+.2f} (your score minus the definitive one: "
        "below zero is stricter, above zero more generous). Tolerance: at least "
        f"{min_exact:.0%} exact and no criterion more than {max_difference} away."
    )


def _table(lines: list[KeyLine]) -> Table:
    st = layout.styles()
    widths = [WIDTH * share for _, share in COLUMNS]
    rows: list[list[object]] = [[title for title, _ in COLUMNS]]
    for line in lines:
        own = "—" if line.own is None else str(line.own)
        rows.append(
            [
                layout.cell(line.item, st["cell"], widths[0] - 6),
                line.criterion_id,
                own,
                str(line.definitive),
                layout.cell(line.rationale, st["cell"], widths[4] - 6),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    commands: list[tuple[object, ...]] = [
        *layout.cell_text_style(st["cell"]),
        ("FONTNAME", (0, 0), (-1, 0), pdf.FONT_BOLD),
        ("TEXTCOLOR", (0, 0), (-1, 0), pdf.NHS_DARK_BLUE),
        ("BACKGROUND", (0, 0), (-1, 0), pdf.LIGHT_GREY),
        ("ALIGN", (2, 0), (3, -1), "RIGHT"),
        ("RIGHTPADDING", (3, 0), (3, -1), 10),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, pdf.NHS_BLUE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, pdf.RULE_GREY),
    ]
    for row, line in enumerate(lines, start=1):
        if line.own is not None and line.own != line.definitive:
            commands.append(("FONTNAME", (2, row), (2, row), pdf.FONT_BOLD))
    table.setStyle(layout.table_style(commands))  # type: ignore[arg-type]
    return table


def render_calibration_report(
    result: AssessorResult, lines: list[KeyLine], min_exact: float, max_difference: int
) -> bytes:
    """One assessor's result on one exercise as PDF bytes."""
    st = layout.styles()
    buffer = BytesIO()
    doc = layout.banded_report(
        buffer, INFO, f"{pdf.PROGRAMME} · Calibration · {pdf.one_line(result.assessor)}"
    )
    story = [
        Paragraph(f"Calibration: {pdf.markup(result.exercise)}", st["title"]),
        Paragraph(
            f"<b>{pdf.markup(result.assessor)}</b> · {STATUS.get(result.status, result.status)}"
            + ("" if result.status == "qualified" else f" — {pdf.markup(result.reason)}"),
            st["body"],
        ),
        Paragraph(pdf.markup(_summary(result, min_exact, max_difference)), st["body"]),
        Spacer(1, 3 * mm),
        *layout.heading("Your scores beside the definitive scores"),
        _table(lines),
    ]
    doc.build(story)
    return buffer.getvalue()


def write_calibration_report(
    result: AssessorResult,
    lines: list[KeyLine],
    min_exact: float,
    max_difference: int,
    path: str | os.PathLike[str],
) -> Path:
    """Render the report and write it atomically to `path`."""
    return write_atomic(path, render_calibration_report(result, lines, min_exact, max_difference))
