"""Reading a returned scoring sheet and working out what each row asks to change, or why not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arf_desktop.domain.errors import Refused
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.scoring import SUBMITTED
from arf_desktop.registers.interests import ConflictOfInterest
from arf_desktop.scoring.scores import clean_comment, criteria_for, refuse_conflict
from arf_desktop.scoring.scoresheet_layout import (
    FORMAT,
    IDENTITY,
    REQUIRED,
    SCORES,
    ScoresheetRejected,
    SheetProblem,
)
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage.allocations import AllocationFacts

_SCORE_TEXT = re.compile(r"^\s*(\d+)\s*(?:[·\-–—:.]\s*(.*?))?\s*$")
Change = tuple[AllocationFacts, str, str, Any]  # allocation, criterion, field, new value


@dataclass
class SheetRow:
    """One line of the Scores sheet as typed, with where each value sits."""

    number: int
    organisation: str
    criterion_id: str
    score: Any
    comment: str | None
    revision: int | None
    cells: dict[str, str]
    problem: SheetProblem | None = None


@dataclass
class SheetContext:
    """What every row of one sheet is checked against."""

    allocations: dict[str, AllocationFacts]  # by organisation, case-folded
    framework: Framework
    assessor: str
    round_name: str
    source: str
    seen: dict[tuple[int, str], int]


# -- the workbook ------------------------------------------------------------------------


def _text(cell: Any) -> str | None:
    value = cell.value
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    from arf_desktop.files.checks import FileProblem, check_workbook_file, require_defusedxml
    from arf_desktop.files.file_kinds import wrong_kind

    wrong = wrong_kind(path, {"scoring_sheet"}, "a scoring sheet")
    if wrong is not None:
        raise Refused(wrong)
    try:
        require_defusedxml()
        check_workbook_file(path)
    except FileProblem as problem:
        raise Refused(f"{path.name}: {problem.message}") from None
    try:
        book = load_workbook(path, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise Refused(f"{path.name}: the workbook could not be read ({error}).") from None
    missing = [name for name in (SCORES, IDENTITY) if name not in book.sheetnames]
    if missing:
        raise ScoresheetRejected(
            path.name,
            [
                SheetProblem(
                    name,
                    "",
                    "this sheet is missing: the file is not an ARF Desktop scoring sheet, or "
                    "its sheets were renamed or deleted; export a new one",
                )
                for name in missing
            ],
        )
    return book


def _identity(book: Any) -> dict[str, str]:
    identity: dict[str, str] = {}
    for key_cell, value_cell in book[IDENTITY].iter_rows(min_col=1, max_col=2, max_row=50):
        if key_cell.value is not None:
            identity[str(key_cell.value)] = (
                "" if value_cell.value is None else str(value_cell.value)
            )
    return identity


def _formula(cells: dict[str, Any]) -> SheetProblem | None:
    for title in ("Score", "Comment"):
        cell = cells.get(title)
        if cell is not None and cell.data_type == "f":
            return SheetProblem(
                SCORES,
                cell.coordinate,
                f"this cell holds a formula ({str(cell.value)[:40]}); type the value "
                "itself (start a comment with a letter, not = + - @)",
            )
    return None


def _rows(sheet: Any, header: dict[str, int]) -> list[SheetRow]:
    rows: list[SheetRow] = []
    for number, line in enumerate(sheet.iter_rows(min_row=2), start=2):
        cells = {title: line[column - 1] for title, column in header.items() if column <= len(line)}
        if all(cells[t].value in (None, "") for t in REQUIRED if t in cells):
            continue
        revision_cell = cells.get("Revision")
        revision = revision_cell.value if revision_cell is not None else None
        rows.append(
            SheetRow(
                number=number,
                organisation=_text(cells["Organisation"]) or "",
                criterion_id=(_text(cells["Criterion ID"]) or "").upper(),
                score=cells["Score"].value,  # parsed once the round's framework is known
                comment=None if cells["Comment"].value is None else str(cells["Comment"].value),
                revision=revision if isinstance(revision, int) else None,
                cells={title: cell.coordinate for title, cell in cells.items()},
                problem=_formula(cells),
            )
        )
    return rows


def read_sheet(path: Path) -> tuple[dict[str, str], list[SheetRow], list[SheetProblem]]:
    """The identity, the filled-in rows and any problem with the sheet as a whole."""
    book = _open(path)
    identity = _identity(book)
    problems: list[SheetProblem] = []
    if identity.get("format") != FORMAT:
        problems.append(SheetProblem(IDENTITY, "B1", "this is not an ARF Desktop scoring sheet"))
    sheet = book[SCORES]
    header: dict[str, int] = {}
    for cell in sheet[1]:
        if cell.value is not None:
            header.setdefault(str(cell.value).strip(), cell.column)
    for title in REQUIRED:
        if title not in header:
            problems.append(
                SheetProblem(SCORES, "row 1", f"the column “{title}” is missing or was renamed")
            )
    return identity, ([] if problems else _rows(sheet, header)), problems


# -- one row ------------------------------------------------------------------------------


def parse_score(raw: Any, framework: Framework, where: str) -> int | SheetProblem | None:
    """The score a Score cell holds (None when blank), or why it is not one on the scale."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    labels = ", ".join(p.caption for p in framework.scale)
    value: int | None = None
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and (match := _SCORE_TEXT.match(raw)):
        value = int(match.group(1))
        label = (match.group(2) or "").strip()
        if framework.on_scale(value) and label:
            expected = framework.scale_point(value).label
            if label.casefold() != expected.casefold():
                return SheetProblem(
                    SCORES,
                    where,
                    f"“{raw}” gives the score {value} with the label “{label}”, but {value} "
                    f"is “{expected}”; choose from the list ({labels})",
                )
    if value is None or not framework.on_scale(value):
        return SheetProblem(
            SCORES, where, f"“{raw}” is not a score on the scale; choose one of {labels}"
        )
    return value


def _locate(conn: Any, row: SheetRow, context: SheetContext) -> AllocationFacts | SheetProblem:
    """The allocation a row is about, once: allocated, unconflicted, a criterion it is scored on."""
    facts = context.allocations.get(row.organisation.casefold())
    if facts is None:
        where = f"“{row.organisation}” in “{context.round_name}”"
        message = f"{context.assessor} is not allocated to {where}"
        return SheetProblem(SCORES, row.cells["Organisation"], message)
    key = (facts.id, row.criterion_id)
    if key in context.seen:
        return SheetProblem(
            SCORES,
            row.cells["Criterion ID"],
            f"{row.criterion_id} for {facts.organisation} appears twice "
            f"(rows {context.seen[key]} and {row.number})",
        )
    context.seen[key] = row.number
    try:
        refuse_conflict(conn, facts)
    except ConflictOfInterest as conflict:
        return SheetProblem(SCORES, row.cells["Organisation"], conflict.message)
    if row.criterion_id not in criteria_for(context.framework, facts):
        level = context.framework.level(facts.level_applied).name
        return SheetProblem(
            SCORES,
            row.cells["Criterion ID"],
            f"“{row.criterion_id}” is not a criterion {facts.organisation} is scored on "
            f"(level applied for: {level})",
        )
    return facts


def _values(row: SheetRow, framework: Framework) -> tuple[int | None, str | None] | SheetProblem:
    score = parse_score(row.score, framework, row.cells["Score"])
    if isinstance(score, SheetProblem):
        return score
    comment = None
    if row.comment is not None:
        try:
            comment = clean_comment(row.comment) or None
        except Refused as too_long:
            return SheetProblem(SCORES, row.cells["Comment"], too_long.message)
    return score, comment


def plan_row(conn: Any, row: SheetRow, context: SheetContext) -> SheetProblem | list[Change] | None:
    """The changes one row asks for ([] when it matches, None when blank) or its problem."""
    if row.problem is not None:
        return row.problem
    facts = _locate(conn, row, context)
    if isinstance(facts, SheetProblem):
        return facts
    values = _values(row, context.framework)
    if isinstance(values, SheetProblem):
        return values
    score, comment = values
    if score is None and comment is None:
        return None
    current = score_repo.get_score(conn, facts.id, row.criterion_id)
    changes: list[tuple[str, Any, str]] = []
    if score is not None and score != (current.score if current else None):
        changes.append(("score", score, row.cells["Score"]))
    if comment is not None and comment != (current.comment if current else ""):
        changes.append(("comment", comment, row.cells["Comment"]))
    if not changes:
        return []
    field_name, _value, cell = changes[0]
    if facts.status == SUBMITTED:
        return SheetProblem(
            SCORES,
            cell,
            f"the scores for {facts.organisation} were submitted and are locked; ask the "
            "coordinator to reopen them first",
        )
    if (
        current is not None
        and row.revision is not None
        and current.revision > row.revision
        and current.source != context.source
    ):
        now = current.score if field_name == "score" else current.comment
        return SheetProblem(
            SCORES,
            cell,
            f"{row.criterion_id} for {facts.organisation} was changed in ARF Desktop after "
            f"this sheet was exported (its {field_name} is now “{now}”); export a new sheet, "
            "or make the change there",
        )
    return [(facts, row.criterion_id, name, value) for name, value, _ in changes]
