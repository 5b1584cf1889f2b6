"""Documents from a decided round, end to end: values, settings, and every PDF read back."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from arf_desktop.domain.errors import Refused
from arf_desktop.exporters.batch_export import DOCUMENT_KINDS, render
from arf_desktop.exporters.documents import Signatory, add_years, format_date
from arf_desktop.exporters.from_decisions import round_documents
from arf_desktop.exporters.output_settings import (
    SIGNATORIES_KEY,
    VALIDITY_KEY,
    output_settings,
    save_output_settings,
)
from arf_desktop.storage.workspace import Workspace, put_setting
from tests.exporters.decided_round import (
    FEEDBACK,
    GAP_FEEDBACK,
    JOB_TITLE,
    PANEL_DATE,
    PLANS,
    ROUND,
    UNDECIDED,
)
from tests.exporters.test_documents import (
    STANDARD_14,
    expected_wording,
    flat,
    font_dicts,
    pdftotext,
    pypdf_text,
)

DECIDED_ON = date.fromisoformat(PANEL_DATE)


def by_name(workspace: Workspace) -> dict[str, object]:
    return {d.organisation: d for d in round_documents(workspace, ROUND)}


def test_every_decision_becomes_a_document_with_the_cover_addressee(decided: Workspace) -> None:
    documents = by_name(decided)
    assert set(documents) == set(PLANS) and UNDECIDED not in documents
    for name, plan in PLANS.items():
        document = documents[name].document  # type: ignore[attr-defined]
        assert document.addressee_name == plan.contact
        assert document.addressee_email == "edi.lead@example.nhs.uk"
        assert document.outcome == plan.outcome
        assert document.level_awarded == plan.awarded
        assert document.level_applied == plan.level.capitalize()
        assert document.decision_date == DECIDED_ON
        assert document.letter_date >= DECIDED_ON
        assert document.round_name == ROUND and document.framework_draft
        assert document.validity_years == 3
        assert len(document.signatories) == 2


def test_strengths_unmet_criteria_principles_and_next_level(decided: Workspace) -> None:
    documents = {name: d.document for name, d in by_name(decided).items()}  # type: ignore[attr-defined]
    bronze = documents["Łódź and Wigan Community Partnership NHS Trust"]
    assert len(bronze.strengths) == 2 and all(s.feedback == FEEDBACK for s in bronze.strengths)
    assert bronze.unmet == () and bronze.addressee_title == JOB_TITLE
    assert bronze.next_level is not None and bronze.next_level.name == "Silver"
    assert bronze.next_level.criteria[0][0] == "S-P1-01"
    assert bronze.resubmission_deadline is None and bronze.resubmission_route == ""
    minor = documents["Ассоциация здравоохранения Северо-Запада"]
    assert len(minor.unmet) == 1 and minor.next_level is None
    gap = minor.unmet[0]
    assert gap.criterion_id.startswith("S-") and gap.caption == "1 · Partially evidenced"
    assert gap.feedback == GAP_FEEDBACK
    assert minor.resubmission_deadline == DECIDED_ON + timedelta(weeks=8)
    assert "programme team" in minor.resubmission_route
    missed = documents["Ελληνική Κοινότητα Υγείας Λίβερπουλ"]
    assert len(missed.unmet) == 3 and missed.level_awarded is None
    assert [p.principle_id for p, _ in missed.by_principle(missed.unmet)] == ["P1", "P2"]
    assert sum(p.met for p in missed.principles) == sum(p.criteria for p in missed.principles) - 3
    gold = documents["Cộng đồng Việt Nam Manchester Health Partnership"]
    assert gold.next_level is None  # Gold is the highest level
    assert sum(p.criteria for p in gold.principles) == 45
    assert {p.principle_id for p in gold.principles} == {"P1", "P2", "P3", "P4", "P5"}
    scored = [c for c in gold.criteria if c.score == 3]
    assert len(scored) == 1 and scored[0].feedback == FEEDBACK and scored[0].strength
    assert scored[0].caption == "3 · Exemplary"


def test_the_round_sets_the_resubmission_deadline_and_route(decided_copy: Workspace) -> None:
    from arf_desktop.exporters.round_settings import save_resubmission

    minor = "Ассоциация здравоохранения Северо-Запада"
    save_resubmission(decided_copy, "Tester", ROUND, "6", "upload it to the ARF SharePoint")
    document = by_name(decided_copy)[minor].document  # type: ignore[attr-defined]
    assert document.resubmission_deadline == DECIDED_ON + timedelta(weeks=6)
    assert document.resubmission_route == "upload it to the ARF SharePoint"
    save_resubmission(decided_copy, "Tester", ROUND, "2025-05-30")
    document = by_name(decided_copy)[minor].document  # type: ignore[attr-defined]
    assert document.resubmission_deadline == date(2025, 5, 30)
    for bad in ("0", "53", "next month", "2025-02-30"):
        with pytest.raises(Refused, match="number of weeks"):
            save_resubmission(decided_copy, "Tester", ROUND, bad)


def test_numbers_are_stable_and_distinct(decided: Workspace) -> None:
    first = [d.document for d in round_documents(decided, ROUND)]
    again = [d.document for d in round_documents(decided, ROUND)]
    assert first == again
    assert len({d.reference for d in first}) == len(first)
    assert len({d.certificate_number for d in first}) == len(first)
    for document in first:
        assert document.reference.startswith("ARF-SPRING-2025-")
        assert document.certificate_number.startswith("ARF-C-2025-")
        assert document.reference.isascii() and document.certificate_number.isascii()


def test_settings_change_validity_and_signatories(decided_copy: Workspace) -> None:
    people = [Signatory("Zoë Ó Briain", "Chair"), Signatory("Łukasz Nowak", "Programme lead")]
    save_output_settings(decided_copy, "Tester", validity_years=5, signatories=people)
    document = next(d.document for d in round_documents(decided_copy, ROUND))
    assert document.validity_years == 5
    assert document.valid_until == add_years(document.letter_date, 5)
    assert list(document.signatories) == people
    text = pypdf_text(render("certificates", document))
    assert "Zoë Ó Briain" in text and "Łukasz Nowak" in text


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (VALIDITY_KEY, "three", "whole number of years"),
        (VALIDITY_KEY, "0", "whole number of years"),
        (SIGNATORIES_KEY, "not json", "JSON list"),
        (SIGNATORIES_KEY, '[{"role": "Chair"}]', "item 1 has no name"),
        (SIGNATORIES_KEY, "[]", "JSON list"),
    ],
)
def test_a_bad_setting_is_refused_naming_it(
    decided_copy: Workspace, key: str, value: str, message: str
) -> None:
    with decided_copy.write("Tester") as tx:
        put_setting(tx, key, value)
    with pytest.raises(Refused, match=message) as caught:
        output_settings(decided_copy)
    assert key in caught.value.message


def test_a_letter_date_can_be_given(decided: Workspace) -> None:
    chosen = date(2025, 3, 7)
    documents = round_documents(decided, ROUND, letter_date=chosen)
    assert {d.document.letter_date for d in documents} == {chosen}
    assert {d.document.decision_date for d in documents} == {DECIDED_ON}


def test_every_pdf_of_the_round_reads_back(decided: Workspace, tmp_path: Path) -> None:
    """Organisation, outcome and date in every letter, certificate and feedback report,
    through both extractors: Latin with diacritics, Vietnamese, Cyrillic and Greek names."""
    singular = {"letters": "letter", "certificates": "certificate", "feedback": "feedback"}
    for item in round_documents(decided, ROUND):
        document = item.document
        for kind in DOCUMENT_KINDS:
            if kind == "certificates" and not document.level_awarded:
                continue
            data = render(kind, document)
            texts = {"pypdf": pypdf_text(data), "pdftotext": flat(pdftotext(data, tmp_path))}
            wanted = expected_wording(singular[kind], document)
            if kind == "letters":
                wanted.append(document.addressee_name)
            for extractor, text in texts.items():
                for phrase in wanted:
                    assert flat(phrase) in text, f"{extractor}: {phrase!r} not in the {kind}"
        letter = pypdf_text(render("letters", document))
        assert format_date(document.decision_date) in letter


def test_fonts_metadata_and_byte_identical_rerender(decided: Workspace) -> None:
    from arf_desktop.exporters.pdf_common import METADATA_KEYS

    first = {d.organisation: d.document for d in round_documents(decided, ROUND)}
    again = {d.organisation: d.document for d in round_documents(decided, ROUND)}
    for name, document in first.items():
        for kind in DOCUMENT_KINDS:
            if kind == "certificates" and not document.level_awarded:
                continue
            data = render(kind, document)
            assert render(kind, again[name]) == data
            for font in font_dicts(data):
                assert str(font["/BaseFont"]).split("+")[-1] not in STANDARD_14
            info = PdfReader(io.BytesIO(data)).metadata or {}
            assert set(info) <= METADATA_KEYS
            values = " ".join(str(v) for v in info.values())
            assert name not in values and document.addressee_name not in values
