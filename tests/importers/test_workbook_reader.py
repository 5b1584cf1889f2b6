"""Reading one workbook: what is tolerated as a person would expect, what is refused and where."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.text_rules import cell_text, parse_date, split_file_names
from arf_desktop.importers.workbook_reader import ReadContext, WorkbookReading, read_workbook
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import (
    Kit,
    both,
    filled,
    kit_for,
    set_cover,
    set_evidence,
    set_meta,
)

SUMMARY, SELF, FILES, ID = wc.COL_SUMMARY, wc.COL_SELF, wc.COL_FILES, wc.COL_ID


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    path = tmp_path_factory.mktemp("reader") / "workspace.arfdb"
    init_workspace(path, "Reader tests")
    with Workspace.open(path) as workspace:
        return kit_for(workspace)


def read(kit: Kit, path: Path) -> WorkbookReading:
    return read_workbook(path, ReadContext(kit.framework, kit.organisations, "Round A"))


def places(items) -> list[str]:
    return [p.where for p in items]


def test_a_filled_workbook_reads_cleanly(kit: Kit, tmp_path: Path) -> None:
    reading = read(kit, filled(kit, tmp_path))
    assert reading.ok and reading.warnings == ()
    assert reading.organisation == kit.organisation(0)
    assert reading.level is not None and reading.level.id == "bronze"
    assert [r.criterion_id for r in reading.rows] == [
        c.id for c in kit.framework.criteria_up_to("bronze")
    ]
    assert reading.cover["Submission date"].startswith("2025-")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  MET ", "Met"),
        ("partially  met", "Partially met"),
        ("Partly met", "Partially met"),
        ("not met", "Not yet met"),
    ],
)
def test_self_assessment_tolerates_case_and_spacing(
    kit: Kit, tmp_path: Path, typed: str, expected: str
) -> None:
    reading = read(kit, filled(kit, tmp_path, edit=set_evidence("B-P1-02", SELF, typed)))
    assert reading.ok
    assert next(r for r in reading.rows if r.criterion_id == "B-P1-02").self_assessment == expected


@pytest.mark.parametrize("typed", ["Mostly", "2", 2, "Yes"])
def test_unclear_self_assessment_is_refused_with_the_cell(kit, tmp_path, typed) -> None:
    reading = read(kit, filled(kit, tmp_path, edit=set_evidence("B-P1-02", SELF, typed)))
    assert not reading.ok
    assert places(reading.problems) == ["Evidence!F3"]
    assert "Met, Partially met, Not yet met" in reading.problems[0].message


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("03/04/2026", "2026-04-03"),
        ("3/4/26", "2026-04-03"),
        ("03.04.2026", "2026-04-03"),
        ("2026-04-03", "2026-04-03"),
        ("3 April 2026", "2026-04-03"),
        (" 3rd Apr 2026 ", "2026-04-03"),
        (datetime(2026, 4, 3), "2026-04-03"),
    ],
)
def test_dates_typed_the_uk_way(kit: Kit, tmp_path: Path, typed, expected: str) -> None:
    reading = read(kit, filled(kit, tmp_path, edit=set_cover("Submission date", typed)))
    assert reading.ok, [p.line() for p in reading.problems]
    assert reading.cover["Submission date"] == expected


@pytest.mark.parametrize("typed", ["04/31/2026", "31/02/2026", "next Tuesday", "45736", "1/1/1899"])
def test_invalid_dates_are_refused_with_the_cell(kit: Kit, tmp_path: Path, typed) -> None:
    reading = read(kit, filled(kit, tmp_path, edit=set_cover("Submission date", typed)))
    assert places(reading.problems) == ["Cover!B11"]
    assert "dd/mm/yyyy" in reading.problems[0].message


def test_cover_rows_reordered_and_organisation_by_code_or_case(kit: Kit, tmp_path: Path) -> None:
    def swap(workbook) -> None:
        sheet = workbook[wc.COVER_SHEET]
        for column in (1, 2):
            top, bottom = sheet.cell(4, column), sheet.cell(10, column)
            top.value, bottom.value = bottom.value, top.value

    name = kit.organisation(0).name
    path = filled(kit, tmp_path, edit=both(swap, set_cover("Organisation", f"  {name.upper()} ")))
    reading = read(kit, path)
    assert reading.ok and reading.organisation == kit.organisation(0)


def test_unknown_organisation_suggests_the_closest_names(kit: Kit, tmp_path: Path) -> None:
    reading = read(kit, filled(kit, tmp_path, edit=set_cover("Organisation", "Boltn NHS Trust")))
    assert places(reading.problems) == ["Cover!B4"]
    assert "Did you mean “Bolton NHS Foundation Trust”" in reading.problems[0].message


def test_level_by_code_and_unknown_level(kit: Kit, tmp_path: Path) -> None:
    ok = read(kit, filled(kit, tmp_path / "a", edit=set_cover("Level applied for", " b ")))
    assert ok.ok and ok.level.id == "bronze"
    bad = read(kit, filled(kit, tmp_path / "b", edit=set_cover("Level applied for", "1")))
    assert (
        places(bad.problems) == ["Cover!B6"] and "Bronze, Silver, Gold" in bad.problems[0].message
    )


def test_level_above_the_template_is_explained_once(kit: Kit, tmp_path: Path) -> None:
    path = filled(kit, tmp_path, edit=set_cover("Level applied for", "Gold"))
    reading = read(kit, path)
    assert len(reading.problems) == 1
    assert (
        "made for Bronze" in reading.problems[0].message
        and "--level gold" in reading.problems[0].message
    )


def test_email_icb_and_blank_contact(kit: Kit, tmp_path: Path) -> None:
    edit = both(
        set_cover("Contact email", "edi lead at trust"),
        set_cover("ICB", "NHS Somewhere Else ICB"),
        set_cover("Contact name", None),
    )
    reading = read(kit, filled(kit, tmp_path, edit=edit))
    assert places(reading.problems) == ["Cover!B9"]
    assert places(reading.warnings) == ["Cover!B5", "Cover!B7"]


def test_blank_rows_reordered_rows_and_higher_levels_left_blank(kit: Kit, tmp_path: Path) -> None:
    def shuffle(workbook) -> None:
        sheet = workbook[wc.EVIDENCE_SHEET]
        sheet.move_range("A2:H18", rows=40)  # every Bronze row moves below the Gold rows
        sheet.move_range("A19:H46", rows=-17)

    path = filled(kit, tmp_path, edit=shuffle, template_level=None)
    reading = read(kit, path)
    assert reading.ok, [p.line() for p in reading.problems]
    assert len(reading.rows) == len(kit.framework.criteria_up_to("bronze"))


def test_answers_above_the_level_are_kept_out_with_a_warning(kit: Kit, tmp_path: Path) -> None:
    path = filled(
        kit, tmp_path, template_level=None, edit=set_evidence("G-P1-01", SUMMARY, "Gold work")
    )
    reading = read(kit, path)
    assert reading.ok and "G-P1-01" not in {r.criterion_id for r in reading.rows}
    assert any("G-P1-01" in w.message and "above Bronze" in w.message for w in reading.warnings)


def test_zero_width_removed_silently_and_numbers_kept_as_text(kit: Kit, tmp_path: Path) -> None:
    edit = both(
        set_evidence("B-P1-01", SUMMARY, "Board\u200b approved\u2060 it\ufeff."),
        set_evidence("B-P1-02", SUMMARY, 1234),
        set_evidence("B-P1-03", FILES, "a.pdf;\n b.pdf ; A.PDF"),
        set_cover("Organisation", kit.organisation(0).name + "\u200b"),
    )
    reading = read(kit, filled(kit, tmp_path, edit=edit, evidence=False))
    assert reading.ok and reading.warnings == ()
    rows = {r.criterion_id: r for r in reading.rows}
    assert rows["B-P1-01"].summary == "Board approved it."
    assert rows["B-P1-02"].summary == "1234"
    assert rows["B-P1-03"].files == ("a.pdf", "b.pdf")


def test_formulas_in_answer_cells_are_refused(kit: Kit, tmp_path: Path) -> None:
    edit = both(
        set_evidence("B-P1-01", SUMMARY, '=CONCAT("Board", " minutes")'),
        set_cover("Contact name", "=Sheet9!A1"),
    )
    reading = read(kit, filled(kit, tmp_path, edit=edit))
    assert places(reading.problems) == ["Cover!B7", "Evidence!G2"]
    assert all("Type the value, not a formula" in p.message for p in reading.problems)


def test_text_helpers() -> None:
    assert cell_text(3.0).text == "3" and cell_text(2.5).text == "2.5"
    assert cell_text("a_x000D_\nb", multiline=True).text == "a\nb"
    assert cell_text("x\x07y").removed_controls == 1
    assert parse_date("31/12/2025") == date(2025, 12, 31)
    with pytest.raises(ValueError, match="not a plausible"):
        parse_date("01/01/1900")
    assert split_file_names("“a.pdf”\n\n'b c.docx';") == ["a.pdf", "b c.docx"]


def test_meta_numbers_as_text_still_match(kit: Kit, tmp_path: Path) -> None:
    reading = read(kit, filled(kit, tmp_path, edit=set_meta(wc.META_TEMPLATE_VERSION, 1)))
    assert reading.ok and reading.template_version == "1"


def test_blank_template_is_refused(kit: Kit, tmp_path: Path) -> None:
    def clear(workbook) -> None:
        for row in workbook[wc.EVIDENCE_SHEET].iter_rows(min_row=2, min_col=6, max_col=8):
            for cell in row:
                cell.value = None

    reading = read(kit, filled(kit, tmp_path, edit=clear))
    assert [p.message for p in reading.problems] == [
        "No criterion has a self-assessment, evidence summary or evidence file: this looks "
        "like a blank template. Fill it in and send it again."
    ]


def test_some_rows_blank_is_a_warning(kit: Kit, tmp_path: Path) -> None:
    edit = both(
        set_evidence("B-P1-01", SELF, None),
        set_evidence("B-P1-01", SUMMARY, None),
        set_evidence("B-P1-01", FILES, None),
        set_evidence("B-P1-02", SELF, None),
    )
    reading = read(kit, filled(kit, tmp_path, edit=edit))
    assert reading.ok
    assert sorted(places(reading.warnings)) == ["Evidence!A2", "Evidence!A3"]
