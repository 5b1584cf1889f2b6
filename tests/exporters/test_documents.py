"""Award letters, certificates and feedback reports: Unicode names, fonts, metadata, determinism."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from arf_desktop.exporters.documents import (
    CriterionFeedback,
    DecisionDocument,
    NextLevel,
    PrincipleSummary,
    Signatory,
    format_date,
    reference_number,
    verification_code,
)

PRINCIPLES = (
    ("P1", "Prioritising anti-racism"),
    ("P2", "Understanding lived experience"),
    ("P3", "Growing inclusive leaders"),
    ("P4", "Acting to tackle inequalities"),
    ("P5", "Reviewing and reflecting on progress"),
)
TITLES = (
    "Published anti-racist statement",
    "Named board-level lead for race equality",
    "Staff network with a budget and an executive sponsor",
    "Race equality action plan with measurable goals",
    "Ethnicity data reviewed at board",
    "Reverse mentoring for senior leaders",
)
LABELS = {0: "Not evidenced", 1: "Partially evidenced", 2: "Fully evidenced", 3: "Exemplary"}
LEVELS = ("Bronze", "Silver", "Gold")


def make_decision(**overrides: object) -> DecisionDocument:
    """A realistic decision: Silver awarded to a trust, 15 criteria, two signatories."""
    level_applied = str(overrides.get("level_applied", "Silver"))
    upto = LEVELS[: LEVELS.index(level_applied) + 1] if level_applied in LEVELS else LEVELS[:1]
    criteria = []
    for level in upto:
        for index in range(5):
            pid, pname = PRINCIPLES[index]
            score = 3 if index == 2 else 2
            criteria.append(
                CriterionFeedback(
                    criterion_id=f"{level[0]}-{pid}-0{index + 1}",
                    title=TITLES[index],
                    level=level,
                    principle=pid,
                    score=score,
                    label=LABELS[score],
                    feedback=(
                        f"The evidence for {pname.lower()} is dated, current and shows the "
                        "requirement in practice. The board minute of 12 June 2024 records the "
                        "approval, and the staff survey results are discussed with the network."
                    ),
                )
            )
    principles = tuple(
        PrincipleSummary(pid, name, len(upto), len(upto), 2.0 + (0.4 if pid == "P3" else 0.0))
        for pid, name in PRINCIPLES
    )
    values: dict[str, object] = {
        "organisation": "Mersey and West Lancashire Teaching Hospitals NHS Trust",
        "icb": "NHS Cheshire and Merseyside ICB",
        "addressee_name": "Siân Evans",
        "addressee_email": "sian.evans@example.nhs.uk",
        "round_name": "2024/25",
        "framework_name": "ARF draft 2024 (draft catalogue)",
        "framework_version": "2024.1",
        "framework_draft": True,
        "level_applied": level_applied,
        "outcome": "awarded",
        "level_awarded": level_applied,
        "decision_date": date(2025, 3, 4),
        "letter_date": date(2025, 3, 7),
        "reference": "ARF-2024-25-RBN-S",
        "certificate_number": "ARF-C-2025-0042",
        "addressee_title": "Head of Equality, Diversity and Inclusion",
        "principles": principles,
        "criteria": tuple(criteria),
        "next_level": NextLevel(
            "Gold",
            "Anti-racism is embedded at every level, with diverse representation at the most "
            "senior levels and parity in staff experience.",
            (("G-P1-01", "Board-level race equality objectives"), ("G-P2-01", "Parity")),
        ),
        "signatories": (
            Signatory("Zoë Ó Briain", "Chair, moderation panel"),
            Signatory("Łukasz Nowak", "Programme lead, Anti-Racist Framework"),
        ),
    }
    values.update(overrides)
    return DecisionDocument(**values)  # type: ignore[arg-type]


# Names in the scripts DejaVu Sans covers: Latin with diacritics, Vietnamese, Cyrillic, Greek,
# and right-to-left Arabic and Hebrew (joined and put in reading order before drawing).
PEOPLE_AND_ORGANISATIONS = [
    ("Łukasz Nowak", "Łódź and Wigan Community Partnership NHS Trust"),
    ("Siân Evans", "Ysbyty Gwynedd Partneriaeth Iechyd Cymunedol"),
    ("Zoë Ó Briain", "Zoë's Children's Hospice Collaborative"),
    ("Nguyễn Thị Minh", "Cộng đồng Việt Nam Manchester Health Partnership"),
    ("Ядвига Ковальчук", "Ассоциация здравоохранения Северо-Запада"),
    ("Γεωργία Παπαδοπούλου", "Ελληνική Κοινότητα Υγείας Λίβερπουλ"),
]
RIGHT_TO_LEFT = [
    ("محمد علي", "مستشفى محمد التعليمي"),
    ("שרה כהן", "קהילת הבריאות של מנצ'סטר"),
]
KINDS = ("letter", "certificate", "feedback")
STANDARD_14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
               "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
               "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol",
               "ZapfDingbats"}  # fmt: skip


def render(kind: str, decision: DecisionDocument) -> bytes:
    from arf_desktop.exporters.certificates import render_certificate
    from arf_desktop.exporters.feedback import render_feedback
    from arf_desktop.exporters.letters import render_letter

    renderers: dict[str, Callable[[DecisionDocument], bytes]] = {
        "letter": render_letter,
        "certificate": render_certificate,
        "feedback": render_feedback,
    }
    return renderers[kind](decision)


def flat(text: str) -> str:
    """Text with every run of white space as one space, in NFC (as extractors may vary)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def pypdf_text(data: bytes) -> str:
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def pdftotext(data: bytes, tmp_path: Path, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def expected_wording(kind: str, decision: DecisionDocument) -> list[str]:
    """What each document must say: the organisation, the outcome and a date."""
    if kind == "letter":
        outcome = {
            "awarded": f"{decision.level_awarded} recognition awarded",
            "minor_revisions": "minor revisions requested",
            "not_yet_awarded": f"{decision.level_applied} recognition not yet awarded",
        }[decision.outcome]
        day = decision.letter_date
    elif kind == "certificate":
        outcome, day = f"{decision.level_awarded} level", decision.letter_date
    else:
        from arf_desktop.exporters.feedback import outcome_text

        outcome, day = outcome_text(decision), decision.decision_date
    return [decision.organisation, outcome, format_date(day)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("person", "organisation"), PEOPLE_AND_ORGANISATIONS)
def test_names_round_trip_through_both_extractors(
    kind: str, person: str, organisation: str, tmp_path: Path
) -> None:
    decision = make_decision(
        organisation=organisation,
        addressee_name=person,
        signatories=(Signatory(person, "Chair, moderation panel"),),
    )
    data = render(kind, decision)
    extracted = {"pypdf": pypdf_text(data), "pdftotext": flat(pdftotext(data, tmp_path))}
    wanted = expected_wording(kind, decision)
    if kind != "feedback":  # the letter's addressee; the certificate's signatory
        wanted.append(person)
    for extractor, text in extracted.items():
        for phrase in wanted:
            assert flat(phrase) in text, f"{extractor} lost {phrase!r} from the {kind}"


def font_dicts(data: bytes) -> list[dict[str, object]]:
    """Every font resource on every page, including those of form XObjects."""
    fonts = []

    def visit(resources: object) -> None:
        resources = resources.get_object() if resources is not None else {}  # type: ignore[attr-defined]
        for font in (resources.get("/Font") or {}).values():  # type: ignore[union-attr]
            fonts.append(font.get_object())
        for xobject in (resources.get("/XObject") or {}).values():  # type: ignore[union-attr]
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                visit(xobject["/Resources"])

    for page in PdfReader(io.BytesIO(data)).pages:
        visit(page.get("/Resources"))
    return fonts


@pytest.mark.parametrize("kind", KINDS)
def test_every_font_is_embedded_and_none_is_a_standard_14(kind: str) -> None:
    fonts = font_dicts(render(kind, make_decision()))
    assert fonts
    for font in fonts:
        base = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
        assert base not in STANDARD_14
        assert base.startswith("DejaVuSans")
        descriptor = font
        if font["/Subtype"] == "/Type0":
            descriptor = font["/DescendantFonts"][0].get_object()  # type: ignore[index]
        assert "/FontFile2" in descriptor["/FontDescriptor"].get_object()  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", KINDS)
def test_metadata_is_allow_listed_and_holds_no_personal_data(kind: str) -> None:
    from arf_desktop.exporters.pdf_common import DOCUMENT_INFO, METADATA_KEYS

    decision = make_decision(organisation="Łódź Trust", addressee_name="Ядвига Ковальчук")
    reader = PdfReader(io.BytesIO(render(kind, decision)))
    info = reader.metadata or {}
    assert set(info) <= METADATA_KEYS
    assert info["/Title"] == DOCUMENT_INFO[kind][0]
    assert info["/Producer"] == "ARF Desktop"
    assert info["/Creator"] == "ARF Desktop"
    assert reader.xmp_metadata is None
    private = [decision.organisation, decision.addressee_name, decision.addressee_email,
               decision.reference, *(s.name for s in decision.signatories)]  # fmt: skip
    for value in info.values():
        for word in private:
            assert word.casefold() not in str(value).casefold()
    assert "Trust" not in " ".join(str(v) for v in info.values())


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_decision_renders_byte_identical_files(kind: str) -> None:
    decision = make_decision(addressee_name="Nguyễn Thị Minh")
    first = render(kind, decision)
    render(kind, make_decision(organisation="Ἀθηνᾶ Ελληνική Trust", level_applied="Gold"))
    assert render(kind, decision) == first
    assert render(kind, dataclasses.replace(decision, organisation="Other Trust")) != first


def test_another_process_renders_the_same_bytes() -> None:
    """No hash seed, clock or process state leaks into the files."""
    import hashlib
    import os
    import sys

    code = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]);"
        "from test_documents import make_decision, render, KINDS;"
        "print(' '.join(hashlib.sha256(render(k, make_decision())).hexdigest() for k in KINDS))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    here = str(Path(__file__).resolve().parent)
    result = subprocess.run(
        [sys.executable, "-c", code, here], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    ours = " ".join(hashlib.sha256(render(k, make_decision())).hexdigest() for k in KINDS)
    assert result.stdout.strip() == ours


def test_a_140_character_name_fits_the_certificate(tmp_path: Path) -> None:
    from arf_desktop.exporters import certificates
    from arf_desktop.exporters.pdf_common import FONT_BOLD

    name = ("Lancashire and South Cumbria Integrated Care Partnership for Community, Mental Health "
            "and Learning Disability Services, NHS Foundation Trust")  # fmt: skip
    assert len(name) == 140
    fitted = certificates.fit_text(
        name, FONT_BOLD, certificates.NAME_BOX_WIDTH, certificates.NAME_BOX_HEIGHT
    )
    assert 2 <= len(fitted.lines) <= 3
    assert fitted.size >= certificates.NAME_MIN
    assert " ".join(fitted.lines) == name
    for line in fitted.lines:
        assert stringWidth(line, FONT_BOLD, fitted.size) <= certificates.NAME_BOX_WIDTH
    assert len(fitted.lines) * fitted.size * certificates.LEADING <= certificates.NAME_BOX_HEIGHT

    data = render("certificate", make_decision(organisation=name))
    assert flat(name) in pypdf_text(data)
    assert flat(name) in flat(pdftotext(data, tmp_path))
    assert_words_inside_the_border(pdftotext(data, tmp_path, "-bbox"))


def assert_words_inside_the_border(bbox_html: str) -> None:
    """Every word pdftotext finds lies inside the certificate's inner border (15 mm in)."""
    import re

    width, height = landscape(A4)
    inset = 15 * mm
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        bbox_html,
    )
    assert len(words) > 20
    for x_min, y_min, x_max, y_max, word in words:
        assert inset < float(x_min) and float(x_max) < width - inset, word
        assert inset < float(y_min) and float(y_max) < height - inset, word


@pytest.mark.parametrize("length", [1, 30, 60, 100, 140, 200, 320, 700])
def test_fit_text_never_overflows_the_box(length: int) -> None:
    from arf_desktop.exporters import certificates
    from arf_desktop.exporters.pdf_common import FONT_BOLD

    words = "Royal Liverpool Blackpool Teaching Hospitals Community NHS Foundation Trust"
    words = words.split()
    name = " ".join(words[i % len(words)] for i in range(200))[:length].strip()
    box_w, box_h = certificates.NAME_BOX_WIDTH, certificates.NAME_BOX_HEIGHT
    fitted = certificates.fit_text(name, FONT_BOLD, box_w, box_h)
    assert " ".join(fitted.lines) == name
    assert all(stringWidth(line, FONT_BOLD, fitted.size) <= box_w for line in fitted.lines)
    assert len(fitted.lines) * fitted.size * certificates.LEADING <= box_h + 1e-6
    if length <= 140:
        assert len(fitted.lines) <= 3 and fitted.size >= certificates.NAME_MIN


def test_a_word_longer_than_the_line_is_broken_not_clipped() -> None:
    from arf_desktop.exporters import certificates
    from arf_desktop.exporters.pdf_common import FONT_BOLD

    word = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" * 3
    fitted = certificates.fit_text(word, FONT_BOLD, 300, 100)
    assert "".join(fitted.lines) == word
    assert all(stringWidth(line, FONT_BOLD, fitted.size) <= 300 for line in fitted.lines)


HOSTILE = "R&D <script>alert('x')</script> <b>unclosed &amp; > \x00\x07\x1b[31m\x7f\u0085 end"


@pytest.mark.parametrize("kind", KINDS)
def test_markup_and_control_characters_in_user_text_do_not_break_rendering(kind: str) -> None:
    decision = make_decision(
        organisation="Ash & Oak <NHS> Trust\x00",
        addressee_name="O'Brien <ob@example.org>",
        round_name="2024/25 {round} & <co>",
        addressee_title="<para>&#9999999;\x0c\x0bform feed",
        next_level=NextLevel(
            HOSTILE, "a < b && c > d\r\n\r\nSecond\twith a tab.", ((HOSTILE, "</para>"),)
        ),
        resubmission_route=HOSTILE,
        criteria=tuple(
            dataclasses.replace(item, feedback=HOSTILE, title="<i>" + item.title)
            for item in make_decision().criteria
        ),
        signatories=(Signatory("A & B <C>", "Chair <panel>"),),
    )
    text = pypdf_text(render(kind, decision))
    assert "Ash & Oak <NHS> Trust" in text
    if kind != "certificate":
        assert "R&D <script>alert('x')</script> <b>unclosed &amp; >" in text
    assert "\x00" not in text and "\x07" not in text


def test_forty_thousand_characters_of_feedback_flow_over_pages() -> None:
    long_text = ("The evidence is strong and well dated. " * 1100)[:40_000]
    items = make_decision().criteria
    decision = make_decision(
        criteria=(dataclasses.replace(items[0], feedback=long_text), *items[1:]),
        next_level=NextLevel("Gold", long_text[:8000]),
    )
    feedback = PdfReader(io.BytesIO(render("feedback", decision)))
    assert len(feedback.pages) >= 8
    assert len(PdfReader(io.BytesIO(render("letter", decision))).pages) >= 2


@pytest.mark.parametrize(
    ("changes", "phrases"),
    [
        ({"level_applied": "Bronze"}, ["Bronze recognition awarded", "first steps"]),
        ({"level_applied": "Gold"}, ["Gold recognition awarded", "the highest level"]),
        (
            {"outcome": "minor_revisions", "level_awarded": "Bronze"},
            ["Silver recognition, minor revisions requested", "is awarded Bronze recognition"],
        ),
        (
            {"outcome": "minor_revisions", "level_applied": "Bronze", "level_awarded": None},
            ["minor revisions requested", "No level of recognition is awarded"],
        ),
        (
            {"outcome": "not_yet_awarded", "level_awarded": None},
            ["Silver recognition not yet awarded", "No level is awarded", "apply again"],
        ),
    ],
)
def test_each_outcome_uses_its_own_wording(changes: dict[str, object], phrases: list[str]) -> None:
    decision = make_decision(**changes)
    text = pypdf_text(render("letter", decision))
    for phrase in phrases:
        assert phrase in text
    if decision.level_awarded:
        valid_until = decision.valid_until
        assert valid_until is not None
        assert (
            f"valid for three years from the date of this letter, until {format_date(valid_until)}"
            in text
        )
    else:
        assert "valid for" not in text


def test_the_letter_says_when_the_framework_is_a_draft() -> None:
    assert "This is a DRAFT framework" in pypdf_text(render("letter", make_decision()))
    official = make_decision(framework_draft=False, framework_name="ARF", framework_version="1")
    text = pypdf_text(render("letter", official))
    assert "DRAFT" not in text and "Assessed against ARF, version 1." in text


def test_there_is_no_certificate_without_a_level(tmp_path: Path) -> None:
    from arf_desktop.exporters.certificates import write_certificate

    decision = make_decision(outcome="not_yet_awarded", level_awarded=None)
    with pytest.raises(ValueError, match="no level was awarded"):
        write_certificate(decision, tmp_path / "certificate.pdf")
    assert list(tmp_path.iterdir()) == []


def write_templates(tmp_path: Path, edit: Callable[[dict[str, object]], None]) -> Path:
    import json

    from arf_desktop.exporters.letter_templates import default_templates_path

    data = json.loads(default_templates_path().read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "letters.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_edited_wording_is_used_without_touching_code(tmp_path: Path) -> None:
    from arf_desktop.exporters.letter_templates import load_templates
    from arf_desktop.exporters.letters import render_letter

    def edit(data: dict) -> None:
        data["outcomes"]["awarded_silver"]["subject"] = "Congratulations, {organisation} & team"

    templates = load_templates(write_templates(tmp_path, edit))
    text = pypdf_text(render_letter(make_decision(organisation="Ash <Trust>"), templates))
    assert "Congratulations, Ash <Trust> & team" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Dear {adressee_name},", "unknown placeholder {adressee_name}"),
        ("Dear {addressee_name!r},", "use a plain {name} placeholder"),
        ("Dear {addressee_name:>20},", "use a plain {name} placeholder"),
        ("Dear {organisation.name},", "use a plain {name} placeholder"),
        ("Dear {addressee_name,", "expected '}'"),
    ],
)
def test_a_bad_placeholder_is_reported_with_file_and_path(
    tmp_path: Path, text: str, message: str
) -> None:
    from arf_desktop.exporters.letter_templates import LetterTemplateError, load_templates

    def edit(data: dict) -> None:
        data["common"]["salutation"] = text

    path = write_templates(tmp_path, edit)
    with pytest.raises(LetterTemplateError) as caught:
        load_templates(path)
    assert str(path) in str(caught.value)
    assert "$.common.salutation" in str(caught.value)
    assert message in str(caught.value)


def test_missing_wording_is_reported_per_key(tmp_path: Path) -> None:
    from arf_desktop.exporters.letter_templates import LetterTemplateError, load_templates

    def edit(data: dict) -> None:
        del data["outcomes"]["minor_revisions"]
        del data["common"]["closing"]
        data["outcomes"]["awarded"]["paragraphs"] = []

    with pytest.raises(LetterTemplateError) as caught:
        load_templates(write_templates(tmp_path, edit))
    lines = str(caught.value).splitlines()
    assert any("$.outcomes.minor_revisions: missing" in line for line in lines)
    assert any("$.common.closing: missing" in line for line in lines)
    assert any("$.outcomes.awarded.paragraphs: missing" in line for line in lines)


def test_the_shipped_wording_file_is_valid() -> None:
    import json

    from arf_desktop.exporters.letter_templates import check_templates, default_templates_path

    path = default_templates_path()
    assert check_templates(json.loads(path.read_text(encoding="utf-8")), str(path)) == []


def test_verification_code_is_short_stable_and_specific() -> None:
    decision = make_decision(organisation="Zoë's Trust")
    code = verification_code(decision)
    assert len(code) == 10 and code.isalnum() and code == code.upper()
    assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    decomposed = dataclasses.replace(
        decision, organisation=unicodedata.normalize("NFD", decision.organisation)
    )
    assert decomposed.organisation != decision.organisation
    assert verification_code(decomposed) == code
    for change in (
        {"outcome": "minor_revisions", "level_awarded": "Bronze"},
        {"level_awarded": "Gold"},
        {"decision_date": date(2025, 3, 5)},
        {"certificate_number": "ARF-C-2025-0043"},
        {"organisation": "Zoe's Trust"},
    ):
        assert verification_code(dataclasses.replace(decision, **change)) != code  # type: ignore[arg-type]
    assert code in pypdf_text(render("certificate", decision))
    assert code in pypdf_text(render("letter", decision))


def test_reference_numbers_are_readable_and_stable() -> None:
    assert reference_number("2024/25", "Any Trust", "Silver", "RBN") == "ARF-2024-25-RBN-S"
    first = reference_number("Spring 2025", "Łódź Trust", "Gold")
    assert first == reference_number("Spring 2025", " Łódź Trust ", "gold")
    assert first.startswith("ARF-SPRING-2025-") and first.endswith("-G")
    assert first != reference_number("Spring 2025", "Lodz Trust", "Gold")
    assert first.isascii()


def test_validity_runs_from_the_letter_date() -> None:
    decision = make_decision(letter_date=date(2024, 2, 29), validity_years=3)
    assert decision.valid_until == date(2027, 2, 28)
    assert make_decision(validity_years=5).valid_until == date(2030, 3, 7)
    assert make_decision(outcome="not_yet_awarded", level_awarded=None).valid_until is None
    with pytest.raises(ValueError, match="unknown outcome"):
        make_decision(outcome="passed")


def test_level_colours_never_carry_text_below_wcag_aa() -> None:
    from arf_desktop.exporters.pdf_common import contrast_ratio, level_colour, text_colour_on

    for level in LEVELS:
        colour = level_colour(level)
        assert contrast_ratio(text_colour_on(colour), colour) >= 4.5
    text = pypdf_text(render("certificate", make_decision(level_applied="Gold")))
    assert "Gold level" in text


def test_files_are_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from arf_desktop.exporters.letters import write_letter

    target = tmp_path / "letter.pdf"
    write_letter(make_decision(), target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]
    before = target.read_bytes()

    def failing_replace(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_letter(make_decision(organisation="Another Trust"), target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]


def test_reportlab_is_imported_only_by_the_exporters() -> None:
    import ast

    package = Path(__file__).resolve().parents[2] / "src" / "arf_desktop"
    offenders = []
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            if any(name.split(".")[0] == "reportlab" for name in names):
                offenders.append(path.relative_to(package).as_posix())
    assert offenders and all(name.startswith("exporters/") for name in offenders)


@pytest.mark.parametrize("kind", ["letter", "certificate"])
@pytest.mark.parametrize(("person", "organisation"), RIGHT_TO_LEFT)
def test_right_to_left_names_print_joined_and_in_reading_order(
    kind: str, person: str, organisation: str, tmp_path: Path
) -> None:
    """Pdftotext reads the page in reading order; NFKC folds joined letter forms back."""
    decision = make_decision(
        organisation=organisation,
        addressee_name=person,
        signatories=(Signatory(person, "Chair, moderation panel"),),
    )
    data = render(kind, decision)
    text = unicodedata.normalize("NFKC", pdftotext(data, tmp_path))
    text = " ".join(text.replace("\u202b", "").replace("\u202c", "").split())
    for name in (organisation, person):
        assert name in text, f"{name!r} is not read back from the {kind}"
    if "\u0600" <= organisation[0] <= "\u06ff":  # Arabic letters drawn in their joined forms
        drawn = pdftotext(data, tmp_path)
        assert any("\ufe70" <= ch <= "\ufeff" for ch in drawn)
