"""Files built to be expensive are refused quickly, naming the file and the part; sane ones read."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from benchmarks import hostile_files as h

from arf_desktop.demo.sample_workbooks import write_sample_submission
from arf_desktop.domain.errors import Refused
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.records import Organisation
from arf_desktop.exchange.manifest import ExchangeRejected
from arf_desktop.exchange.pack_reader import read_pack_file
from arf_desktop.exchange.returns import read_return_file
from arf_desktop.files import limits
from arf_desktop.files.checks import FileProblem, check_json, check_workbook_file
from arf_desktop.importers.framework_file import FrameworkFileError, load_framework_file
from arf_desktop.importers.workbook_reader import load
from arf_desktop.scoring.scoresheet_read import read_sheet

GENEROUS_SECONDS = 30.0
MEMORY_LIMIT_MB = 500
ROOT = Path(__file__).resolve().parents[2]
BOLTON = Organisation(
    3, "Bolton NHS Foundation Trust", "NHS Greater Manchester ICB", "trust", "RMC", None, None,
    True,
)  # fmt: skip

WORKBOOKS = {
    # kind: (builder, words naming what is wrong, the sheet or part named)
    "empty styled cells": (
        lambda f: h.empty_styled_cells(f, rows=25_000),
        "more than 200,000 cells",
        "sheet “Scores” ('xl/worksheets/sheet1.xml')",
    ),
    "huge dimension": (h.huge_dimension, "claims the range A1:XFD1048576", "sheet “Scores”"),
    "cell in the last row": (h.far_cell, "beyond row 100,000", "sheet “Scores”"),
    "merged ranges": (
        lambda f: h.many_merges(f, count=20_000),
        "more than 10,000 merged ranges",
        "sheet “Scores”",
    ),
    "styles bomb": (h.styles_bomb, "more than 20,000 cell formats", "'xl/styles.xml'"),
    "shared-strings bomb": (
        lambda f: h.shared_strings_bomb(f, count=120_000),
        "more than 100,000 texts",
        "shared strings ('xl/sharedStrings.xml')",
    ),
    "high-ratio member": (
        lambda f: h.high_ratio_member(f, megabytes=20),
        "compressed",
        "'xl/media/padding.bin'",
    ),
}


def timed(call):
    started = time.perf_counter()
    try:
        call()
    except Exception as error:  # the refusal under test
        return error, time.perf_counter() - started
    return None, time.perf_counter() - started


@pytest.mark.parametrize("kind", list(WORKBOOKS))
def test_a_hostile_workbook_is_refused_naming_the_file_and_part(kind: str, tmp_path: Path) -> None:
    build, words, where = WORKBOOKS[kind]
    path = build(tmp_path)
    error, seconds = timed(lambda: check_workbook_file(path))
    assert isinstance(error, FileProblem), kind
    assert error.file == path.name
    assert words in error.message and where in error.message
    assert "not safe to open" in error.message
    assert seconds < GENEROUS_SECONDS


def test_the_scoring_sheet_import_refuses_millions_of_empty_cells(tmp_path: Path) -> None:
    path = h.empty_styled_cells(tmp_path, rows=25_000)
    with pytest.raises(Refused) as caught:
        read_sheet(path)
    message = caught.value.message
    assert message.startswith(f"{path.name}: ") and "sheet “Scores”" in message


def test_the_submission_reader_refuses_a_styles_bomb(tmp_path: Path) -> None:
    path = h.styles_bomb(tmp_path)
    with pytest.raises(FileProblem, match="cell formats") as caught:
        load(path, "Bolton submission.xlsx")
    assert caught.value.file == "Bolton submission.xlsx"


def test_a_sheet_in_utf16_cannot_hide_its_cells(tmp_path: Path) -> None:
    path = h.national_scoring_sheet(tmp_path, rows=10)
    h.rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: data.decode().replace("UTF-8", "UTF-16").encode("utf-16"),
    )
    with pytest.raises(FileProblem, match="not written in UTF-8") as caught:
        check_workbook_file(path)
    assert "xl/worksheets/sheet1.xml" in caught.value.message


def test_a_part_under_another_name_is_counted_by_what_it_holds(tmp_path: Path) -> None:
    path = h.shared_strings_bomb(tmp_path, count=120_000)
    renamed = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(renamed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"sharedStrings.xml", b"strings")
            part = "xl/strings" if info.filename == "xl/sharedStrings.xml" else info.filename
            target.writestr(part, data, zipfile.ZIP_DEFLATED)
    with pytest.raises(FileProblem, match=r"shared strings \('xl/strings'\) hold more than"):
        check_workbook_file(renamed)


def test_prefixed_cells_are_counted_too(tmp_path: Path) -> None:
    path = h.empty_styled_cells(tmp_path, rows=25_000)

    def prefixed(data: bytes) -> bytes:
        data = data.replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=")
        data = data.replace(b"</worksheet>", b"</x:worksheet>")
        return data.replace(b"<c ", b"<x:c ").replace(b"<row ", b"<x:row ")

    h.rewrite_part(path, "xl/worksheets/sheet1.xml", prefixed)
    with pytest.raises(FileProblem, match="more than 200,000 cells"):
        check_workbook_file(path)


# -- JSON ---------------------------------------------------------------------------------------


def test_json_checks_count_values_and_depth_not_strings() -> None:
    check_json(json.dumps({"text": "," * 2_000_000, "list": [[[1]]]}).encode(), "ok.json")
    with pytest.raises(FileProblem, match="nests 65 levels deep") as deep:
        check_json(b"[" * 65 + b"]" * 65, "deep.json", "records.json")
    assert deep.value.file == "deep.json" and "its part records.json" in deep.value.message
    with pytest.raises(FileProblem, match="more than 400,000 values"):
        check_json(b"[" + b"0," * limits.MAX_JSON_VALUES + b"0]", "many.json")
    with pytest.raises(FileProblem, match=r"limit is 1\.0 MB"):
        check_json(b" " * (2 * limits.MB), "big.json", max_bytes=limits.MB)


@pytest.mark.parametrize(
    ("build", "words"),
    [(h.deep_json, "nests 200,001 levels deep"), (h.huge_json, "more than 400,000 values")],
)
def test_a_hostile_framework_file_is_refused(build, words: str, tmp_path: Path) -> None:
    path = build(tmp_path)
    error, seconds = timed(lambda: load_framework_file(path))
    assert isinstance(error, FrameworkFileError)
    assert str(path) in error.message and words in error.message
    assert seconds < GENEROUS_SECONDS


@pytest.mark.parametrize(
    ("build", "read", "words"),
    [
        (h.pack_manifest_bomb, read_pack_file, "its part manifest.json holds more than"),
        (h.return_records_bomb, read_return_file, "its part records.json holds more than"),
        (h.deep_return, read_return_file, "its part manifest.json nests 150,000 levels"),
    ],
)
def test_a_hostile_pack_or_return_is_refused_naming_its_part(
    build, read, words: str, tmp_path: Path
) -> None:
    path = build(tmp_path)
    error, seconds = timed(lambda: read(path))
    assert isinstance(error, ExchangeRejected)
    assert words in error.message and error.message.startswith(f"{path.name}: ")
    assert seconds < GENEROUS_SECONDS


def test_a_return_of_more_records_than_one_assessor_holds_is_refused(tmp_path: Path) -> None:
    from arf_desktop.exchange.manifest import encode, records_digest

    records = [{"seq": i} for i in range(1, limits.MAX_RETURN_RECORDS + 2)]
    path = h.return_file(
        tmp_path / "long.arfreturn", encode(records), len(records), records_digest(records)
    )
    with pytest.raises(ExchangeRejected, match="15,001 records, more than the 15,000"):
        read_return_file(path)


def test_a_pack_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = h.many_parts_pack(tmp_path)
    with pytest.raises(ExchangeRejected, match="entries, more than the 10,000 allowed"):
        read_pack_file(path)


# -- genuine files are still read ----------------------------------------------------------------


def test_a_national_scoring_sheet_is_read_whole(tmp_path: Path) -> None:
    path = h.national_scoring_sheet(tmp_path)
    identity, rows, problems = read_sheet(path)
    assert identity["format"] == "arf-scoresheet" and problems == []
    assert len(rows) == 13_500
    assert rows[-1].cells["Score"] == "I13501" and rows[-1].score == 13_499 % 4


def test_the_demos_long_workbooks_pass_the_checks(framework: Framework, tmp_path: Path) -> None:
    for level in framework.levels:
        rng = random.Random(level.id)
        path = write_sample_submission(
            tmp_path / level.id, framework, BOLTON, level, rng, long=True
        )
        check_workbook_file(path)
        assert load(path, path.name).sheets


def _peak_in_child(code: str) -> tuple[float, str]:
    """Run `code` in a fresh Python; (its peak memory in MB, what it printed).

    The peak is the process's own high-water mark (VmHWM, in kB). Not ru_maxrss: on Linux
    that carries over the parent's size at fork, which after a long test run is large.
    """
    script = (
        f"{code}\n"
        "peak = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM:')]\n"
        "print(peak[0].split()[1])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    *printed, peak = done.stdout.split()
    return int(peak) / 1024, " ".join(printed)


def test_reading_or_refusing_stays_under_500_mb(tmp_path: Path) -> None:
    national = h.national_scoring_sheet(tmp_path / "national")
    hostile = h.empty_styled_cells(tmp_path / "hostile", rows=300_000)
    read_code = (
        "from pathlib import Path\n"
        "from arf_desktop.scoring.scoresheet_read import read_sheet\n"
        f"print(len(read_sheet(Path({str(national)!r}))[1]))"
    )
    peak, printed = _peak_in_child(read_code)
    assert printed == "13500" and peak < MEMORY_LIMIT_MB
    refuse_code = (
        "from arf_desktop.domain.errors import Refused\n"
        "from arf_desktop.scoring.scoresheet_read import read_sheet\n"
        f"try:\n    read_sheet({str(hostile)!r})\nexcept Refused:\n    print('refused')"
    )
    peak, printed = _peak_in_child(refuse_code)
    assert printed == "refused" and peak < MEMORY_LIMIT_MB


def test_every_limit_lives_in_one_module() -> None:
    sources = (ROOT / "src" / "arf_desktop" / "files").glob("*.py")
    defined = [
        f"{path.name}: {line.split('=')[0].strip()}"
        for path in sources
        if path.name != "limits.py"
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("MAX_")
    ]
    writers = ("names.py", "safe_cells.py")  # limits on what is written, not read
    assert [d for d in defined if not d.startswith(writers)] == []
