"""Reads and validates one submission workbook into answers, or every problem found in it."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from arf_desktop.domain.framework import Framework, Level
from arf_desktop.domain.records import Organisation
from arf_desktop.files.checks import FileProblem, check_workbook_file
from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.cover_sheet import read_cover
from arf_desktop.importers.evidence_sheet import read_evidence
from arf_desktop.importers.problems import Findings, Problem
from arf_desktop.importers.sheet_data import SheetData, read_sheet
from arf_desktop.importers.text_rules import cell_text, did_you_mean
from arf_desktop.storage.submissions import EvidenceRow

XML_ENTITIES = (
    "This workbook contains XML entity declarations, which Excel never writes. It may be "
    "damaged or deliberately malicious, so it has not been opened. Ask the sender to save it "
    "again from Excel and send a fresh copy."
)


@dataclass(frozen=True)
class ReadContext:
    """What a workbook is checked against: the round's framework and the register."""

    framework: Framework
    organisations: tuple[Organisation, ...]
    round_name: str = ""


@dataclass(frozen=True)
class WorkbookReading:
    """Everything understood from one workbook, and everything wrong with it."""

    file: str
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    organisation: Organisation | None = None
    level: Level | None = None
    cover: dict[str, str] = field(default_factory=dict)
    rows: tuple[EvidenceRow, ...] = ()
    template_version: str | None = None
    file_cells: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _root_cause(error: BaseException) -> BaseException:
    seen: set[int] = set()
    while id(error) not in seen:
        seen.add(id(error))
        nxt = error.__cause__ or error.__context__
        if nxt is None:
            break
        error = nxt
    return error


def _is_defused(error: BaseException) -> bool:
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - defusedxml is a dependency
        return False
    current: BaseException | None = error
    for _ in range(20):
        if current is None:
            return False
        if isinstance(current, DefusedXmlException):
            return True
        current = current.__cause__ or current.__context__
    return False


def reason(error: BaseException, path: Path | None = None) -> str:
    """A short, path-free description of an exception for a one-line message."""
    root = _root_cause(error)
    text = " ".join(str(root).split()) or type(root).__name__
    if path is not None:
        text = text.replace(str(path), path.name)
    return (text[:160] + "…") if len(text) > 160 else text


@dataclass(frozen=True)
class LoadedWorkbook:
    """The parts of a workbook the reader needs, read in one go and closed again."""

    sheetnames: tuple[str, ...]
    sheets: dict[str, SheetData]
    links: tuple[str, ...]


def contract_sheet(names: list[str], wanted: str) -> str | None:
    """The sheet that plays the contract's `wanted` role (exact name, else ignoring case)."""
    if wanted in names:
        return wanted
    return next((n for n in names if wc.label_key(n) == wc.label_key(wanted)), None)


def load(path: Path, name: str) -> LoadedWorkbook:
    """Check the file, then read the template's sheets (formulas kept); FileProblem on failure."""
    kept: dict[str, bytes] = {}  # the XML parts the checks read whole, not inflated twice
    check_workbook_file(path, name, kept)
    from arf_desktop.importers.workbook_package import WorkbookPackage

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = WorkbookPackage(path, kept)
            try:
                names = list(workbook.sheetnames)
                sheets = {}
                for wanted in (wc.COVER_SHEET, wc.EVIDENCE_SHEET, wc.META_SHEET):
                    actual = contract_sheet(names, wanted)
                    if actual is not None:
                        sheets[wanted] = read_sheet(workbook, actual)
                links = tuple(workbook.external_links)
            finally:
                workbook.close()
        except Exception as error:
            if _is_defused(error):
                raise FileProblem(name, XML_ENTITIES, "xml_entities") from error
            raise FileProblem(
                name,
                f"This file could not be read as an Excel workbook ({reason(error, path)}). "
                "Open it in Excel, save it as Excel Workbook (.xlsx) and send the new copy.",
                "unreadable",
            ) from error
    return LoadedWorkbook(tuple(names), sheets, links)


def read_workbook(
    path: Path, context: ReadContext, display_name: str | None = None
) -> WorkbookReading:
    """Validate everything in the workbook at `path`; never raises for a bad file."""
    name = display_name or path.name
    findings = Findings(name)
    try:
        loaded = load(path, name)
    except FileProblem as problem:
        return WorkbookReading(name, (Problem(name, None, None, problem.message),), ())
    try:
        return _read(findings, loaded, context)
    except Exception as error:  # anything unforeseen is the file's problem, never a traceback
        findings.problem(None, None, f"The workbook could not be read ({reason(error, path)}).")
        return WorkbookReading(name, findings.final_problems(), tuple(findings.warnings))


def _read(findings: Findings, loaded: LoadedWorkbook, context: ReadContext) -> WorkbookReading:
    if not _check_sheets(findings, loaded):
        return WorkbookReading(findings.file, findings.final_problems(), tuple(findings.warnings))
    sheets = loaded.sheets
    meta = _read_meta(findings, sheets[wc.META_SHEET], context)
    if meta is None:
        return WorkbookReading(findings.file, findings.final_problems(), tuple(findings.warnings))
    template_level, template_version, made_for = meta
    for target in loaded.links:
        findings.warn(
            None,
            None,
            f"The workbook links to {target}. Links are not followed: only values typed into "
            "this workbook are imported.",
        )
    framework = context.framework
    cover = read_cover(
        findings, sheets[wc.COVER_SHEET], framework, context.organisations, template_level, made_for
    )
    rows, file_cells = read_evidence(
        findings, sheets[wc.EVIDENCE_SHEET], framework, cover.level, template_level
    )
    return WorkbookReading(
        findings.file,
        findings.final_problems(),
        tuple(findings.warnings),
        cover.organisation,
        cover.level,
        cover.answers,
        tuple(rows),
        template_version,
        file_cells,
    )


def _check_sheets(findings: Findings, loaded: LoadedWorkbook) -> bool:
    """Report missing, moved and extra sheets; False when a required one is missing."""
    names = list(loaded.sheetnames)
    roles = {wanted: contract_sheet(names, wanted) for wanted in wc.SHEET_ORDER}
    for wanted, actual in roles.items():
        if actual is not None:
            continue
        if wanted == wc.INSTRUCTIONS_SHEET:
            findings.warn(None, None, "The Instructions sheet was deleted (it is not needed).")
            continue
        listed = ", ".join(f"“{n}”" for n in names)
        findings.problem(
            wanted,
            None,
            f"The sheet “{wanted}” is missing (this workbook has {listed})."
            + did_you_mean(wanted, names)
            + " Sheets must keep the names the template gave them; use a fresh template.",
        )
    if not all(roles[n] for n in (wc.COVER_SHEET, wc.EVIDENCE_SHEET, wc.META_SHEET)):
        return False
    positions = [names.index(actual) for actual in roles.values() if actual is not None]
    if positions != sorted(positions):
        findings.warn(None, None, "The sheets were moved; they were read by name.")
    extra = [n for n in names if n not in roles.values()]
    if extra:
        findings.warn(None, None, f"Extra sheets were ignored: {', '.join(extra)}.")
    return True


def _read_meta(
    findings: Findings, sheet: SheetData, context: ReadContext
) -> tuple[Level | None, str, str] | None:
    """Check `_arf` against the round's framework: (template level, version, organisation it
    was made for) or None if wrong."""
    meta: dict[str, str] = {}
    for row in range(1, 41):
        key = cell_text(sheet.cell(row, 1).value).text
        if key:
            meta.setdefault(key, cell_text(sheet.cell(row, 2).value).text)
    framework = context.framework
    where = wc.META_SHEET
    if meta.get(wc.META_FORMAT) != wc.TEMPLATE_FORMAT:
        findings.problem(
            where,
            None,
            "This is not an ARF submission workbook (its hidden _arf sheet is missing or "
            "changed). Copy the answers into a fresh template made by ARF Desktop.",
        )
        return None
    version = meta.get(wc.META_TEMPLATE_VERSION, "")
    if version not in wc.SUPPORTED_TEMPLATE_VERSIONS:
        findings.problem(
            where,
            None,
            f"This workbook uses template version “{version}”, which this copy of ARF Desktop "
            f"cannot read (it reads version {', '.join(sorted(wc.SUPPORTED_TEMPLATE_VERSIONS))}).",
        )
        return None
    theirs = (
        f"{meta.get(wc.META_FRAMEWORK_ID, '?')} version {meta.get(wc.META_FRAMEWORK_VERSION, '?')}"
    )
    ours = f"{framework.key} version {framework.version}"
    round_text = f"the round “{context.round_name}”" if context.round_name else "this round"
    if theirs != ours:
        findings.problem(
            where,
            None,
            f"This workbook was made for framework {theirs}, but {round_text} uses {ours}. "
            f"Ask the organisation to copy their answers into a template for {ours}.",
        )
        return None
    if meta.get(wc.META_FINGERPRINT) != framework.fingerprint():
        findings.problem(
            where,
            None,
            f"This workbook's list of criteria does not match {ours} (fingerprint "
            f"{meta.get(wc.META_FINGERPRINT) or 'missing'}, expected {framework.fingerprint()}). "
            "Use a fresh template.",
        )
        return None
    level_text = meta.get(wc.META_LEVEL, "all")
    level = framework.find_level(level_text) if level_text != "all" else None
    return level, version, meta.get(wc.META_ORGANISATION, "")
