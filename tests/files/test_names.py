"""File names from organisations' and people's names: ASCII, readable, predictable."""

from __future__ import annotations

from arf_desktop.files.names import slug


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
