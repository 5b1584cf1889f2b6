"""Certificates of recognition: A4 landscape, level-coloured border and band, fitted names."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from arf_desktop.exporters import pdf_common as pdf
from arf_desktop.exporters.documents import DecisionDocument, format_date, verification_code
from arf_desktop.files.atomic import write_atomic

PAGE = landscape(A4)
NAME_BOX_WIDTH = PAGE[0] - 2 * 42 * mm
NAME_BOX_HEIGHT = 30 * mm
NAME_MAX, NAME_SINGLE_MIN, NAME_MIN, NAME_FLOOR = 30.0, 20.0, 13.0, 6.0
LEADING = 1.22


@dataclass(frozen=True)
class FittedText:
    size: float
    lines: tuple[str, ...]


def _split_long_word(word: str, font: str, size: float, width: float) -> list[str]:
    pieces, current = [], ""
    for char in word:
        if current and stringWidth(current + char, font, size) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        for piece in _split_long_word(word, font, size, width):
            candidate = f"{current} {piece}" if current else piece
            if current and stringWidth(candidate, font, size) > width:
                lines.append(current)
                candidate = piece
            current = candidate
    return [*lines, current] if current else lines


def _balanced(text: str, font: str, size: float, width: float) -> list[str]:
    """The same number of lines as a greedy wrap, but as even in length as possible."""
    lines = wrap(text, font, size, width)
    low, high = stringWidth(text, font, size) / max(len(lines), 1), width
    for _ in range(12):
        middle = (low + high) / 2
        if len(wrap(text, font, size, middle)) > len(lines):
            low = middle
        else:
            high = middle
    return wrap(text, font, size, high)


def fit_line(text: str, font: str, width: float, largest: float) -> float:
    """The largest size (in half points, at most `largest`) at which one line fits the width.

    Never cut: a very long line just gets smaller than any minimum.
    """
    natural = stringWidth(text, font, 1.0)
    if natural <= 0:
        return largest
    return min(largest, max(int(width / natural * 2) / 2, 0.5))


def fit_text(
    text: str,
    font: str,
    width: float,
    height: float,
    sizes: tuple[float, float, float] = (NAME_MAX, NAME_SINGLE_MIN, NAME_MIN),
    max_lines: int = 3,
) -> FittedText:
    """Fit text into a box: one line shrinking to a minimum, then up to `max_lines` lines.

    Text too long even for that keeps shrinking (down to 6 pt) with as many
    lines as the box holds; every character is kept.
    """
    largest, single_min, smallest = sizes
    size = fit_line(text, font, width, largest)
    if size >= single_min and size * LEADING <= height:
        return FittedText(size, (text,))
    size = single_min
    while size >= smallest:
        lines = _balanced(text, font, size, width)
        if len(lines) <= max_lines and len(lines) * size * LEADING <= height:
            return FittedText(size, tuple(lines))
        size -= 0.5
    while size > NAME_FLOOR:
        lines = wrap(text, font, size, width)
        if len(lines) * size * LEADING <= height:
            break
        size -= 0.5
    return FittedText(size, tuple(_balanced(text, font, size, width)))


def _centred_line(
    canvas: Canvas,
    text: str,
    y: float,
    font: str,
    largest: float,
    colour: object,
    width: float = NAME_BOX_WIDTH,
) -> None:
    """One line of text, centred, shrunk to fit `width` if it must be."""
    _centred(canvas, text, y, font, fit_line(text, font, width, largest), colour)


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float, colour: object) -> None:
    canvas.setFont(font, size)
    canvas.setFillColor(colour)
    canvas.drawCentredString(PAGE[0] / 2, y, text)


def _draw_frame(canvas: Canvas, level: str, decision: DecisionDocument) -> None:
    width, height = PAGE
    colour = pdf.level_colour(level)
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(9)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm, stroke=1, fill=0)
    canvas.setLineWidth(0.8)
    canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm, stroke=1, fill=0)
    band = 21 * mm
    canvas.setFillColor(pdf.NHS_BLUE)
    canvas.rect(15 * mm, height - 15 * mm - band, width - 30 * mm, band, stroke=0, fill=1)
    room = width - 40 * mm
    title, subtitle = (pdf.one_line(line) for line in decision.letterhead[:2])
    size = fit_line(title, pdf.FONT_BOLD, room, 17)
    _centred(canvas, title, height - 15 * mm - 10 * mm, pdf.FONT_BOLD, size, pdf.WHITE)
    size = fit_line(subtitle, pdf.FONT, room, 9)
    _centred(canvas, subtitle, height - 15 * mm - 16 * mm, pdf.FONT, size, pdf.WHITE)


def _draw_name(canvas: Canvas, name: str, top: float) -> float:
    """Draw the organisation's name centred in its box; returns the box's bottom edge."""
    fitted = fit_text(name, pdf.FONT_BOLD, NAME_BOX_WIDTH, NAME_BOX_HEIGHT)
    leading = fitted.size * LEADING
    block = leading * len(fitted.lines)
    y = top - (NAME_BOX_HEIGHT - block) / 2 - fitted.size
    for line in fitted.lines:
        _centred(canvas, line, y, pdf.FONT_BOLD, fitted.size, pdf.NHS_DARK_BLUE)
        y -= leading
    return top - NAME_BOX_HEIGHT


def _draw_level_band(canvas: Canvas, level: str, top: float) -> float:
    colour = pdf.level_colour(level)
    text = f"{level} level"
    size = fit_line(text, pdf.FONT_BOLD, NAME_BOX_WIDTH - 24 * mm, 24)
    band_width = max(stringWidth(text, pdf.FONT_BOLD, size) + 24 * mm, 90 * mm)
    band_height = 15 * mm
    canvas.setFillColor(colour)
    canvas.roundRect(
        (PAGE[0] - band_width) / 2,
        top - band_height,
        band_width,
        band_height,
        3 * mm,
        stroke=0,
        fill=1,
    )
    text_y = top - band_height / 2 - size * 0.36
    _centred(canvas, text, text_y, pdf.FONT_BOLD, size, pdf.text_colour_on(colour))
    return top - band_height


def _draw_column(
    canvas: Canvas, x: float, y: float, pairs: Sequence[tuple[str, str]], align: str
) -> None:
    """Label over value, twice; values shrink to fit the 60 mm beside the signatures."""
    draw = {"left": canvas.drawString, "right": canvas.drawRightString}[align]
    for label, value in pairs:
        canvas.setFont(pdf.FONT, 8)
        canvas.setFillColor(pdf.SECONDARY_TEXT)
        draw(x, y, label)
        canvas.setFont(pdf.FONT_BOLD, fit_line(value, pdf.FONT_BOLD, 60 * mm, 10.5))
        canvas.setFillColor(pdf.TEXT)
        draw(x, y - 13, value)
        y -= 32


def _draw_signatories(canvas: Canvas, decision: DecisionDocument, y: float) -> None:
    people = decision.signatories[:2]
    if not people:
        return
    slot = 62 * mm
    start = PAGE[0] / 2 - slot * len(people) / 2
    for index, person in enumerate(people):
        middle = start + slot * (index + 0.5)
        canvas.setStrokeColor(pdf.RULE_GREY)
        canvas.setLineWidth(0.6)
        canvas.line(middle - slot / 2 + 4 * mm, y + 12, middle + slot / 2 - 4 * mm, y + 12)
        lines = ((person.name, pdf.FONT_BOLD, 9.5, 0), (person.role, pdf.FONT, 8, 12))
        for text, font, size, dy in lines:
            line = pdf.one_line(text)
            canvas.setFont(font, fit_line(line, font, slot - 8 * mm, size))
            canvas.setFillColor(pdf.TEXT)
            canvas.drawCentredString(middle, y - dy, line)


def draw_certificate(canvas: Canvas, decision: DecisionDocument) -> None:
    """Draw one certificate page on the canvas."""
    if not decision.level_awarded:
        raise ValueError("no level was awarded, so there is no certificate to print")
    level = pdf.one_line(decision.level_awarded)
    width, height = PAGE
    _draw_frame(canvas, level, decision)
    _centred(
        canvas, "Certificate of recognition", height - 62 * mm, pdf.FONT_BOLD, 28, pdf.NHS_DARK_BLUE
    )
    _centred(canvas, "This is to certify that", height - 74 * mm, pdf.FONT, 12, pdf.TEXT)
    bottom = _draw_name(canvas, pdf.one_line(decision.organisation), height - 78 * mm)
    _centred(
        canvas,
        "has been recognised under the Anti-Racist Framework at",
        bottom - 8 * mm,
        pdf.FONT,
        12,
        pdf.TEXT,
    )
    bottom = _draw_level_band(canvas, level, bottom - 13 * mm)
    name = pdf.one_line(decision.round_name)
    round_text = name if "round" in name.casefold() else f"Recognition round {name}"
    _centred_line(canvas, round_text, bottom - 7 * mm, pdf.FONT, 10, pdf.SECONDARY_TEXT)
    valid_until = decision.valid_until
    left = [("Date of award", format_date(decision.letter_date))]
    if valid_until:
        left.append(("Valid until", format_date(valid_until)))
    _draw_column(canvas, 26 * mm, 44 * mm, left, "left")
    right = [
        ("Certificate number", pdf.one_line(decision.certificate_number)),
        ("Verification code", verification_code(decision)),
    ]
    _draw_column(canvas, width - 26 * mm, 44 * mm, right, "right")
    _draw_signatories(canvas, decision, 30 * mm)
    if decision.framework_draft:
        note = (
            f"Assessed against {pdf.one_line(decision.framework_name)}, version "
            f"{pdf.one_line(decision.framework_version)}: a DRAFT framework."
        )
        _centred_line(canvas, note, 19 * mm, pdf.FONT, 7, pdf.SECONDARY_TEXT, width - 60 * mm)


def render_certificate(decision: DecisionDocument) -> bytes:
    """The certificate as PDF bytes (the same decision always gives the same bytes)."""
    buffer = BytesIO()
    canvas = pdf.new_canvas(buffer, "certificate", PAGE)
    draw_certificate(canvas, decision)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_certificate(decision: DecisionDocument, path: str | os.PathLike[str]) -> Path:
    """Render the certificate and write it atomically to `path`."""
    return write_atomic(path, render_certificate(decision))
