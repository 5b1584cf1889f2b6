"""The blank submission workbook: its contract, protection, drop-downs, and a full round trip."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.batch import import_paths
from arf_desktop.importers.template import build_template, row_height
from arf_desktop.importers.template_file import write_template_for
from arf_desktop.registers.submissions import submission_detail
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import kit_for


@pytest.fixture
def ws(workspace_path: Path):
    with Workspace.open(workspace_path) as opened:
        yield opened


def test_sheets_and_hidden_contract(ws: Workspace, tmp_path: Path) -> None:
    written = write_template_for(ws, tmp_path / "blank.xlsx")
    workbook = openpyxl.load_workbook(written.path)
    assert workbook.sheetnames == list(wc.SHEET_ORDER)
    assert workbook.active.title == wc.INSTRUCTIONS_SHEET
    meta_sheet = workbook[wc.META_SHEET]
    assert meta_sheet.sheet_state == "hidden"
    meta = {r[0].value: r[1].value for r in meta_sheet.iter_rows(min_row=2, max_col=2)}
    framework = written.framework
    assert meta[wc.META_FORMAT] == wc.TEMPLATE_FORMAT
    assert meta[wc.META_TEMPLATE_VERSION] == wc.TEMPLATE_VERSION
    assert (meta[wc.META_FRAMEWORK_ID], meta[wc.META_FRAMEWORK_VERSION]) == (
        framework.key,
        framework.version,
    )
    assert meta[wc.META_FINGERPRINT] == framework.fingerprint()
    assert meta[wc.META_LEVEL] == "all"
    assert workbook.security.lockStructure


def test_evidence_sheet_layout_protection_and_dropdowns(ws: Workspace, tmp_path: Path) -> None:
    written = write_template_for(ws, tmp_path / "blank.xlsx")
    workbook = openpyxl.load_workbook(written.path)
    sheet = workbook[wc.EVIDENCE_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers == list(wc.EVIDENCE_COLUMNS)
    ids = [row[0].value for row in sheet.iter_rows(min_row=2, max_col=1)]
    assert ids == [c.id for c in written.framework.criteria]
    assert sheet.protection.sheet and not sheet.protection.formatRows
    answer_columns = [headers.index(c) + 1 for c in wc.ANSWER_COLUMNS]
    for row in range(2, len(ids) + 2):
        for column in range(1, len(headers) + 1):
            locked = sheet.cell(row, column).protection.locked
            assert locked is (column not in answer_columns), (row, column)
        assert sheet.cell(row, 5).alignment.wrap_text
        assert sheet.row_dimensions[row].height >= 30
    widths = [sheet.column_dimensions[chr(64 + i)].width for i in range(1, len(headers) + 1)]
    assert all(9 <= w <= 70 for w in widths), widths
    assert sheet.freeze_panes == "B2"
    rule = sheet.data_validations.dataValidation[0]
    assert rule.type == "list" and "Partially met" in rule.formula1
    assert str(rule.sqref) == f"F2:F{len(ids) + 1}"


def test_cover_labels_answers_and_dropdowns(ws: Workspace, tmp_path: Path) -> None:
    written = write_template_for(
        ws, tmp_path, organisation="bolton nhs foundation trust", level="S"
    )
    assert written.path.name == "ARF submission - Bolton-NHS-Foundation-Trust - Silver.xlsx"
    workbook = openpyxl.load_workbook(written.path)
    cover = workbook[wc.COVER_SHEET]
    labels = {wc.label_key(str(c.value)): c.row for (c,) in cover.iter_rows(max_col=1) if c.value}
    for field in wc.COVER_FIELDS:
        row = labels[wc.label_key(field.label)]
        assert cover.cell(row, 2).protection.locked is False
    assert cover.cell(labels["organisation"], 2).value == "Bolton NHS Foundation Trust"
    assert cover.cell(labels["icb"], 2).value == "NHS Greater Manchester ICB"
    assert cover.cell(labels["levelappliedfor"], 2).value == "Silver"
    rules = {str(r.sqref): r for r in cover.data_validations.dataValidation}
    organisation_rule = rules[f"B{labels['organisation']}"]
    assert organisation_rule.type == "list" and "'_arf'!$D$2" in organisation_rule.formula1
    assert rules[f"B{labels['submissiondate']}"].type == "date"
    levels = [
        c.value for (c,) in workbook[wc.META_SHEET].iter_rows(min_row=2, min_col=6, max_col=6)
    ]
    assert [v for v in levels if v] == ["Bronze", "Silver"]
    ids = [r[0].value for r in workbook[wc.EVIDENCE_SHEET].iter_rows(min_row=2, max_col=1)]
    assert ids == [c.id for c in written.framework.criteria_up_to("silver")]
    instructions = " ".join(
        str(c.value) for (c,) in workbook[wc.INSTRUCTIONS_SHEET].iter_rows() if c.value
    )
    for words in ("Self-assessment", "Evidence files", ".xlsx", "Alt+Enter", "dd/mm/yyyy"):
        assert words in instructions


def test_template_refusals(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="Did you mean “Bolton NHS Foundation Trust”"):
        write_template_for(ws, tmp_path / "a.xlsx", organisation="Boltn NHS Foundation Trust")
    with pytest.raises(Refused, match="not a level"):
        write_template_for(ws, tmp_path / "a.xlsx", level="Platinum")
    with pytest.raises(Refused, match=r"\.xlsx"):
        write_template_for(ws, tmp_path / "a.xls")
    write_template_for(ws, tmp_path / "a.xlsx")
    with pytest.raises(Refused, match="already exists"):
        write_template_for(ws, tmp_path / "a.xlsx")
    write_template_for(ws, tmp_path / "a.xlsx", overwrite=True)
    assert not list(tmp_path.glob("*.part"))


def test_row_heights_fit_wrapped_text() -> None:
    assert row_height([("short", 40)]) == 19
    assert row_height([("x" * 460, 40)]) == 15 * 10 + 4
    assert row_height([("x" * 100_000, 40)]) == 409


def test_round_trip_every_answer(ws: Workspace, tmp_path: Path) -> None:
    """A template filled in with openpyxl as a trust would, imported: every answer comes back."""
    kit = kit_for(ws)
    framework = kit.framework
    written = write_template_for(ws, tmp_path / "returns" / "blank.xlsx", level="silver")
    (tmp_path / "returns" / "files").mkdir()
    workbook = openpyxl.load_workbook(written.path)
    cover = workbook[wc.COVER_SHEET]
    typed_cover = {
        "Organisation": "  blackpool teaching HOSPITALS nhs foundation trust ",
        "ICB": "NHS Lancashire and South Cumbria ICB",
        "Level applied for": "silver",
        "Contact name": "Siân Evans-Łukasiewicz",
        "Contact job title": "Head of Equality, Diversity & Inclusion",
        "Contact email": "sian.evans@nhs.net",
        "Executive sponsor": "Dr Chidi Obi",
        "Submission date": "03/04/2026",
    }
    rows = {wc.label_key(str(c.value)): c.row for (c,) in cover.iter_rows(max_col=1) if c.value}
    for label_text, value in typed_cover.items():
        cover.cell(rows[wc.label_key(label_text)], 2).value = value
    evidence = workbook[wc.EVIDENCE_SHEET]
    options = list(wc.SELF_ASSESSMENT_OPTIONS)
    typed_rows = {}
    for index, criterion in enumerate(framework.criteria_up_to("silver")):
        row = index + 2
        assert evidence.cell(row, 1).value == criterion.id
        choice = options[index % 3]
        summary = f"Row {index}: what we did for “{criterion.title}”.\nSecond line — ünïcödé."
        names = [f"{criterion.id} minutes.pdf"] if index % 4 == 0 else []
        for name in names:
            (tmp_path / "returns" / "files" / name).write_bytes(f"%PDF {criterion.id}".encode())
        evidence.cell(row, 6).value = choice.upper() if index % 5 == 0 else choice
        evidence.cell(row, 7).value = summary
        evidence.cell(row, 8).value = "; ".join(names) or None
        typed_rows[criterion.id] = (choice, summary, tuple(names))
    filled = tmp_path / "returns" / "Blackpool.xlsx"
    workbook.save(filled)
    written.path.unlink()

    result = import_paths(ws, "Tester", [tmp_path / "returns"], "Round A")
    assert [f.status for f in result.files] == ["imported"], [
        p.line() for f in result.files for p in f.problems
    ]
    assert result.files[0].warnings == ()
    detail = submission_detail(ws, 1)
    assert detail.organisation == "Blackpool Teaching Hospitals NHS Foundation Trust"
    assert detail.level_applied == "silver"
    expected_cover = {k: " ".join(v.split()) for k, v in typed_cover.items()}
    expected_cover["Level applied for"] = "Silver"
    expected_cover["Submission date"] = "2026-04-03"
    assert detail.cover == expected_cover
    stored = {a.criterion_id: a for a in detail.answers}
    assert set(stored) == set(typed_rows)
    for criterion_id, (choice, summary, names) in typed_rows.items():
        answer = stored[criterion_id]
        assert (answer.self_assessment, answer.summary) == (choice, summary)
        assert tuple(f.name for f in answer.files) == names
        assert all(f.stored for f in answer.files)


def test_build_template_is_plain_data(ws: Workspace) -> None:
    kit = kit_for(ws)
    workbook = build_template(kit.framework, kit.framework.level("gold"))
    meta = {r[0].value: r[1].value for r in workbook[wc.META_SHEET].iter_rows(max_col=2)}
    assert meta[wc.META_LEVEL] == "gold"
    assert datetime.fromisoformat(meta[wc.META_GENERATED])
    assert json.dumps(meta)  # every value is plain text
