"""Matching a person in text: any case and spacing, whole words only, longest name first."""

from __future__ import annotations

from arf_desktop.storage.person_match import excerpt, matcher, mentions, redact

PATTERN = matcher(["Siân Evans", " sian.evans@example.nhs.uk ", "Siân"])


def test_any_case_and_spacing_but_whole_words() -> None:
    assert mentions("spoke to SIÂN   evans today", PATTERN)
    assert mentions({"Siân Evans": 2}, PATTERN)  # keys too
    assert mentions(["a", ["Sian.Evans@Example.NHS.uk"]], PATTERN)
    assert not mentions("Siânna Evansworth", PATTERN)
    assert not mentions(3, PATTERN) and not mentions("x", matcher([" "]))


def test_redaction_replaces_the_longest_match_and_keeps_the_rest() -> None:
    text = "Siân Evans (sian.evans@example.nhs.uk) and Siân"
    assert redact(text, PATTERN, "[x]") == "[x] ([x]) and [x]"
    assert redact({"Siân Evans": [1, "ok"]}, PATTERN, "[x]") == {"[x]": [1, "ok"]}


def test_an_excerpt_shows_the_mention() -> None:
    long = "word " * 40 + "Siân Evans said so. " + "more " * 40
    shown = excerpt(long, PATTERN)
    assert "Siân Evans" in shown and shown.startswith("…") and shown.endswith("…")
