"""200 award letters against reportlab alone rendering 200 plain documents of the same length."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import date
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Table

from arf_desktop.exporters import pdf_common
from arf_desktop.exporters.documents import (
    CriterionFeedback,
    DecisionDocument,
    NextLevel,
    PrincipleSummary,
    Signatory,
    reference_number,
)
from arf_desktop.exporters.letter_templates import load_templates
from arf_desktop.exporters.letters import letter_story, render_letter

COUNT = 200
ROUNDS = 3
PEOPLE = (
    "Łukasz Nowak",
    "Siân Evans",
    "Zoë Ó Briain",
    "Nguyễn Thị Minh",
    "Ядвига Ковальчук",
    "Γεωργία Παπαδοπούλου",
    "Amara Okafor",
    "Priya Raman",
)
TRUSTS = (
    "Alder Hey Children's NHS Foundation Trust",
    "Bolton NHS Foundation Trust",
    "Mersey and West Lancashire Teaching Hospitals NHS Trust",
    "Lancashire and South Cumbria NHS Foundation Trust",
    "Wirral University Teaching Hospital NHS Foundation Trust",
    "Stockport NHS Foundation Trust",
)
PRINCIPLES = (
    "Prioritising anti-racism",
    "Understanding lived experience",
    "Growing inclusive leaders",
    "Acting to tackle inequalities",
    "Reviewing and reflecting on progress",
)
LABELS = {0: "Not evidenced", 1: "Partially evidenced", 2: "Fully evidenced", 3: "Exemplary"}
OUTCOMES = (
    ("awarded", "Silver", "Silver"),
    ("awarded", "Bronze", "Bronze"),
    ("minor_revisions", "Silver", "Bronze"),
    ("not_yet_awarded", "Gold", None),
)


def decision(index: int) -> DecisionDocument:
    """A realistic decision; the outcome, names and numbers vary with the index."""
    outcome, applied, awarded = OUTCOMES[index % len(OUTCOMES)]
    organisation = f"{TRUSTS[index % len(TRUSTS)]} ({index})"
    return DecisionDocument(
        organisation=organisation,
        icb="NHS Cheshire and Merseyside ICB",
        addressee_name=PEOPLE[index % len(PEOPLE)],
        addressee_email=f"lead{index}@example.nhs.uk",
        round_name="2024/25",
        framework_name="ARF draft 2024 (draft catalogue)",
        framework_version="2024.1",
        framework_draft=True,
        level_applied=applied,
        outcome=outcome,
        level_awarded=awarded,
        decision_date=date(2025, 3, 4),
        letter_date=date(2025, 3, 7),
        reference=reference_number("2024/25", organisation, applied),
        certificate_number=f"ARF-C-2025-{index:04d}",
        principles=tuple(
            PrincipleSummary(f"P{i + 1}", name, 6, 5 + (i % 2), 2.1 + i / 10)
            for i, name in enumerate(PRINCIPLES)
        ),
        criteria=tuple(
            CriterionFeedback(
                f"B-P{i}-01",
                "Criterion",
                "Bronze",
                f"P{i}",
                score,
                LABELS[score],
                "Dated and current." if score >= 2 else "Not yet reported to the board.",
            )
            for i, score in enumerate((3, 2, 2, 1 if outcome != "awarded" else 2, 2), start=1)
        ),
        next_level=NextLevel(
            "Gold",
            "Anti-racism is embedded at all levels, with diverse representation at the most "
            "senior levels and parity in staff experience.",
            tuple((f"G-P{i}-01", "Gold criterion") for i in range(1, 13)),
        )
        if outcome == "awarded"
        else None,
        addressee_title="Head of Equality, Diversity and Inclusion",
        resubmission_deadline=date(2025, 4, 29) if outcome == "minor_revisions" else None,
        resubmission_route="return the submission workbook to the programme team by e-mail",
        signatories=(
            Signatory("Zoë Ó Briain", "Chair, moderation panel"),
            Signatory("Łukasz Nowak", "Programme lead"),
        ),
    )


def plain_texts(flowables: list[Flowable | str]) -> Iterator[str]:
    """The text of every paragraph in a story, tables and kept-together groups included."""
    for item in flowables:
        if isinstance(item, Paragraph):
            yield item.getPlainText()
        elif isinstance(item, KeepTogether):
            yield from plain_texts(list(item._content))
        elif isinstance(item, str):
            yield from filter(None, item.splitlines())
        elif isinstance(item, Table):
            for row in item._cellvalues:
                for cell in row:
                    yield from plain_texts(cell if isinstance(cell, list) else [cell])


def bare_document(texts: list[str]) -> bytes:
    """The bare baseline: the same paragraphs, one plain style, the same embedded font."""
    style = ParagraphStyle("plain", fontName=pdf_common.FONT, fontSize=10, leading=14)
    style.spaceAfter = 6
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=36 * mm,
        bottomMargin=22 * mm,
        invariant=1,
        pageCompression=1,
        initialFontName=pdf_common.FONT,
    )
    doc.build([Paragraph(escape(text), style) for text in texts])
    return buffer.getvalue()


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def main() -> None:
    decisions = [decision(i) for i in range(COUNT)]
    templates = load_templates()
    pdf_common.register_fonts()
    bare_texts = [list(plain_texts(letter_story(d, templates))) for d in decisions]
    letter_pages = [pages(render_letter(d, templates)) for d in decisions[:4]]
    bare_pages = [pages(bare_document(texts)) for texts in bare_texts[:4]]
    paragraphs = statistics.mean(len(texts) for texts in bare_texts)
    letters_times, bare_times = [], []
    for _ in range(ROUNDS):  # interleaved, so both see the same machine state
        letters_times.append(timed(lambda: [render_letter(d, templates) for d in decisions]))
        bare_times.append(timed(lambda: [bare_document(texts) for texts in bare_texts]))
    letters, bare = min(letters_times), min(bare_times)
    print(
        f"documents: {COUNT}; pages per letter {letter_pages}, per bare document {bare_pages}; "
        f"{paragraphs:.0f} paragraphs each"
    )
    print(
        f"award letters:       {letters:.2f} s ({letters / COUNT * 1000:.1f} ms each), "
        f"best of {[round(t, 2) for t in letters_times]}"
    )
    print(
        f"reportlab, bare:     {bare:.2f} s ({bare / COUNT * 1000:.1f} ms each), "
        f"best of {[round(t, 2) for t in bare_times]}"
    )
    ratio = letters / bare
    print(f"ratio: {ratio:.2f}x; target: at most 1.5x ({'met' if ratio <= 1.5 else 'MISSED'})")
    batch = batch_export_time(decisions)
    print(
        f"batch export to files: {batch:.2f} s ({batch / COUNT * 1000:.1f} ms each; atomic "
        f"write with fsync, progress and cancel checks); {batch / bare:.2f}x the bare render"
    )


def batch_export_time(decisions: list[DecisionDocument]) -> float:
    """The batch path the window and `arf-desktop export letters` use, into a scratch folder."""
    import tempfile
    from pathlib import Path

    from arf_desktop.exporters.batch_export import export_documents
    from arf_desktop.exporters.from_decisions import DecidedDocument

    items = [DecidedDocument(i, i, d) for i, d in enumerate(decisions)]
    best = float("inf")
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory(prefix="arf-bench-") as folder:
            best = min(best, timed(lambda f=folder: export_documents(
                items, ("letters",), Path(f), lambda *_: None, lambda: False)))  # fmt: skip
    return best


if __name__ == "__main__":
    main()
