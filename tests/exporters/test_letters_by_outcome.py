"""Letters by outcome, the feedback report by principle, the text twin and accessible PDFs."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from arf_desktop.exporters.documents import (
    CriterionFeedback,
    DecisionDocument,
    Letterhead,
    format_date,
)
from arf_desktop.exporters.letter_templates import round_phrase
from arf_desktop.exporters.letter_text import letter_text
from tests.exporters.test_documents import flat, make_decision, pdftotext, pypdf_text, render

DEADLINE = date(2025, 4, 29)
ROUTE = "upload the revised workbook to the ARF team site"


def scored(decision: DecisionDocument, changes: dict[str, tuple[int, str, str]]) -> tuple:
    """The decision's criteria with some given a new score, label and feedback."""
    return tuple(
        dataclasses.replace(
            c,
            score=changes[c.criterion_id][0],
            label=changes[c.criterion_id][1],
            feedback=changes[c.criterion_id][2],
        )
        if c.criterion_id in changes
        else c
        for c in decision.criteria
    )


def gold_minor() -> DecisionDocument:
    """Gold applied for; one Gold criterion at 1: minor revisions, Silver awarded."""
    base = make_decision(level_applied="Gold")
    criteria = scored(base, {"G-P2-02": (1, "Partially evidenced", "Show two years of data.")})
    return dataclasses.replace(
        base,
        outcome="minor_revisions",
        level_awarded="Silver",
        criteria=criteria,
        next_level=None,
        resubmission_deadline=DEADLINE,
        resubmission_route=ROUTE,
    )


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("2025/26", "the 2025/26 round"),
        ("2025/26 recognition round", "the 2025/26 recognition round"),
        ("2026/27 Round 1", "Round 1 of 2026/27"),
        ("Round 2, 2026/27", "Round 2 of 2026/27"),
        ("2026/27 round two", "Round two of 2026/27"),
        ("Round 3", "Round 3"),
        ("Spring 2025", "the Spring 2025 round"),
        ("Autumn round 2026", "the Autumn round 2026"),
    ],
)
def test_round_names_read_naturally_in_sentences(name: str, phrase: str) -> None:
    assert round_phrase(name) == phrase
    text = pypdf_text(render("letter", make_decision(round_name=name)))
    assert f"in {phrase}" in text


def test_the_minor_revisions_letter_lists_only_the_criteria_to_revise() -> None:
    decision = gold_minor()
    text = pypdf_text(render("letter", decision))
    assert re.findall(r"G-P\d-\d\d", text) == ["G-P2-02"]  # not every Gold criterion
    assert "Criteria to revise" in text and "on one criterion only" in text
    assert "G-P2-02 Named board-level lead for race equality (1 · Partially evidenced)" in text
    assert "Show two years of data." in text
    assert f"Please send the revised evidence by {format_date(DEADLINE)}: {ROUTE}" in text
    assert "The next level is" not in text and "What the panel recognised" not in text
    assert "is awarded Silver recognition" in text


def test_the_not_yet_awarded_letter_groups_unmet_criteria_by_principle_and_offers_support() -> None:
    base = make_decision(level_applied="Bronze")
    criteria = scored(
        base,
        {
            "B-P1-01": (0, "Not evidenced", "No statement has been published."),
            "B-P4-04": (1, "Partially evidenced", "The plan has no measurable goals."),
        },
    )
    decision = dataclasses.replace(
        base, outcome="not_yet_awarded", level_awarded=None, criteria=criteria, next_level=None
    )
    text = pypdf_text(render("letter", decision))
    found = text.index("What the panel found")
    p1, p4 = text.index("P1 · Prioritising anti-racism", found), text.index("P4 · Acting", found)
    assert found < p1 < text.index("No statement has been published.") < p4
    assert p4 < text.index("The plan has no measurable goals.") < text.index("Support available")
    assert "feedback conversation" in text and "apply again" in text
    assert "P2 · Understanding" not in text[found:]  # principles with nothing unmet are left out


def test_the_awarded_letter_says_what_was_recognised_and_the_next_level() -> None:
    text = pypdf_text(render("letter", make_decision()))
    assert text.index("What the panel recognised") < text.index("The panel commended")
    assert "B-P3-03 Staff network with a budget and an executive sponsor (3 · Exemplary)" in text
    assert "The next level is Gold. What Gold asks for: Anti-racism is embedded" in text
    assert "The Gold criteria are:" in text and "G-P1-01 Board-level race equality" in text
    assert "Criteria to revise" not in text and "Support available" not in text
    top = pypdf_text(render("letter", make_decision(level_applied="Gold", next_level=None)))
    assert "Gold is the highest level of the framework" in top


def test_the_address_block_uses_the_job_title_and_is_read_before_the_date() -> None:
    decision = make_decision()
    text = pypdf_text(render("letter", decision))
    name = text.index("Siân Evans")
    assert (
        name
        < text.index("Head of Equality, Diversity and Inclusion")
        < text.index(decision.organisation)
        < text.index(format_date(decision.letter_date))
        < text.index("Anti-Racist Framework: Silver")
    )
    untitled = pypdf_text(render("letter", make_decision(addressee_title="")))
    assert "Head of Equality" not in untitled


def test_the_footer_is_read_after_the_page_text() -> None:
    reader = PdfReader(io.BytesIO(render("letter", make_decision())))
    first = flat(reader.pages[0].extract_text())
    assert first.index("Dear Siân Evans") < first.index("Page 1")
    assert first.rstrip().endswith("Page 1")


@pytest.mark.parametrize("kind", ["letter", "certificate", "feedback", "dashboard"])
def test_every_pdf_has_title_author_subject_and_language(kind: str, decided) -> None:  # type: ignore[no-untyped-def]
    if kind == "dashboard":
        from arf_desktop.exporters.dashboard import dashboard_for
        from arf_desktop.exporters.dashboard_pdf import render_dashboard

        data = render_dashboard(dashboard_for(decided))
    else:
        data = render(kind, make_decision())
    reader = PdfReader(io.BytesIO(data))
    info = reader.metadata or {}
    for key in ("/Title", "/Author", "/Subject"):
        assert str(info.get(key, "")).strip(), f"{kind} has no {key}"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_the_letterhead_setting_prints_on_every_document() -> None:
    head = Letterhead("Cheshire and Merseyside ARF", "Race Equality Assembly", "arf@nhs.net")
    decision = make_decision(letterhead=head)
    for kind in ("letter", "certificate", "feedback"):
        text = pypdf_text(render(kind, decision))
        assert "Cheshire and Merseyside ARF" in text and "Race Equality Assembly" in text
    assert "arf@nhs.net" in pypdf_text(render("letter", decision))


def test_the_text_twin_says_what_the_pdf_says_in_reading_order(tmp_path: Path) -> None:
    person, organisation = "محمد علي", "مستشفى محمد التعليمي"
    decision = gold_minor()
    decision = dataclasses.replace(decision, addressee_name=person, organisation=organisation)
    text = letter_text(decision)
    assert f"Dear {person}," in text and organisation in text  # logical order, not drawing order
    assert "Criteria to revise\n------------------" in text and "* G-P2-02 " in text
    assert "  Show two years of data." in text and format_date(DEADLINE) in text
    pdf = flat(
        pdftotext(
            render(
                "letter",
                dataclasses.replace(decision, organisation="Trust X", addressee_name="Ann"),
            ),
            tmp_path,
        )
    )
    plain = flat(
        letter_text(dataclasses.replace(decision, organisation="Trust X", addressee_name="Ann"))
    )
    for sentence in (
        "Please send the revised evidence by",
        "Yours sincerely,",
        "Criteria to revise",
        "If you have any questions about this decision",
    ):
        assert sentence in pdf and sentence in plain


def test_the_feedback_report_groups_by_principle_without_repeating_itself(tmp_path: Path) -> None:
    base = make_decision(level_applied="Gold")
    quiet = tuple(dataclasses.replace(c, feedback="") if c.score == 2 else c for c in base.criteria)
    criteria = scored(
        dataclasses.replace(base, criteria=quiet),
        {"G-P2-02": (1, "Partially evidenced", "Show two years of data.")},
    )
    decision = dataclasses.replace(
        base,
        criteria=criteria,
        outcome="minor_revisions",
        level_awarded="Silver",
        resubmission_deadline=DEADLINE,
    )
    text = flat(pdftotext(render("feedback", decision), tmp_path))
    headings = [text.index(f"{pid} · ") for pid in ("P1", "P2", "P3", "P4", "P5")]
    assert headings == sorted(headings)
    assert text.count("Also met, without further comment") == 4  # P3 holds only strengths
    assert "No feedback was recorded" not in text
    assert text.index("G-P2-02 · ") < text.index("To revise") < text.index("Show two years")
    assert "Strength" in text and f"Revised evidence by {format_date(DEADLINE)}" in text
    assert text.count("Level and principle") == 0  # no line repeated under every criterion


def test_a_criterion_in_the_report_shows_score_label_and_feedback() -> None:
    item = CriterionFeedback(
        "B-P1-01",
        "Statement",
        "Bronze",
        "P1",
        1,
        "Partially evidenced",
        "Publish it.",
        threshold=2,
        top=3,
    )
    assert item.unmet and not item.met and not item.strength and item.has_feedback
    text = pypdf_text(render("feedback", make_decision(level_applied="Bronze", criteria=(item,))))
    assert "B-P1-01 · Statement" in text and "1 · Partially evidenced" in text
    assert "Publish it." in text
