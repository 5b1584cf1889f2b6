"""Filled-in submission workbooks as a trust would return them (demo, self-test, benchmarks)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from arf_desktop.domain.framework import Criterion, Framework, Level
from arf_desktop.domain.records import Organisation
from arf_desktop.files.names import slug
from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.template import build_template

OPENINGS = (
    "The board approved",
    "Since April 2024 we have",
    "Our executive team agreed and",
    "Working with our race equality network we",
    "Following the staff survey results we",
)
ACTIONS = (
    "published the statement on our website and in the staff bulletin",
    "set out owners, dates and measures for each action in the plan",
    "held quarterly listening events with ethnic minority colleagues",
    "reviewed the policy with the network and changed two steps",
    "reported progress to the People Committee twice a year",
    "trained 412 managers, 68% of those in scope, by March",
)
CLOSINGS = (
    "Board minutes and the paper are attached.",
    "Evidence of the changes that followed is in the files listed.",
    "We know we still need to reach night and weekend staff.",
    "Uptake figures by directorate are in the appendix.",
    "",
)
SELF_ASSESSMENT = ("Met", "Met", "Met", "Partially met", "Not yet met")
CONTACTS = ("Amara Okafor", "Łukasz Nowak", "Priya Patel", "Siân Evans", "Chidi Obi-Jones")

Answer = tuple[str | None, str, str]  # self-assessment, evidence summary, evidence files cell


def evidence_summary(
    rng: random.Random, organisation: str, criterion: Criterion, long: bool = False
) -> str:
    sentences = [
        f"{criterion.title}: {rng.choice(OPENINGS).lower()} {rng.choice(ACTIONS)}.",
        f"At {organisation} this covers {rng.randint(2, 9)} directorates.",
        rng.choice(CLOSINGS),
    ]
    if rng.random() < 0.3 or long:
        sentences.append(" ".join([rng.choice(ACTIONS).capitalize() + "."] * rng.randint(2, 5)))
    text = " ".join(s for s in sentences if s).strip()
    if long:
        paragraphs = [text]
        for _ in range(rng.randint(3, 6)):
            paragraphs.append(
                " ".join(
                    f"{rng.choice(OPENINGS)} {rng.choice(ACTIONS)}."
                    for _ in range(rng.randint(3, 6))
                )
            )
        text = "\n\n".join(paragraphs)
    return text


def fill_workbook(
    workbook: Any, cover: Mapping[str, object], answers: Mapping[str, Answer]
) -> None:
    """Type answers into a template the way a person would: cover by label, rows by ID."""
    sheet = workbook[wc.COVER_SHEET]
    rows = {
        wc.label_key(str(cell.value)): cell.row
        for (cell,) in sheet.iter_rows(min_col=1, max_col=1)
        if cell.value
    }
    for label, value in cover.items():
        sheet.cell(rows[wc.label_key(label)], 2).value = value
    evidence = workbook[wc.EVIDENCE_SHEET]
    columns = {cell.value: cell.column for cell in evidence[1]}
    id_rows = {
        row[0].value: row[0].row for row in evidence.iter_rows(min_row=2, max_col=1) if row[0].value
    }
    for criterion_id, (self_assessment, summary, files) in answers.items():
        row = id_rows[criterion_id]
        evidence.cell(row, columns[wc.COL_SELF]).value = self_assessment
        evidence.cell(row, columns[wc.COL_SUMMARY]).value = summary or None
        evidence.cell(row, columns[wc.COL_FILES]).value = files or None


def sample_answers(
    rng: random.Random,
    framework: Framework,
    organisation: Organisation,
    level: Level,
    evidence_dir: Path | None,
    long: bool = False,
) -> tuple[dict[str, object], dict[str, Answer]]:
    """Plausible cover answers and evidence rows; evidence files are written to `evidence_dir`."""
    contact = rng.choice(CONTACTS)
    cover: dict[str, object] = {
        "Organisation": organisation.name,
        "ICB": organisation.icb,
        "Level applied for": level.name,
        "Contact name": contact,
        "Contact job title": rng.choice(("Head of EDI", "EDI Lead", "Director of People")),
        "Contact email": f"{slug(contact)}@example.nhs.uk",
        "Executive sponsor": rng.choice(("Chief People Officer", "Chief Executive")),
        "Submission date": date(2025, rng.randint(4, 12), rng.randint(1, 28)),
    }
    answers: dict[str, Answer] = {}
    for criterion in framework.criteria_up_to(level.id):
        names: list[str] = []
        if evidence_dir is not None and rng.random() < 0.5:
            name = f"{criterion.id} {rng.choice(('board minutes', 'action plan', 'report'))}.txt"
            evidence_dir.mkdir(parents=True, exist_ok=True)
            body = f"{organisation.name}\n{criterion.title}\n" + "Supporting evidence.\n" * (
                200 if long else 3
            )
            (evidence_dir / name).write_text(body, encoding="utf-8")
            names.append(name if rng.random() < 0.5 else f"{evidence_dir.name}/{name}")
        answers[criterion.id] = (
            rng.choice(SELF_ASSESSMENT),
            evidence_summary(rng, organisation.name, criterion, long),
            "\n".join(names),
        )
    return cover, answers


def write_sample_submission(
    folder: Path,
    framework: Framework,
    organisation: Organisation,
    level: Level,
    rng: random.Random,
    organisations: Sequence[Organisation] = (),
    evidence: bool = True,
    long: bool = False,
    name: str | None = None,
) -> Path:
    """Make the template for `organisation`, fill it in, save it (and evidence) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    workbook = build_template(framework, level, organisation, organisations)
    evidence_dir = folder / "Evidence" if evidence else None
    cover, answers = sample_answers(rng, framework, organisation, level, evidence_dir, long)
    fill_workbook(workbook, cover, answers)
    path = folder / (name or f"{slug(organisation.name, keep_case=True)} ARF submission.xlsx")
    workbook.save(path)
    return path
