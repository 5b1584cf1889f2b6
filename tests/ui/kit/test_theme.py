"""The theme's colours meet WCAG AA contrast, in the standard and the high-contrast palettes."""

from __future__ import annotations

import re
from dataclasses import asdict

import pytest
from PySide6.QtWidgets import QApplication

from arf_desktop.ui.kit.theme import (
    HIGH_CONTRAST_DARK,
    HIGH_CONTRAST_LIGHT,
    STANDARD,
    STYLE_SHEET,
    Palette,
    choose_palette,
    colour_pairs,
    contrast_ratio,
    failing_pairs,
    follow_system_theme,
    style_sheet,
    system_palette,
)

PALETTES = [STANDARD, HIGH_CONTRAST_LIGHT, HIGH_CONTRAST_DARK]


def test_contrast_ratio_matches_the_wcag_formula() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#FFFFFF") < 4.5


@pytest.mark.parametrize("palette", PALETTES, ids=["standard", "hc-light", "hc-dark"])
def test_every_text_and_border_pair_meets_aa(palette: Palette) -> None:
    assert failing_pairs(palette) == []
    assert len(colour_pairs(palette)) >= 20


@pytest.mark.parametrize("palette", PALETTES, ids=["standard", "hc-light", "hc-dark"])
def test_the_style_sheet_uses_only_the_palettes_colours(palette: Palette) -> None:
    used = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}", style_sheet(palette))}
    assert used <= {c.upper() for c in asdict(palette).values()}


def test_a_failing_colour_is_reported() -> None:
    from dataclasses import replace

    pale = replace(STANDARD, secondary_text="#999999")
    assert any(line.startswith("secondary text:") for line in failing_pairs(pale))


def test_high_contrast_follows_the_system_setting(qapp: QApplication) -> None:
    assert choose_palette(False, True) is STANDARD
    assert choose_palette(True, False) is HIGH_CONTRAST_LIGHT
    assert choose_palette(True, True) is HIGH_CONTRAST_DARK
    assert system_palette() is STANDARD  # the offscreen platform asks for no high contrast
    follow_system_theme(qapp)
    try:
        assert qapp.styleSheet() == STYLE_SHEET
    finally:
        qapp.setStyleSheet("")
    assert "#FFFF00" in style_sheet(HIGH_CONTRAST_DARK)
