"""Writes the blank submission workbook: Instructions, Cover, Evidence and the hidden `_arf`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from arf_desktop import __version__
from arf_desktop.domain.framework import Criterion, Framework, Level
from arf_desktop.domain.records import Organisation
from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.template_text import INSTRUCTIONS

if TYPE_CHECKING:
    from openpyxl import Workbook

NHS_BLUE = "005EB8"
DARK_BLUE = "003087"
ANSWER_FILL = "FFF7D6"
REFERENCE_FILL = "F0F4F5"
EVIDENCE_WIDTHS = (12, 9, 24, 34, 52, 17, 64, 32)
COVER_WIDTHS = (26, 62, 52)
DATE_FORMAT = "dd/mm/yyyy"
SERIAL_2000_01_01 = 36526
MAX_ROW_POINTS = 409


def criterion_guidance(criterion: Criterion) -> str:
    """The guidance and evidence examples as one cell's text."""
    examples = "\n".join(f"• {item}" for item in criterion.evidence_examples)
    return f"{criterion.guidance}\n\nExamples:\n{examples}" if examples else criterion.guidance


def row_height(texts: Sequence[tuple[str, int]]) -> float:
    """Points needed to show each (text, column width) wrapped in 11 pt Calibri."""
    lines = 1
    for text, width in texts:
        per_line = max(int(width * 1.15), 1)
        needed = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        lines = max(lines, needed)
    return min(15.0 * lines + 4, MAX_ROW_POINTS)


def build_template(
    framework: Framework,
    level: Level | None = None,
    organisation: Organisation | None = None,
    organisations: Sequence[Organisation] = (),
) -> Workbook:
    """The blank workbook for `framework` (criteria up to `level`, or every level)."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    workbook = Workbook()
    instructions = workbook.active
    instructions.title = wc.INSTRUCTIONS_SHEET
    cover = workbook.create_sheet(wc.COVER_SHEET)
    evidence = workbook.create_sheet(wc.EVIDENCE_SHEET)
    meta = workbook.create_sheet(wc.META_SHEET)
    levels = framework.levels_up_to(level.id) if level else framework.levels
    criteria = framework.criteria_up_to(level.id) if level else framework.criteria
    lists = _write_meta(meta, framework, level, organisation, organisations, levels)
    _write_instructions(instructions, framework, level)
    _write_cover(cover, framework, level, organisation, lists)
    _write_evidence(evidence, framework, criteria)
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.active = 0
    workbook.properties.title = f"ARF submission workbook — {framework.label}"
    workbook.properties.creator = f"ARF Desktop {__version__}"
    return workbook


# -- sheets -----------------------------------------------------------------


def _protect(sheet: Any) -> None:
    from openpyxl.worksheet.protection import SheetProtection

    sheet.protection = SheetProtection(
        sheet=True, formatColumns=False, formatRows=False, selectLockedCells=False
    )


def _font(bold: bool = False, colour: str = "000000", size: float = 11) -> Any:
    from openpyxl.styles import Font

    return Font(name="Calibri", bold=bold, color=colour, size=size)


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", start_color=colour, end_color=colour)


def _wrap(vertical: str = "top") -> Any:
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical=vertical)


def _write_meta(
    sheet: Any,
    framework: Framework,
    level: Level | None,
    organisation: Organisation | None,
    organisations: Sequence[Organisation],
    levels: Sequence[Level],
) -> dict[str, str]:
    """Fill `_arf`; return each drop-down list's range as a formula."""
    rows = [
        ("key", "value"),
        (wc.META_FORMAT, wc.TEMPLATE_FORMAT),
        (wc.META_TEMPLATE_VERSION, wc.TEMPLATE_VERSION),
        (wc.META_FRAMEWORK_ID, framework.key),
        (wc.META_FRAMEWORK_VERSION, framework.version),
        (wc.META_FRAMEWORK_NAME, framework.name),
        (wc.META_FINGERPRINT, framework.fingerprint()),
        (wc.META_LEVEL, level.id if level else "all"),
        (wc.META_ORGANISATION, organisation.name if organisation else ""),
        (wc.META_GENERATED, date.today().isoformat()),
        (wc.META_APP, f"ARF Desktop {__version__}"),
    ]
    for row in rows:
        sheet.append(row)
    active = [o for o in organisations if o.active]
    values = {
        "organisations": sorted({o.name for o in active}, key=str.casefold),
        "icbs": sorted({o.icb for o in active if o.icb}, key=str.casefold),
        "levels": [lv.name for lv in levels],
        "self_assessment": list(wc.SELF_ASSESSMENT_OPTIONS),
    }
    ranges: dict[str, str] = {}
    for name, column in wc.LIST_COLUMNS.items():
        sheet[f"{column}1"] = name
        for offset, value in enumerate(values[name], start=2):
            sheet[f"{column}{offset}"] = value
        last = max(len(values[name]) + 1, 2)
        ranges[name] = f"'{wc.META_SHEET}'!${column}$2:${column}${last}"
    sheet.sheet_state = "hidden"
    _protect(sheet)
    return ranges


def _write_instructions(sheet: Any, framework: Framework, level: Level | None) -> None:
    sheet.column_dimensions["A"].width = 110
    scope = f"{level.name} and the levels below it" if level else "every level"
    title = f"Anti-Racist Framework submission workbook — {framework.name}"
    sheet.append([title])
    sheet["A1"].font = _font(True, DARK_BLUE, 16)
    sheet.append([f"Framework version {framework.version}; criteria for {scope}."])
    for paragraph in INSTRUCTIONS:
        sheet.append([paragraph])
        cell = sheet.cell(sheet.max_row, 1)
        cell.alignment = _wrap()
        if paragraph and not paragraph.startswith(("•", " ")) and len(paragraph) < 60:
            cell.font = _font(True, DARK_BLUE, 12)
        sheet.row_dimensions[sheet.max_row].height = row_height([(paragraph, 110)])
    _protect(sheet)


def _write_cover(
    sheet: Any,
    framework: Framework,
    level: Level | None,
    organisation: Organisation | None,
    lists: dict[str, str],
) -> None:
    from openpyxl.styles import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    for column, width in zip("ABC", COVER_WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    sheet["A1"] = "Submission cover"
    sheet["A1"].font = _font(True, DARK_BLUE, 16)
    sheet["A2"] = f"{framework.label}. Fill in the shaded cells in column B."
    heading_row = wc.COVER_FIRST_ROW - 1
    for column, text in zip("ABC", ("Question", "Your answer", "Help"), strict=True):
        cell = sheet[f"{column}{heading_row}"]
        cell.value = text
        cell.font = _font(True, "FFFFFF")
        cell.fill = _fill(NHS_BLUE)
    prefilled = {
        "organisation": organisation.name if organisation else None,
        "icb": organisation.icb if organisation else None,
        "level": level.name if level else None,
    }
    validations = {
        "organisation": (lists["organisations"], "warning", "Choose your organisation"),
        "icb": (lists["icbs"], "warning", "Choose your ICB"),
        "level": (lists["levels"], "stop", "Choose the level you are applying for"),
    }
    for offset, field in enumerate(wc.COVER_FIELDS):
        row = wc.COVER_FIRST_ROW + offset
        label = sheet.cell(row, 1, field.label + (" *" if field.required else ""))
        label.font = _font(True)
        answer = sheet.cell(row, 2, prefilled.get(field.kind))
        answer.fill = _fill(ANSWER_FILL)
        answer.protection = Protection(locked=False)
        answer.alignment = _wrap("center")
        hint = field.hint
        if field.kind == "level":
            offered = framework.levels_up_to(level.id) if level else framework.levels
            hint = "Choose one of: " + ", ".join(lv.name for lv in offered) + "."
        sheet.cell(row, 3, hint).alignment = _wrap("center")
        if field.kind in validations:
            formula, style, prompt = validations[field.kind]
            rule = DataValidation(type="list", formula1=formula, allow_blank=True)
            rule.errorStyle = style
            rule.promptTitle, rule.prompt = field.label, prompt
            rule.errorTitle = field.label
            rule.error = f"{prompt} from the list."
        elif field.kind == "date":
            answer.number_format = DATE_FORMAT
            rule = DataValidation(
                type="date", operator="greaterThan", formula1=str(SERIAL_2000_01_01)
            )
            rule.errorStyle = "warning"
            rule.error = "Type the date as dd/mm/yyyy, for example 31/03/2026."
        elif field.kind == "email":
            rule = DataValidation(type="custom", formula1=f'ISNUMBER(SEARCH("@",B{row}))')
            rule.errorStyle = "warning"
            rule.error = "This does not look like an email address."
        else:
            continue
        rule.showErrorMessage = True
        rule.showInputMessage = bool(rule.prompt)
        sheet.add_data_validation(rule)
        rule.add(f"B{row}")
    sheet.cell(wc.COVER_FIRST_ROW + len(wc.COVER_FIELDS) + 1, 1, "* required")
    _protect(sheet)


def _write_evidence(sheet: Any, framework: Framework, criteria: Sequence[Criterion]) -> None:
    from openpyxl.styles import Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.append(list(wc.EVIDENCE_COLUMNS))
    for index, width in enumerate(EVIDENCE_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        header = sheet.cell(1, index)
        header.font = _font(True, "FFFFFF")
        header.fill = _fill(NHS_BLUE if index <= len(wc.REFERENCE_COLUMNS) + 1 else DARK_BLUE)
        header.alignment = _wrap("center")
    sheet.row_dimensions[1].height = 32
    answer_columns = {wc.EVIDENCE_COLUMNS.index(c) + 1 for c in wc.ANSWER_COLUMNS}
    unlocked, answer_fill = Protection(locked=False), _fill(ANSWER_FILL)
    reference_fill = _fill(REFERENCE_FILL)
    for row, criterion in enumerate(criteria, start=2):
        principle = framework.principle(criterion.principle)
        guidance = criterion_guidance(criterion)
        values = (
            criterion.id,
            framework.level(criterion.level).name,
            f"{principle.id} {principle.name}",
            criterion.title,
            guidance,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.alignment = _wrap()
            cell.fill = reference_fill
        for column in answer_columns:
            cell = sheet.cell(row, column)
            cell.protection = unlocked
            cell.fill = answer_fill
            cell.alignment = _wrap()
        sheet.row_dimensions[row].height = row_height(
            [(criterion.title, EVIDENCE_WIDTHS[3]), (guidance, EVIDENCE_WIDTHS[4])]
        )
    last = max(len(criteria) + 1, 2)
    self_column = get_column_letter(wc.EVIDENCE_COLUMNS.index(wc.COL_SELF) + 1)
    options = ",".join(wc.SELF_ASSESSMENT_OPTIONS)
    rule = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
    rule.promptTitle, rule.prompt = (
        "Self-assessment",
        "Choose " + ", ".join(wc.SELF_ASSESSMENT_OPTIONS),
    )
    rule.errorTitle, rule.error = "Self-assessment", f"Choose one of: {options}."
    rule.showErrorMessage = rule.showInputMessage = True
    sheet.add_data_validation(rule)
    rule.add(f"{self_column}2:{self_column}{last}")
    sheet.freeze_panes = "B2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)
