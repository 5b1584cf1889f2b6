"""Names in scripts the embedded font cannot draw print transliterated, never as empty boxes."""

from __future__ import annotations

from pathlib import Path

import pytest

from arf_desktop.exporters.documents import Signatory
from arf_desktop.exporters.glyphs import (
    _covered,
    cmap_code_points,
    describe,
    printable,
    undrawable,
)
from arf_desktop.paths import resource
from tests.exporters.test_documents import KINDS, flat, make_decision, pdftotext, render

ORGANISATION = "李小龍 🦄 Community Trust"
PERSON = "さくら Tanaka"
SIGNATORY = "김민준"


def test_the_fonts_own_map_is_read_without_reportlab() -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        path = resource("fonts", name)
        ours = cmap_code_points(path.read_bytes())
        theirs = set(TTFont(f"check-{name}", str(path)).face.charToGlyph)
        assert ours == theirs
    assert ord("Ł") in _covered() and ord("李") not in _covered()


def test_undrawable_characters_are_named_and_transliterated() -> None:
    assert undrawable("Zoë Ó Briain, محمد, Ελένη") == []
    assert undrawable(ORGANISATION) == ["李", "小", "龍", "🦄"]
    assert describe(["李", "🦄"]) == "“李” (U+674E), “🦄” (U+1F984)"
    assert printable(ORGANISATION) == "Li Xiao Long :unicorn: Community Trust"
    assert printable("✊🏿 Allies") == ":fist: Allies"  # the skin-tone modifier prints nothing
    assert printable("Zoë Ó Briain") == "Zoë Ó Briain"


@pytest.mark.parametrize("kind", KINDS)
def test_documents_print_the_transliteration_and_no_character_without_a_glyph(
    kind: str, tmp_path: Path
) -> None:
    decision = make_decision(
        organisation=ORGANISATION,
        addressee_name=PERSON,
        signatories=(Signatory(SIGNATORY, "Chair, moderation panel"),),
    )
    text = pdftotext(render(kind, decision), tmp_path)
    assert "Li Xiao Long :unicorn: Community Trust" in flat(text)
    if kind == "letter":
        assert "sa ku ra Tanaka" in flat(text)
    if kind == "certificate":
        assert "Gim Min Jun" in flat(text)
    assert undrawable(text) == []  # every character drawn has a glyph: no empty boxes
