"""Characters the embedded font cannot draw (CJK, emoji): named at import, transliterated in PDFs.

DejaVu Sans, the font every letter, certificate and feedback report embeds, covers Latin,
Greek, Cyrillic, Arabic and Hebrew but no Chinese, Japanese or Korean ideographs and no
emoji. A character it lacks would print as an empty box, so such characters are printed
as their transliteration (anyascii: 李小龍 → "Li Xiao Long", 😀 → ":grinning:") and the
import warns, naming them, so the coordinator can ask for the name in Latin letters.
"""

from __future__ import annotations

import struct
import threading
import unicodedata
from functools import cache

from arf_desktop.paths import resource

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
_lock = threading.Lock()


@cache
def _covered() -> frozenset[int]:
    """Code points both embedded faces (regular and bold) hold a glyph for."""
    with _lock:
        maps = [cmap_code_points(resource("fonts", name).read_bytes()) for name in FONT_FILES]
    return frozenset(set.intersection(*maps))


def cmap_code_points(font: bytes) -> set[int]:
    """The code points a TrueType font maps to a glyph, read from its `cmap` table.

    Read directly (format 12, else format 4) so that checking a name at import time does
    not load reportlab.
    """
    tables = {
        font[12 + 16 * i : 16 + 16 * i]: struct.unpack_from(">I", font, 20 + 16 * i)[0]
        for i in range(struct.unpack_from(">H", font, 4)[0])
    }
    cmap = tables[b"cmap"]
    subtables = {}
    for i in range(struct.unpack_from(">H", font, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", font, cmap + 4 + 8 * i)
        subtables[(platform, encoding)] = cmap + offset
    if (3, 10) in subtables:
        return _format_12(font, subtables[(3, 10)])
    return _format_4(font, subtables[(3, 1)])


def _format_12(font: bytes, start: int) -> set[int]:
    found: set[int] = set()
    (groups,) = struct.unpack_from(">I", font, start + 12)
    for g in range(groups):
        first, last, glyph = struct.unpack_from(">III", font, start + 16 + 12 * g)
        found.update(range(first, last + 1) if glyph or first < last else ())
    return found


def _format_4(font: bytes, start: int) -> set[int]:
    found: set[int] = set()
    segments = struct.unpack_from(">H", font, start + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", font, start + 14)
    starts = struct.unpack_from(f">{segments}H", font, start + 16 + 2 * segments)
    for first, last in zip(starts, ends, strict=True):
        found.update(c for c in range(first, last + 1) if c != 0xFFFF)
    return found


# Marks, joiners, variation selectors and skin-tone modifiers the font lacks are left out:
# they change how a neighbour looks and print nothing of their own.
SILENT = {"Mn", "Me", "Cf", "Sk"}


def _drawable(char: str) -> bool:
    return char.isascii() or char.isspace() or ord(char) in _covered()


def undrawable(text: str) -> list[str]:
    """The characters of `text` the embedded font cannot draw, each once, in order."""
    if text.isascii():
        return []
    missing = (c for c in text if not _drawable(c) and unicodedata.category(c) not in SILENT)
    return list(dict.fromkeys(missing))


def transliterate(char: str) -> str:
    """What is printed in place of a character the font lacks: its Latin transliteration,
    else its code point (never an empty box)."""
    from anyascii import anyascii

    spelled = anyascii(char).strip()
    return spelled or f"U+{ord(char):04X}"


def printable(text: str) -> str:
    """`text` with every run of undrawable characters replaced by its transliteration,
    syllables separated by spaces ("李小龍 Trust" → "Li Xiao Long Trust")."""
    if text.isascii():
        return text
    out: list[str] = []
    run: list[str] = []
    for char in text:
        if _drawable(char):
            if run:
                out.append(" ".join(run))
                run = []
            out.append(char)
        elif unicodedata.category(char) not in SILENT:
            run.append(transliterate(char))
    if run:
        out.append(" ".join(run))
    return "".join(out)


def describe(chars: list[str]) -> str:
    """“李” (U+674E), “😀” (U+1F600): characters named for a warning."""
    return ", ".join(f"“{c}” (U+{ord(c):04X})" for c in chars)
