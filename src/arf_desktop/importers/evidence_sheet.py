"""Reading the Evidence sheet: columns found by heading, one row per criterion, answers checked."""

from __future__ import annotations

from typing import Any

from arf_desktop.domain.framework import Criterion, Framework, Level
from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.problems import Findings
from arf_desktop.importers.sheet_cells import (
    answer_text,
    filled_cells,
    is_formula,
    merged_ranges,
    overlaps,
)
from arf_desktop.importers.sheet_data import SheetData, column_letter
from arf_desktop.importers.text_rules import (
    cell_text,
    did_you_mean,
    key_of,
    match_choice,
    split_file_names,
)
from arf_desktop.storage.submissions import EvidenceRow

SHEET = wc.EVIDENCE_SHEET
HEADER_SCAN_ROWS = 10
ID_KEY = wc.label_key(wc.COL_ID)


def _letter(column: int) -> str:
    return column_letter(column)


def _find_columns(findings: Findings, cells: dict[int, dict[int, Any]]) -> tuple[int, dict]:
    """The heading row and {column name: column number}; (0, {}) when unusable."""
    header = next(
        (
            row
            for row in sorted(cells)[:HEADER_SCAN_ROWS]
            if any(
                isinstance(c.value, str) and wc.label_key(c.value) == ID_KEY
                for c in cells[row].values()
            )
        ),
        0,
    )
    if not header:
        findings.problem(
            SHEET,
            None,
            f"The heading row with “{wc.COL_ID}” was not found. Use the template as it was "
            "sent, without changing its headings.",
        )
        return 0, {}
    columns: dict[str, int] = {}
    for column, cell in sorted(cells[header].items()):
        text = cell_text(cell.value).text
        name = wc.COLUMN_BY_KEY.get(wc.label_key(text))
        where = f"{_letter(column)}{header}"
        if name is None:
            findings.warn(
                SHEET, where, f"The column “{text}” is not part of the template; ignored."
            )
        elif name in columns:
            findings.problem(
                SHEET,
                where,
                f"The heading “{name}” appears twice (also in {_letter(columns[name])}{header}).",
            )
        else:
            columns[name] = column
    for name in wc.EVIDENCE_COLUMNS:
        if name not in columns:
            report = findings.problem if name in wc.REQUIRED_COLUMNS else findings.warn
            report(SHEET, f"{header}:{header}", f"The column “{name}” is missing or renamed.")
    if any(name not in columns for name in wc.REQUIRED_COLUMNS):
        return 0, {}
    order = [name for name in wc.EVIDENCE_COLUMNS if name in columns]
    if sorted(order, key=columns.__getitem__) != order:
        findings.warn(
            SHEET, None, "The columns are in a different order from the template; read by heading."
        )
    return header, columns


def read_evidence(
    findings: Findings,
    sheet: SheetData,
    framework: Framework,
    level: Level | None,
    template_level: Level | None,
) -> tuple[list[EvidenceRow], dict[str, str]]:
    """The answers to keep, and the Evidence files cell of each criterion (for messages)."""
    cells = filled_cells(sheet)
    header, columns = _find_columns(findings, cells)
    if not header:
        return [], {}
    last_row = max(cells)
    first_col, last_col = min(columns.values()), max(columns.values())
    for merged in merged_ranges(sheet):
        if overlaps(merged, header, last_row, first_col, last_col):
            findings.problem(
                SHEET,
                merged.coord,
                "Cells are merged here. Unmerge them (Home › Merge & Center): each criterion "
                "needs its own row and each answer its own cell.",
            )
    by_key = {key_of(c.id): c for c in framework.criteria}
    by_title = {key_of(c.title): c for c in framework.criteria}
    found: dict[str, tuple[EvidenceRow, int]] = {}
    seen: dict[str, int] = {}  # every criterion row, readable or not
    wanted_columns = set(columns.values())
    for row in sorted(r for r in cells if r > header):
        if wanted_columns.isdisjoint(cells[row]):
            continue
        criterion = _criterion(findings, sheet, row, columns, by_key, by_title)
        if criterion is None:
            continue
        if criterion.id in seen:
            findings.problem(
                SHEET,
                f"{_letter(columns[wc.COL_ID])}{row}",
                f"Criterion {criterion.id} appears twice (also on row {seen[criterion.id]}). "
                "Keep one row and delete the other.",
            )
            continue
        seen[criterion.id] = row
        answers = _answers(findings, sheet, row, columns, criterion)
        if answers is not None:
            found[criterion.id] = (answers, row)
    id_letter, files_letter = _letter(columns[wc.COL_ID]), _letter(columns[wc.COL_FILES])
    kept = _select(findings, framework, found, set(seen), level, template_level, id_letter)
    return kept, {cid: f"{files_letter}{row}" for cid, (_, row) in found.items()}


def _criterion(
    findings: Findings,
    sheet: SheetData,
    row: int,
    columns: dict[str, int],
    by_key: dict[str, Criterion],
    by_title: dict[str, Criterion],
) -> Criterion | None:
    id_cell = sheet.cell(row, columns[wc.COL_ID])
    where = id_cell.coordinate
    if is_formula(id_cell):
        findings.problem(SHEET, where, "The criterion ID is a formula. Type the ID itself.")
        return None
    text = cell_text(id_cell.value).text
    if not text:
        findings.problem(
            SHEET,
            where,
            f"Row {row} has answers but no criterion ID. Put them on the row of the criterion "
            "they belong to, or delete the extra row.",
        )
        return None
    criterion = by_key.get(key_of(text))
    if criterion is None:
        findings.problem(
            SHEET,
            where,
            f"“{text}” is not a criterion of this framework."
            + did_you_mean(text, [c.id for c in by_key.values()]),
        )
        return None
    title_column = columns.get(wc.COL_CRITERION)
    if title_column is not None:
        title = cell_text(sheet.cell(row, title_column).value).text
        other = by_title.get(key_of(title)) if title else None
        if other is not None and other.id != criterion.id:
            findings.problem(
                SHEET,
                where,
                f"The ID says {criterion.id} but the criterion text on this row is that of "
                f"{other.id}. The rows or IDs may have been edited; use a fresh template.",
            )
            return None
    return criterion


def _answers(
    findings: Findings, sheet: SheetData, row: int, columns: dict[str, int], criterion: Criterion
) -> EvidenceRow | None:
    def read(name: str, multiline: bool = False) -> str | None:
        cell = sheet.cell(row, columns[name])
        return answer_text(findings, SHEET, cell, f"{name} for {criterion.id}", multiline)

    self_text, summary, files = (
        read(wc.COL_SELF),
        read(wc.COL_SUMMARY, True),
        read(wc.COL_FILES, True),
    )
    if self_text is None or summary is None or files is None:
        return None
    choice: str | None = None
    if self_text:
        choice = match_choice(self_text, wc.SELF_ASSESSMENT_OPTIONS, wc.SELF_ASSESSMENT_ALIASES)
        if not choice:
            findings.problem(
                SHEET,
                f"{_letter(columns[wc.COL_SELF])}{row}",
                f"“{self_text}” is not a self-assessment. Choose one of: "
                + ", ".join(wc.SELF_ASSESSMENT_OPTIONS)
                + ".",
            )
            return None
    return EvidenceRow(criterion.id, choice, summary, tuple(split_file_names(files)))


def _select(
    findings: Findings,
    framework: Framework,
    found: dict[str, tuple[EvidenceRow, int]],
    seen: set[str],
    level: Level | None,
    template_level: Level | None,
    id_letter: str,
) -> list[EvidenceRow]:
    """Keep the rows for the level applied for; report missing, empty and extra answers."""
    if level is None:
        return [row for row, _ in found.values()]
    checked = level if not template_level or level.rank <= template_level.rank else template_level
    wanted = {c.id for c in framework.criteria_up_to(level.id)}
    for criterion in framework.criteria_up_to(checked.id):
        if criterion.id not in seen:
            findings.problem(
                SHEET,
                None,
                f"Criterion {criterion.id} ({criterion.title}) is missing: its row may have been "
                "deleted or its ID changed.",
            )
    kept: list[EvidenceRow] = []
    extra: list[str] = []
    empty: list[tuple[str, str]] = []
    for criterion in framework.criteria:
        if criterion.id not in found:
            continue
        answers, row = found[criterion.id]
        has_answer = bool(answers.self_assessment or answers.summary or answers.files)
        if criterion.id not in wanted:
            if has_answer:
                extra.append(criterion.id)
            continue
        kept.append(answers)
        cell = f"{id_letter}{row}"
        if not has_answer:
            empty.append((criterion.id, cell))
        elif not answers.self_assessment:
            findings.warn(SHEET, cell, f"No self-assessment chosen for {criterion.id}.")
    if kept and len(empty) == len(kept):
        findings.problem(
            SHEET,
            None,
            "No criterion has a self-assessment, evidence summary or evidence file: this looks "
            "like a blank template. Fill it in and send it again.",
        )
    elif len(empty) > 3:
        findings.warn(
            SHEET, None, f"No self-assessment or evidence for {len(empty)} criteria: {_ids(empty)}."
        )
    else:
        for criterion_id, cell in empty:
            findings.warn(SHEET, cell, f"No self-assessment or evidence for {criterion_id}.")
    if extra:
        findings.warn(
            SHEET,
            None,
            f"Answers for {_ids(extra)} were not imported: they are above {level.name}, the "
            "level applied for on the Cover.",
        )
    return kept


def _ids(items: list[str] | list[tuple[str, str]], shown: int = 6) -> str:
    ids = [item if isinstance(item, str) else item[0] for item in items]
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more
