"""The part checks keep what they inflate for the reader, and see every form of a far reference."""

from __future__ import annotations

import random
import string
import zipfile
from pathlib import Path

import openpyxl
import pytest
from benchmarks import hostile_files as h

from arf_desktop.files.checks import FileProblem, check_workbook_file
from arf_desktop.files.limits import MB
from arf_desktop.files.workbook_parts import HEAD_BYTES, KEEP_SHEET_BYTES, KEEP_TOTAL_BYTES


def test_kept_parts_are_the_archives_own_bytes(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    big = book.active
    big.title = "Big"
    for row in range(1, 3001):
        big.append([row, f"text on row {row}", row * 1.5])
    book.create_sheet("Small")["A1"] = "one cell"
    path = tmp_path / "w.xlsx"
    book.save(path)
    kept: dict[str, bytes] = {}
    check_workbook_file(path, keep=kept)
    with zipfile.ZipFile(path) as archive:
        xml_parts = {n for n in archive.namelist() if n.endswith((".xml", ".rels"))}
        assert set(kept) == xml_parts
        for part, data in kept.items():
            assert data == archive.read(part), part
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > HEAD_BYTES


def sheet_of(megabytes: float):
    """A sheet of about `megabytes` of text that does not compress much, as the limits want."""
    rng = random.Random(5)
    texts = ["".join(rng.choices(string.ascii_letters, k=8_000)) for _ in range(20)]
    rows = int(megabytes * 1024 * 1024) // 8_000

    def body():
        return h.sheet_xml([(1, h.text(texts[row % 20]))] for row in range(rows))

    return body


def test_parts_beyond_the_keep_limits_are_left_in_the_zip(tmp_path: Path) -> None:
    sizes = {"Long": KEEP_SHEET_BYTES / MB + 0.1, "Short": 0.001}
    sizes |= {f"Big {n}": 3.5 for n in range(1, 6)}  # 17.5 MB, more than is kept in all
    sheets = [(title, sheet_of(size)) for title, size in sizes.items()]
    path = h.write_workbook(tmp_path / "long.xlsx", sheets)
    kept: dict[str, bytes] = {}
    check_workbook_file(path, keep=kept)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > KEEP_SHEET_BYTES
        for part, data in kept.items():
            assert data == archive.read(part), part
    assert "xl/worksheets/sheet1.xml" not in kept
    assert {"xl/workbook.xml", "xl/worksheets/sheet2.xml"} <= set(kept)
    big = [part for part in kept if part >= "xl/worksheets/sheet3.xml"]
    assert 0 < len(big) < 5 and sum(len(data) for data in kept.values()) <= KEEP_TOTAL_BYTES


FAR = {
    # how the reference is written: what the refusal says
    "spaces and single quotes": ("<c r = 'XFD1'><v>1</v></c>", "beyond column 1,024"),
    "a tab before r": ('<c\tr="XFA2"><v>1</v></c>', "beyond column 1,024"),
    "a row far down, single quotes": ("<c r='B100001'><v>1</v></c>", "beyond row 100,000"),
    "the row element itself": ("<c r=\"A1\"/></row><row r='1048576'><c/>", "beyond row 100,000"),
}


@pytest.mark.parametrize("cell,refusal", FAR.values(), ids=FAR.keys())
def test_far_references_written_loosely_are_refused(
    tmp_path: Path, cell: str, refusal: str
) -> None:
    tail = '<pageMargins header="0.3" footer="0.3"/>'  # header="…" holds r= but is no reference
    xml = f'<worksheet xmlns="{h.NS}"><sheetData><row r="1">{cell}</row></sheetData>{tail}'
    path = h.write_workbook(tmp_path / "far.xlsx", [("S", lambda: [xml + "</worksheet>"])])
    with pytest.raises(FileProblem) as refused:
        check_workbook_file(path)
    assert refusal in refused.value.message
    assert "sheet “S”" in refused.value.message


def test_attributes_ending_in_r_are_not_references(tmp_path: Path) -> None:
    validation = (
        '<dataValidations count="1"><dataValidation type="list" error="AAAA100000000" '
        'sqref="B2"><formula1>"Yes,No"</formula1></dataValidation></dataValidations>'
    )
    xml = (
        f'<worksheet xmlns="{h.NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        f'</sheetData>{validation}<pageMargins header="AAAA" footer="999999"/></worksheet>'
    )
    path = h.write_workbook(tmp_path / "fine.xlsx", [("S", lambda: [xml])])
    check_workbook_file(path)  # nothing refused
