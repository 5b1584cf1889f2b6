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


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _open(path: Path) -> dict[str, Any]:
    """The Scores and ARF sheets, streamed once, after the checks every outside file gets."""
    from arf_desktop.files.checks import FileProblem, check_workbook_file, require_defusedxml
    from arf_desktop.files.file_kinds import wrong_kind
    from arf_desktop.importers.sheet_data import read_sheet as read_cells
    from arf_desktop.importers.workbook_package import WorkbookPackage

    path = Path(path)
    wrong = wrong_kind(path, {"scoring_sheet"}, "a scoring sheet")
    if wrong is not None:
        raise Refused(wrong)
    try:
        require_defusedxml()
        check_workbook_file(path)
    except FileProblem as problem:
        raise Refused(f"{path.name}: {problem.message}") from None
    try:
        package = WorkbookPackage(path)
        try:
            sheets = {
                n: read_cells(package, n) for n in (SCORES, IDENTITY) if n in package.sheetnames
            }
        finally:
            package.close()
    except Exception as error:  # a damaged file fails in many ways
        raise Refused(f"{path.name}: the workbook could not be read ({error}).") from None
    missing = [name for name in (SCORES, IDENTITY) if name not in sheets]
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
    return sheets


def _identity(sheet: Any) -> dict[str, str]:
    identity: dict[str, str] = {}
    for row in range(1, 51):
        key, value = sheet.cell(row, 1).value, sheet.cell(row, 2).value
        if key is not None:
            identity[str(key)] = "" if value is None else str(value)
    return identity


def _formula(line: dict[int, Any], header: dict[str, int], row: int) -> SheetProblem | None:
    for title in ("Score", "Comment"):
        cell = line.get(header[title])
        if cell is not None and cell.data_type == "f":
            return SheetProblem(
                SCORES,
                cell.coordinate,
                f"this cell holds a formula ({str(cell.value)[:40]}); type the value "
                "itself (start a comment with a letter, not = + - @)",
            )
    return None


def _rows(filled: dict[int, dict[int, Any]], header: dict[str, int]) -> list[SheetRow]:
    from arf_desktop.importers.sheet_data import column_letter

    rows: list[SheetRow] = []
    letters = {title: column_letter(column) for title, column in header.items()}
    for number in sorted(n for n in filled if n >= 2):
        line = filled[number]
        values = {title: _value(line, column) for title, column in header.items()}
        if all(values[t] in (None, "") for t in REQUIRED):
            continue
        revision = values.get("Revision")
        rows.append(
            SheetRow(
                number=number,
                organisation=_text(values["Organisation"]) or "",
                criterion_id=(_text(values["Criterion ID"]) or "").upper(),
                score=values["Score"],  # parsed once the round's framework is known
                comment=None if values["Comment"] is None else str(values["Comment"]),
                revision=revision if isinstance(revision, int) else None,
                cells={title: f"{letter}{number}" for title, letter in letters.items()},
                problem=_formula(line, header, number),
            )
        )
    return rows


def _value(line: dict[int, Any], column: int) -> Any:
    cell = line.get(column)
    return None if cell is None else cell.value


def _header(filled: dict[int, dict[int, Any]]) -> dict[str, int]:
    """{column title: column number} for the titles the reader uses, from row 1."""
    header: dict[str, int] = {}
    for column, cell in sorted(filled.get(1, {}).items()):
        title = str(cell.value).strip()
        if title in (*REQUIRED, "Revision"):
            header.setdefault(title, column)
    return header


def read_sheet(path: Path) -> tuple[dict[str, str], list[SheetRow], list[SheetProblem]]:
    """The identity, the filled-in rows and any problem with the sheet as a whole."""
    sheets = _open(path)
    identity = _identity(sheets[IDENTITY])
    problems: list[SheetProblem] = []
    if identity.get("format") != FORMAT:
        problems.append(SheetProblem(IDENTITY, "B1", "this is not an ARF Desktop scoring sheet"))
    filled = sheets[SCORES].filled()
    header = _header(filled)
    for title in REQUIRED:
        if title not in header:
            problems.append(
                SheetProblem(SCORES, "row 1", f"the column “{title}” is missing or was renamed")
            )
    return identity, ([] if problems else _rows(filled, header)), problems


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
