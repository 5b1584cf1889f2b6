"""Shared PDF basics: the embedded Unicode font, NHS colours, safe text, metadata, atomic writes."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from arf_desktop.exporters.glyphs import printable
from arf_desktop.paths import resource

FONT = "ARFSans"
FONT_BOLD = "ARFSans-Bold"
FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
PROGRAMME = "NHS North West Anti-Racist Framework"
ASSEMBLY = "NHS North West Black, Asian and Minority Ethnic Assembly"

NHS_BLUE = HexColor("#005EB8")
NHS_DARK_BLUE = HexColor("#003087")
TEXT = HexColor("#212B32")
SECONDARY_TEXT = HexColor("#4C6272")
LIGHT_GREY = HexColor("#F0F4F5")
RULE_GREY = HexColor("#D8DDE0")
BLACK = HexColor("#000000")
WHITE = white
LEVEL_COLOURS = {"bronze": "#A0632B", "silver": "#8A8D8F", "gold": "#B8860B"}

# What each document's PDF metadata says: fixed wording, never a name or an organisation.
DOCUMENT_INFO = {
    "letter": ("ARF award letter", "Anti-Racist Framework recognition decision"),
    "certificate": ("ARF certificate of recognition", "Anti-Racist Framework recognition"),
    "feedback": ("ARF feedback report", "Anti-Racist Framework assessment feedback"),
}
_INFO_KEYS = "Title Subject Author Creator Producer Keywords CreationDate ModDate Trapped"
METADATA_KEYS = frozenset(f"/{key}" for key in _INFO_KEYS.split())

_font_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register the bundled DejaVu Sans (regular and bold) once per process.

    Also turns off reportlab's ASCII85 wrapping of compressed streams (a
    process-wide setting): files get about a fifth smaller and render faster.
    """
    global _fonts_registered
    with _font_lock:
        if _fonts_registered:
            return
        rl_config.useA85 = 0
        for name, filename in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )
        _fonts_registered = True


def level_colour(level: str | None) -> Color:
    """The level's colour by name ("Silver"); NHS dark blue for a level with no colour."""
    code = LEVEL_COLOURS.get((level or "").strip().casefold())
    return HexColor(code) if code else NHS_DARK_BLUE


def _luminance(colour: Color) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour.rgb())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(background: Color) -> Color:
    """White or black, whichever reads better on the background."""
    return max((white, BLACK), key=lambda colour: contrast_ratio(colour, background))


_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def visual_order(line: str) -> str:
    """Right-to-left runs (Arabic, Hebrew) joined and laid out as they are read.

    reportlab draws characters left to right one by one; Arabic letters take a
    different shape by position in the word, and right-to-left words run the other
    way. The reshaper picks each letter's joined form and the bidi algorithm puts
    the runs in display order, leaving left-to-right text as it is.
    """
    if not _RIGHT_TO_LEFT.search(line):
        return line
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(line))


def clean(text: str | None) -> str:
    """User text with control characters removed, tabs as spaces and line ends as "\\n";
    characters the embedded font cannot draw (CJK, emoji) transliterated, never a box."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = printable(_UNSAFE.sub("", text))
    return "\n".join(visual_order(line) for line in text.split("\n"))


def plain_text(text: str | None) -> str:
    """User text for a text file: control characters removed, logical (reading) order kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _UNSAFE.sub("", text)


def plain_line(text: str | None) -> str:
    """User text on one line for a text file, in logical order."""
    return " ".join(plain_text(text).split())


def markup(text: str | None) -> str:
    """User text made safe for Paragraph markup; line breaks kept."""
    return escape(clean(text)).replace("\n", "<br/>")


def one_line(text: str | None) -> str:
    """User text on one line (for canvas drawing), with runs of white space collapsed."""
    return " ".join(clean(text).split())


ANCHOR_PREFIX = "arf-audit-head"
_ANCHOR: ContextVar[tuple[int, str] | None] = ContextVar("audit_anchor", default=None)


@contextmanager
def audit_anchor(seq: int, digest: str) -> Iterator[None]:
    """Documents made inside carry this audit head: short in the footer, full in metadata."""
    token = _ANCHOR.set((seq, digest))
    try:
        yield
    finally:
        _ANCHOR.reset(token)


def anchor_full(seq: int, digest: str) -> str:
    return f"{ANCHOR_PREFIX}:{seq}:{digest}"


def anchor_short() -> str:
    """'Audit 1234 · 9f3a1b2c…' for the audit head documents are being made at ('' if none)."""
    found = _ANCHOR.get()
    return f"Audit {found[0]} · {found[1][:8]}…" if found else ""


def document_info(kind: str) -> dict[str, Any]:
    """The allow-listed metadata for one kind of document (no personal data)."""
    title, subject = DOCUMENT_INFO[kind]
    found = _ANCHOR.get()
    return {
        "title": title,
        "subject": subject,
        "author": PROGRAMME,
        "creator": "ARF Desktop",
        "producer": "ARF Desktop",
        "keywords": [anchor_full(*found)] if found else [],
    }


def new_canvas(buffer: BytesIO, kind: str, pagesize: tuple[float, float]) -> Canvas:
    """A deterministic (invariant) canvas with allow-listed metadata."""
    register_fonts()
    canvas = Canvas(buffer, pagesize=pagesize, invariant=1, pageCompression=1, lang="en-GB",
                    initialFontName=FONT)  # fmt: skip
    for key, value in document_info(kind).items():
        if value:
            getattr(canvas, f"set{key.capitalize()}")(value)
    return canvas
