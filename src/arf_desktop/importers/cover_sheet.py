"""Reading the Cover sheet: labels in column A, answers in column B, checked with the register."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from arf_desktop.domain.framework import Framework, Level
from arf_desktop.domain.records import Organisation
from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.problems import Findings
from arf_desktop.importers.sheet_cells import answer_text, filled_cells, merged_ranges, overlaps
from arf_desktop.importers.sheet_data import CellValue, SheetData
from arf_desktop.importers.text_rules import did_you_mean, key_of, looks_like_email, parse_date

LABEL_SCAN_ROWS = 100
MAX_TEXT_CHARS = 200  # names, job titles, organisation and ICB answers
MAX_EMAIL_CHARS = 254  # RFC 5321: a whole forward path
MAX_EMAIL_LOCAL_CHARS = 64  # RFC 5321: the part before the @
SHEET = wc.COVER_SHEET


@dataclass
class CoverAnswers:
    """What the Cover says, once understood."""

    organisation: Organisation | None = None
    level: Level | None = None
    answers: dict[str, str] = field(default_factory=dict)


def find_organisation(text: str, organisations: Sequence[Organisation]) -> Organisation | None:
    """The organisation named by `text` (name or code), ignoring case, spacing and dashes."""
    wanted = key_of(text)
    for organisation in organisations:
        if key_of(organisation.name) == wanted or (
            organisation.code and key_of(organisation.code) == wanted
        ):
            return organisation
    return None


def _label_rows(findings: Findings, sheet: SheetData) -> dict[str, int]:
    """Row of each cover label found in column A; duplicates are problems."""
    rows: dict[str, int] = {}
    cells = filled_cells(sheet)
    for row in sorted(r for r in cells if r <= LABEL_SCAN_ROWS):
        cell = cells[row].get(1)
        if cell is None or not isinstance(cell.value, str):
            continue
        cover_field = wc.COVER_BY_KEY.get(wc.label_key(cell.value))
        if cover_field is None:
            continue
        if cover_field.label in rows:
            findings.problem(
                SHEET,
                f"A{row}",
                f"“{cover_field.label}” appears twice (also in A{rows[cover_field.label]}); "
                "keep one row and delete the other.",
            )
            continue
        rows[cover_field.label] = row
    return rows


def read_cover(
    findings: Findings,
    sheet: SheetData,
    framework: Framework,
    organisations: Sequence[Organisation],
    template_level: Level | None,
    made_for: str = "",
) -> CoverAnswers:
    result = CoverAnswers()
    rows = _label_rows(findings, sheet)
    for merged in merged_ranges(sheet):
        if any(overlaps(merged, row, row, 1, 2) for row in rows.values()):
            findings.problem(
                SHEET,
                merged.coord,
                "Cells are merged here. Unmerge them (Home › Merge & Center) so each answer "
                "is in its own cell in column B.",
            )
    for cover_field in wc.COVER_FIELDS:
        row = rows.get(cover_field.label)
        if row is None:
            report = findings.problem if cover_field.required else findings.warn
            report(
                SHEET,
                None,
                f"The row “{cover_field.label}” is missing from column A. Use the template as "
                "it was sent, without deleting or renaming rows.",
            )
            continue
        cell = sheet.cell(row, 2)
        text = answer_text(findings, SHEET, cell, cover_field.label)
        if text is None:
            continue
        _warn_undrawable(findings, cell.coordinate, cover_field.label, text)
        _understand(findings, cover_field, cell, text, framework, organisations, result)
    _check_made_for(findings, rows, made_for, result.organisation, organisations)
    if result.level and template_level and result.level.rank > template_level.rank:
        findings.problem(
            SHEET,
            f"B{rows[wc.COVER_FIELDS[2].label]}",
            f"This workbook was made for {template_level.name}, so it has no rows for "
            f"{result.level.name} criteria. Ask for a {result.level.name} template "
            f"(arf-desktop template --level {result.level.id}) and copy your answers into it.",
        )
    return result


def _warn_undrawable(findings: Findings, where: str, label: str, text: str) -> None:
    """Name the characters letters and certificates cannot print (CJK, most emoji)."""
    if text.isascii():
        return
    from arf_desktop.exporters.glyphs import describe, printable, undrawable

    missing = undrawable(text)
    if missing:
        findings.warn(
            SHEET,
            where,
            f"{label} has characters the letters' font cannot print: {describe(missing)}. "
            f"Letters and certificates will show “{printable(text)}”; ask for the name in "
            "Latin letters if that is not right.",
        )


def _check_made_for(
    findings: Findings,
    rows: dict[str, int],
    made_for: str,
    named: Organisation | None,
    organisations: Sequence[Organisation],
) -> None:
    """Warn when the Cover names another organisation than the template was made for.

    The workbook is still imported for the organisation the Cover names (a trust may pass
    its template on to a partner); the warning says both names so the coordinator can check.
    """
    if not made_for or named is None:
        return
    intended = find_organisation(made_for, organisations)
    if intended is not None and intended.id == named.id:
        return
    if intended is None and key_of(made_for) == key_of(named.name):
        return
    row = rows.get(wc.COVER_FIELDS[0].label)
    findings.warn(
        SHEET,
        f"B{row}" if row else None,
        f"This workbook was made for “{made_for}”, but its Cover names “{named.name}”. It was "
        f"imported for “{named.name}”; check with both organisations that this is right.",
    )


def _understand(
    findings: Findings,
    cover_field: wc.CoverField,
    cell: CellValue,
    text: str,
    framework: Framework,
    organisations: Sequence[Organisation],
    result: CoverAnswers,
) -> None:
    where, label = cell.coordinate, cover_field.label
    too_long = _length_problem(cover_field, text)
    if too_long:
        findings.problem(SHEET, where, too_long)
        return
    if not text:
        if cover_field.required:
            report = findings.problem if cover_field.kind in {"organisation", "level"} else None
            (report or findings.warn)(SHEET, where, f"{label} is blank. Please fill it in.")
        return
    kind = cover_field.kind
    if kind == "organisation":
        found = find_organisation(text, organisations)
        if found is None:
            findings.problem(
                SHEET,
                where,
                f"“{text}” is not in the organisation register."
                + (did_you_mean(text, [o.name for o in organisations]) or "")
                + " Choose the organisation from the drop-down, or add it to the register "
                "first.",
            )
            return
        if not found.active:
            findings.warn(SHEET, where, f"{found.name} is marked as deactivated in the register.")
        result.organisation = found
    elif kind == "icb":
        registered = result.organisation.icb if result.organisation else None
        if registered and key_of(registered) != key_of(text):
            findings.warn(
                SHEET,
                where,
                f"ICB “{text}” differs from the register, which has “{registered}”; "
                "the register's ICB is used.",
            )
    elif kind == "level":
        level = framework.find_level(text)
        if level is None:
            names = ", ".join(lv.name for lv in framework.levels)
            findings.problem(
                SHEET, where, f"“{text}” is not a level of this framework. Choose one of: {names}."
            )
            return
        result.level = level
        text = level.name
    elif kind == "email" and not looks_like_email(text):
        findings.problem(
            SHEET, where, f"“{text}” is not an email address (expected name@organisation.nhs.uk)."
        )
        return
    elif kind == "date":
        try:
            text = parse_date(cell.value).isoformat()
        except ValueError as error:
            findings.problem(
                SHEET, where, f"{label}: {error}. Type it as dd/mm/yyyy, for example 31/03/2026."
            )
            return
    result.answers[label] = text


def _length_problem(cover_field: wc.CoverField, text: str) -> str:
    """Why `text` is too long for this Cover answer, or ''."""
    label = cover_field.label
    if cover_field.kind == "email":
        local = text.rpartition("@")[0] if "@" in text else text
        if len(text) > MAX_EMAIL_CHARS:
            return (
                f"{label} is {len(text):,} characters long; an email address has at most "
                f"{MAX_EMAIL_CHARS}. Type one address only."
            )
        if len(local) > MAX_EMAIL_LOCAL_CHARS:
            return (
                f"{label}: the part before the @ is {len(local):,} characters long; it may "
                f"be at most {MAX_EMAIL_LOCAL_CHARS}. Type one address only."
            )
        return ""
    if cover_field.kind in {"text", "organisation", "icb"} and len(text) > MAX_TEXT_CHARS:
        return (
            f"{label} is {len(text):,} characters long; it may be at most {MAX_TEXT_CHARS}. "
            "Shorten it."
        )
    return ""
