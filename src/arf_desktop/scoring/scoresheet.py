"""Offline scoring sheets: export an assessor's allocations to Excel, import them back safely.

Import reads the whole sheet and checks everything (assessor, allocation, conflicts,
criterion ids, scale values, edits made in the window since the export) inside one write
transaction before changing anything, so a sheet imports completely or not at all.
Re-importing the same sheet changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.errors import NotFound, Refused, UserFacingError
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.scoring import SUBMITTED
from arf_desktop.files.atomic import replacing
from arf_desktop.registers.assessors import require_assessor
from arf_desktop.registers.interests import ConflictOfInterest
from arf_desktop.registers.rounds import require_round
from arf_desktop.scoring.scores import apply_change, clean_comment, criteria_for, refuse_conflict
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage.workspace import Workspace

FORMAT = "arf-scoresheet"
FORMAT_VERSION = "1"
SCORES = "Scores"
SCALE = "Scale"
CRITERIA = "Criteria"
IDENTITY = "ARF"
COLUMNS = (
    ("Organisation", 34),
    ("Level applied for", 12),
    ("Criterion ID", 11),
    ("Level", 9),
    ("Principle", 24),
    ("Criterion", 40),
    ("Self-assessment", 14),
    ("Evidence summary (for reference)", 70),
    ("Score", 22),
    ("Comment", 50),
    ("Status", 12),
    ("Revision", 9),
)
REQUIRED = ("Organisation", "Criterion ID", "Score", "Comment")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SCORE_TEXT = re.compile(r"^\s*(\d+)\s*(?:[·\-–—:.]\s*(.*?))?\s*$")
MAX_PROBLEM_LINES = 50


@dataclass(frozen=True)
class ScoresheetWritten:
    path: Path
    round: str
    assessor: str
    submissions: int
    rows: int
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetProblem:
    sheet: str
    cell: str
    message: str

    def line(self, file: str) -> str:
        where = f"sheet {self.sheet}" + (f", cell {self.cell}" if self.cell else "")
        return f"{file}, {where}: {self.message}"


class ScoresheetRejected(UserFacingError):
    """The sheet was not imported; every problem is named by sheet and cell."""

    def __init__(self, file: str, problems: list[SheetProblem]) -> None:
        lines = [p.line(file) for p in problems[:MAX_PROBLEM_LINES]]
        if len(problems) > MAX_PROBLEM_LINES:
            lines.append(f"{file}: … and {len(problems) - MAX_PROBLEM_LINES} more problems")
        lines.append(f"{file}: nothing was imported; correct the sheet and import it again.")
        super().__init__("\n".join(lines))
        self.file = file
        self.problems = problems


@dataclass(frozen=True)
class ScoresheetImported:
    file: str
    round: str
    assessor: str
    scores_changed: int
    comments_changed: int
    unchanged: int
    blank: int
    sha256: str
    changes: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        if not self.scores_changed and not self.comments_changed:
            return f"nothing to change ({self.unchanged} rows already match, {self.blank} blank)"
        scores = f"{self.scores_changed} score{'' if self.scores_changed == 1 else 's'}"
        comments = f"{self.comments_changed} comment{'' if self.comments_changed == 1 else 's'}"
        return (
            f"{scores} and {comments} imported for {self.assessor} "
            f"({self.unchanged} rows unchanged, {self.blank} blank)"
        )


# -- writing ------------------------------------------------------------------------------


def safe_text(value: Any) -> str:
    return _ILLEGAL.sub("", "" if value is None else str(value))


def put(cell: Any, value: Any) -> None:
    """Write a value; text that Excel would read as a formula is stored as plain text."""
    if isinstance(value, str) or value is None:
        text = safe_text(value)
        cell.value = text or None
        if text:
            cell.data_type = "s"
            if text.startswith(FORMULA_START):
                cell.quotePrefix = True
    else:
        cell.value = value


def export_scoresheet(
    workspace: Workspace, round_name: str, assessor_name: str, out: Path
) -> ScoresheetWritten:
    """Write one assessor's allocated submissions in a round as an Excel scoring sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    chosen_round = require_round(workspace, round_name)
    assessor = require_assessor(workspace, assessor_name)
    rows: list[list[Any]] = []
    skipped: list[str] = []
    with workspace.read() as conn:
        framework = framework_repo.get_framework(conn, chosen_round.framework_id)
        allocations = allocation_repo.list_allocations(conn, chosen_round.id, assessor.id)
        for facts in allocations:
            try:
                refuse_conflict(conn, facts)
            except ConflictOfInterest as conflict:
                skipped.append(f"{facts.organisation}: {'; '.join(conflict.reasons)}")
                continue
            evidence = score_repo.evidence_for(conn, facts.version_id)
            stored = score_repo.scores_for(conn, facts.id)
            for criterion in framework.criteria_up_to(facts.level_applied):
                said = evidence.get(criterion.id)
                mine = stored.get(criterion.id)
                score = mine.score if mine else None
                rows.append(
                    [
                        facts.organisation,
                        framework.level(facts.level_applied).name,
                        criterion.id,
                        framework.level(criterion.level).name,
                        f"{criterion.principle} {framework.principle(criterion.principle).name}",
                        criterion.title,
                        said.self_assessment if said else None,
                        said.summary if said else None,
                        framework.scale_point(score).caption if score is not None else None,
                        mine.comment if mine else None,
                        "Submitted" if facts.status == SUBMITTED else "Open",
                        mine.revision if mine else 0,
                    ]
                )
        workspace_id = workspace.info("workspace_id") or ""
    if not rows:
        raise Refused(
            f"{assessor.name} has nothing to score in “{chosen_round.name}”"
            + (
                f" ({len(skipped)} allocations blocked by conflicts of interest)."
                if skipped
                else "."
            )
        )

    book = Workbook()
    sheet = book.active
    sheet.title = SCORES
    header_fill = PatternFill("solid", fgColor="005EB8")
    for column, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, column)
        put(cell, title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width
    wrap = Alignment(vertical="top", wrap_text=True)
    editable_fill = PatternFill("solid", fgColor="FFF9C4")
    score_col, comment_col = _column("Score"), _column("Comment")
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(r, c)
            put(cell, value)
            cell.alignment = wrap
        if values[10] == "Open":
            for c in (score_col, comment_col):
                sheet.cell(r, c).protection = Protection(locked=False)
                sheet.cell(r, c).fill = editable_fill
    last = len(rows) + 1
    sheet.column_dimensions["L"].hidden = True
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:K{last}"
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False

    scale = book.create_sheet(SCALE)
    for c, title in enumerate(("Score", "Label", "Choose", "What it means"), start=1):
        put(scale.cell(1, c), title)
        scale.cell(1, c).font = Font(bold=True)
    for r, point in enumerate(framework.scale, start=2):
        for c, value in enumerate((point.value, point.label, point.caption, point.descriptor), 1):
            put(scale.cell(r, c), value)
            scale.cell(r, c).alignment = wrap
    scale.column_dimensions["C"].width = 24
    scale.column_dimensions["D"].width = 90
    scale.protection.sheet = True
    choices = DataValidation(
        type="list",
        formula1=f"={SCALE}!$C$2:$C${len(framework.scale) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not on the scale",
        error="Choose a score from the list ("
        + ", ".join(p.caption for p in framework.scale)
        + ").",
    )
    sheet.add_data_validation(choices)
    choices.add(f"{sheet.cell(2, score_col).coordinate}:{sheet.cell(last, score_col).coordinate}")

    guide = book.create_sheet(CRITERIA)
    for c, (title, width) in enumerate(
        (("Criterion ID", 12), ("Criterion", 40), ("Guidance", 100)), 1
    ):
        put(guide.cell(1, c), title)
        guide.cell(1, c).font = Font(bold=True)
        guide.column_dimensions[guide.cell(1, c).column_letter].width = width
    for r, criterion in enumerate(framework.criteria, start=2):
        for c, value in enumerate((criterion.id, criterion.title, criterion.guidance), 1):
            put(guide.cell(r, c), value)
            guide.cell(r, c).alignment = wrap
    guide.protection.sheet = True

    identity = book.create_sheet(IDENTITY)
    for r, (key, value) in enumerate(
        (
            ("format", FORMAT),
            ("format_version", FORMAT_VERSION),
            ("round", chosen_round.name),
            ("assessor", assessor.name),
            ("framework", framework.key),
            ("framework_version", framework.version),
            ("framework_fingerprint", framework.fingerprint()),
            ("export_id", str(uuid.uuid4())),
            ("exported_at", utc_now()),
            ("workspace_id", workspace_id),
        ),
        start=1,
    ):
        put(identity.cell(r, 1), key)
        put(identity.cell(r, 2), value)
    identity.sheet_state = "hidden"
    identity.protection.sheet = True
    book.security = None
    out.parent.mkdir(parents=True, exist_ok=True)
    with replacing(out) as handle:
        book.save(handle)
    return ScoresheetWritten(
        out,
        chosen_round.name,
        assessor.name,
        len(allocations) - len(skipped),
        len(rows),
        tuple(skipped),
    )


def _column(title: str) -> int:
    return next(i for i, (name, _) in enumerate(COLUMNS, start=1) if name == title)


# -- reading ------------------------------------------------------------------------------


@dataclass
class _Row:
    """One line of the Scores sheet as typed, with where each value sits."""

    number: int
    organisation: str
    criterion_id: str
    score: Any
    comment: str | None
    revision: int | None
    cells: dict[str, str]
    problem: SheetProblem | None = None


def _text(cell: Any) -> str | None:
    value = cell.value
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _parse_score(
    raw: Any, framework: Framework, where: str, problems: list[SheetProblem]
) -> int | None:
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
        if value in framework.scale_values and label:
            expected = framework.scale_point(value).label
            if label.casefold() != expected.casefold():
                problems.append(
                    SheetProblem(
                        SCORES,
                        where,
                        f"“{raw}” gives the score {value} with the label “{label}”, but {value} "
                        f"is “{expected}”; choose from the list ({labels})",
                    )
                )
                return None
    if value is None or value not in framework.scale_values:
        problems.append(
            SheetProblem(
                SCORES, where, f"“{raw}” is not a score on the scale; choose one of {labels}"
            )
        )
        return None
    return value


def _read(path: Path) -> tuple[dict[str, str], list[_Row], list[SheetProblem], Any]:
    from openpyxl import load_workbook

    from arf_desktop.files.checks import (
        FileProblem,
        check_workbook_file,
        require_defusedxml,
    )

    try:
        require_defusedxml()
        check_workbook_file(path)
    except FileProblem as problem:
        raise Refused(f"{path.name}: {problem.message}") from None
    try:
        book = load_workbook(path, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise Refused(f"{path.name}: the workbook could not be read ({error}).") from None
    problems: list[SheetProblem] = []
    if IDENTITY not in book.sheetnames or SCORES not in book.sheetnames:
        missing = [name for name in (SCORES, IDENTITY) if name not in book.sheetnames]
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
    identity: dict[str, str] = {}
    for key_cell, value_cell in book[IDENTITY].iter_rows(min_col=1, max_col=2, max_row=50):
        if key_cell.value is not None:
            identity[str(key_cell.value)] = (
                "" if value_cell.value is None else str(value_cell.value)
            )
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
    rows: list[_Row] = []
    if problems:
        return identity, rows, problems, book
    for number, line in enumerate(sheet.iter_rows(min_row=2), start=2):
        cells = {title: line[column - 1] for title, column in header.items() if column <= len(line)}
        if all(cells[t].value in (None, "") for t in REQUIRED if t in cells):
            continue
        formula = None
        for title in ("Score", "Comment"):
            cell = cells.get(title)
            if cell is not None and cell.data_type == "f" and formula is None:
                formula = SheetProblem(
                    SCORES,
                    cell.coordinate,
                    f"this cell holds a formula ({str(cell.value)[:40]}); type the value "
                    "itself (start a comment with a letter, not = + - @)",
                )
        revision_cell = cells.get("Revision")
        revision = revision_cell.value if revision_cell is not None else None
        rows.append(
            _Row(
                number=number,
                organisation=_text(cells["Organisation"]) or "",
                criterion_id=(_text(cells["Criterion ID"]) or "").upper(),
                score=cells["Score"].value,  # parsed once the round's framework is known
                comment=None if cells["Comment"].value is None else str(cells["Comment"].value),
                revision=revision if isinstance(revision, int) else None,
                cells={title: cell.coordinate for title, cell in cells.items()},
                problem=formula,
            )
        )
    return identity, rows, problems, book


def import_scoresheet(workspace: Workspace, actor: str, path: Path) -> ScoresheetImported:
    """Validate every row, then apply all changes in one transaction (or none)."""
    path = Path(path)
    identity, rows, problems, _book = _read(path)
    if problems:
        raise ScoresheetRejected(path.name, problems)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    source = f"scoresheet:{identity.get('export_id', '')}"
    try:
        chosen_round = require_round(workspace, identity.get("round", ""))
        assessor = require_assessor(workspace, identity.get("assessor", ""))
    except NotFound as missing:
        cell = "B3" if "round" in missing.message else "B4"
        raise ScoresheetRejected(
            path.name, [SheetProblem(IDENTITY, cell, missing.message)]
        ) from None
    with workspace.write(actor) as tx:
        conn = tx.connection
        framework = framework_repo.get_framework(conn, chosen_round.framework_id)
        if (identity.get("framework"), identity.get("framework_version")) != (
            framework.key,
            framework.version,
        ):
            raise ScoresheetRejected(
                path.name,
                [
                    SheetProblem(
                        IDENTITY,
                        "B5",
                        f"the sheet is for framework {identity.get('framework')} version "
                        f"{identity.get('framework_version')}, but “{chosen_round.name}” uses "
                        f"{framework.key} version {framework.version}",
                    )
                ],
            )
        mine = {
            f.organisation.casefold(): f
            for f in allocation_repo.list_allocations(conn, chosen_round.id, assessor.id)
        }
        seen: dict[tuple[int, str], int] = {}
        planned: list[tuple[Any, str, str, Any]] = []
        unchanged = blank = 0
        for row in rows:
            problem = _plan_row(
                conn, row, mine, framework, assessor.name, chosen_round.name, source, seen
            )
            if isinstance(problem, SheetProblem):
                problems.append(problem)
                continue
            if problem is None:
                blank += 1
            elif not problem:
                unchanged += 1
            planned += problem or []
        if problems:
            raise ScoresheetRejected(path.name, problems)
        applied = [
            apply_change(tx, facts, framework, cid, field_name, value, source)
            for facts, cid, field_name, value in planned
        ]
        if applied:
            tx.audit(
                "scoresheet.import",
                "assessor",
                assessor.id,
                {
                    "file": path.name,
                    "sha256": digest,
                    "round": chosen_round.name,
                    "export_id": identity.get("export_id"),
                    "changes": len(applied),
                },
            )
    return ScoresheetImported(
        file=path.name,
        round=chosen_round.name,
        assessor=assessor.name,
        scores_changed=sum(1 for c in applied if c.field == "score"),
        comments_changed=sum(1 for c in applied if c.field == "comment"),
        unchanged=unchanged,
        blank=blank,
        sha256=digest,
        changes=[
            {
                "criterion": c.criterion_id,
                "allocation": c.allocation_id,
                "field": c.field,
                "from": c.old,
                "to": c.new,
                "revision": c.revision,
            }
            for c in applied
        ],
    )


def _plan_row(
    conn: Any,
    row: _Row,
    mine: dict[str, Any],
    framework: Framework,
    assessor: str,
    round_name: str,
    source: str,
    seen: dict[tuple[int, str], int],
) -> SheetProblem | list[tuple[Any, str, str, Any]] | None:
    """The changes one row asks for ([] when it matches, None when blank) or its problem."""
    if row.problem is not None:
        return row.problem
    facts = mine.get(row.organisation.casefold())
    if facts is None:
        return SheetProblem(
            SCORES,
            row.cells["Organisation"],
            f"{assessor} is not allocated to “{row.organisation}” in “{round_name}”",
        )
    key = (facts.id, row.criterion_id)
    if key in seen:
        return SheetProblem(
            SCORES,
            row.cells["Criterion ID"],
            f"{row.criterion_id} for {facts.organisation} appears twice "
            f"(rows {seen[key]} and {row.number})",
        )
    seen[key] = row.number
    try:
        refuse_conflict(conn, facts)
    except ConflictOfInterest as conflict:
        return SheetProblem(SCORES, row.cells["Organisation"], conflict.message)
    if row.criterion_id not in criteria_for(framework, facts):
        return SheetProblem(
            SCORES,
            row.cells["Criterion ID"],
            f"“{row.criterion_id}” is not a criterion {facts.organisation} is scored on "
            f"(level applied for: {framework.level(facts.level_applied).name})",
        )
    problems: list[SheetProblem] = []
    score = _parse_score(row.score, framework, row.cells["Score"], problems)
    if problems:
        return problems[0]
    comment = None
    if row.comment is not None:
        try:
            comment = clean_comment(row.comment) or None
        except Refused as too_long:
            return SheetProblem(SCORES, row.cells["Comment"], too_long.message)
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
        and current.source != source
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
