"""File names from organisations' and people's names: ASCII, readable, predictable."""

from __future__ import annotations

from pathlib import Path

import pytest

from arf_desktop.files.names import (
    MAX_PATH,
    TEMPORARY_EXTRA,
    long_path_warning,
    slug,
    windows_safe,
)


def test_slugs_are_ascii_and_readable() -> None:
    assert slug("Łódź and Wigan Community Partnership NHS Trust") == (
        "lodz-and-wigan-community-partnership-nhs-trust"
    )
    assert slug("Alder Hey Children's NHS Foundation Trust").startswith("alder-hey-childrens-")
    assert slug("Ассоциация здравоохранения") == "assotsiatsiya-zdravookhraneniya"
    assert slug("Ελληνική Κοινότητα") == "elliniki-koinotita"
    assert slug("Cộng đồng Việt Nam") == "cong-dong-viet-nam"
    assert slug("Siân Evans") == "sian-evans"
    assert slug("محمد") == ""


def test_keeping_case_spells_capitals_as_capitals() -> None:
    assert slug("Bolton NHS Foundation Trust", keep_case=True) == "Bolton-NHS-Foundation-Trust"
    assert slug("Łukasz Żółć", keep_case=True) == "Lukasz-Zolc"
    assert slug("Жанна Щукина", keep_case=True) == "Zhanna-Shchukina"
    assert slug("Liverpool Women’s NHS Trust", keep_case=True) == "Liverpool-Womens-NHS-Trust"
    assert slug("NHS England — North West region", keep_case=True) == (
        "NHS-England-North-West-region"
    )


def test_slugs_are_cut_at_the_limit_without_a_trailing_dash() -> None:
    name = "Warrington and Halton Teaching Hospitals NHS Foundation Trust"
    assert slug(name) == "warrington-and-halton-teaching-hospitals-nhs-foundation-trust"
    assert slug(name, limit=21) == "warrington-and-halton"
    assert slug(name, limit=22) == "warrington-and-halton"
    assert slug("  --Wigan!!  ", keep_case=True) == "Wigan"


HOSTILE = ["CON", "Aux.", "NUL.txt", "Trust: A/B", "a" * 300, "Bell\x07 \tTrust\x00", "com1 .pdf"]


def windows_accepts(name: str) -> bool:
    """The Windows naming rules, written out independently of the code under test."""
    stem = name.split(".")[0].rstrip(" ").upper()
    reserved = {"CON", "PRN", "AUX", "NUL"} | {
        f"{p}{n}" for p in ("COM", "LPT") for n in "123456789"
    }
    return (
        bool(name)
        and stem not in reserved
        and not any(c in '<>:"/\\|?*' or ord(c) < 32 for c in name)
        and not name.endswith((".", " "))
        and len(name) <= 255
    )


@pytest.mark.parametrize("name", HOSTILE)
def test_windows_safe_names_pass_the_windows_rules(name: str) -> None:
    safe = windows_safe(name)
    assert windows_accepts(safe), safe
    assert windows_accepts(windows_safe(f"letter-{name}.pdf"))


def test_windows_safe_keeps_readable_names_and_extensions() -> None:
    assert windows_safe("Bolton NHS Trust.pdf") == "Bolton NHS Trust.pdf"
    assert windows_safe("CON") == "_CON"
    assert windows_safe("nul.txt") == "_nul.txt"
    assert windows_safe("Lpt9.tar.gz") == "_Lpt9.tar.gz"
    assert windows_safe("CONSULTANTS.pdf") == "CONSULTANTS.pdf"
    assert windows_safe("Trust: A/B") == "Trust- A-B"
    assert windows_safe("Aux.") == "_Aux"
    assert windows_safe("...") == "file" and windows_safe("", "letter") == "letter"
    long = windows_safe("a" * 300 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")


def test_long_paths_are_warned_about_before_windows_refuses_them(tmp_path: Path) -> None:
    assert long_path_warning(tmp_path / "letter.pdf") is None
    near = tmp_path / ("x" * (MAX_PATH - len(str(tmp_path)) - 2 - TEMPORARY_EXTRA))
    assert len(str(near)) + TEMPORARY_EXTRA == MAX_PATH - 1
    assert long_path_warning(near) is None
    warning = long_path_warning(Path(f"{near}y"))
    assert warning and "Windows" in warning and str(near) in warning
