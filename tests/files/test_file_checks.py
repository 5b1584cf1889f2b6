"""Tests for the pre-parse workbook and zip-batch safety checks."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arf_desktop.files.checks import (
    FileProblem,
    check_workbook_file,
    check_zip_batch,
    require_defusedxml,
    safe_extract,
)
from tests.importers.hostile_files import (
    MB,
    build_billion_laughs,
    build_clean_batch,
    build_csv,
    build_declared_size_zip,
    build_deflate64_batch,
    build_docx,
    build_duplicate_batch,
    build_empty,
    build_encrypted_batch,
    build_encrypted_workbook,
    build_external_entity,
    build_html,
    build_ods,
    build_oversized,
    build_pdf,
    build_plain_text,
    build_too_many_members,
    build_traversal_batch,
    build_traversal_workbook,
    build_truncated_workbook,
    build_unicode_text,
    build_valid_workbook,
    build_xls,
    build_xlsb,
    build_xlsm,
    build_xml_spreadsheet_2003,
    build_zip_bomb,
    valid_workbook_bytes,
)

pytestmark = pytest.mark.timeout(10)

Builder = Callable[[Path], Path]


def _problem(path: Path, display_name: str | None = None) -> FileProblem:
    with pytest.raises(FileProblem) as caught:
        check_workbook_file(path, display_name)
    return caught.value


def _batch_problem(path: Path) -> FileProblem:
    with pytest.raises(FileProblem) as caught:
        check_zip_batch(path)
    return caught.value


def _assert_readable(problem: FileProblem, file: str, phrase: str) -> None:
    assert problem.file == file
    assert phrase.lower() in problem.message.lower(), problem.message
    assert problem.message.endswith(".")
    assert "\n" not in problem.message
    assert "Traceback" not in problem.message
    assert file in str(problem)


# --------------------------------------------------------------------------- workbooks


def test_valid_workbook_passes(tmp_path: Path) -> None:
    path = build_valid_workbook(tmp_path)
    check_workbook_file(path)
    check_workbook_file(path, "Trust A submission.xlsx")


def test_builders_are_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for builder in (build_xlsm, build_billion_laughs, build_encrypted_workbook, build_clean_batch):
        assert builder(first).read_bytes() == builder(second).read_bytes(), builder.__name__


@pytest.mark.parametrize(
    ("builder", "code", "phrase"),
    [
        (build_empty, "empty", "empty (0 bytes)"),
        (build_oversized, "file_too_large", "too large"),
        (build_encrypted_workbook, "password_protected", "password-protected"),
        (build_xls, "xls", "old Excel 97-2003 (.xls)"),
        (build_xlsb, "xlsb", "Excel Binary Workbook (.xlsb)"),
        (build_ods, "ods", "OpenDocument spreadsheet (.ods"),
        (build_csv, "csv", "CSV"),
        (build_unicode_text, "csv", "CSV"),
        (build_html, "html", "web page (HTML)"),
        (build_plain_text, "text", "plain text"),
        (build_pdf, "pdf", "PDF document"),
        (build_xml_spreadsheet_2003, "xml_spreadsheet", "Excel 2003 XML Spreadsheet"),
        (build_truncated_workbook, "damaged", "damaged or incomplete"),
        (build_docx, "not_excel", "not an Excel workbook: it is a Word document"),
        (build_xlsm, "macro_enabled", "macros are not accepted"),
        (build_zip_bomb, "zip_bomb", "too large"),
        (build_traversal_workbook, "path_traversal", "outside its own folder"),
        (build_too_many_members, "too_many_members", "more than the 10,000 allowed"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_hostile_workbook_is_refused(
    tmp_path: Path, builder: Builder, code: str, phrase: str
) -> None:
    path = builder(tmp_path)
    problem = _problem(path)
    assert problem.code == code
    _assert_readable(problem, path.name, phrase)


def test_problem_uses_display_name(tmp_path: Path) -> None:
    path = build_encrypted_workbook(tmp_path, "upload-0001.tmp")
    problem = _problem(path, "Trust A submission.xlsx")
    _assert_readable(problem, "Trust A submission.xlsx", "password-protected")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    problem = _problem(tmp_path / "gone.xlsx")
    assert problem.code == "missing"
    _assert_readable(problem, "gone.xlsx", "could not be found")


def test_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "looks_like.xlsx"
    folder.mkdir()
    _assert_readable(_problem(folder), "looks_like.xlsx", "folder, not a file")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = build_valid_workbook(tmp_path)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with permission to read any file")
        _assert_readable(_problem(path), path.name, "could not be opened for reading")
    finally:
        path.chmod(0o600)


def test_no_workbook_part_is_not_an_excel_workbook(tmp_path: Path) -> None:
    path = build_declared_size_zip(tmp_path, "readme.xlsx", [("readme.txt", 1, 1)], workbook=False)
    problem = _problem(path)
    assert problem.code == "not_excel"
    _assert_readable(problem, path.name, "not an Excel workbook")


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("disguised.xlsx", lambda folder, name: build_xlsm(folder, name)),
        (
            "vba_part_only.xlsx",
            lambda folder, name: build_xlsm(folder, name, declare_macro_content_type=False),
        ),
        ("renamed.xlsm", build_valid_workbook),
        ("template.XLTM", build_valid_workbook),
    ],
)
def test_every_macro_signal_is_refused(
    tmp_path: Path, name: str, build: Callable[[Path, str], Path]
) -> None:
    problem = _problem(build(tmp_path, name))
    assert problem.code == "macro_enabled"
    _assert_readable(problem, name, "macro")


def test_macro_display_name_is_refused(tmp_path: Path) -> None:
    path = build_valid_workbook(tmp_path, "upload.xlsx")
    _assert_readable(_problem(path, "Return.xlsm"), "Return.xlsm", "macros are not accepted")


def test_highly_compressed_member_is_refused(tmp_path: Path) -> None:
    path = build_zip_bomb(tmp_path, "ratio.xlsx", megabytes=50)  # under the 100 MB member limit
    problem = _problem(path)
    assert problem.code == "zip_bomb"
    _assert_readable(problem, path.name, "compressed")


def test_total_declared_size_is_limited(tmp_path: Path) -> None:
    members = [(f"xl/media/image{i}.png", 90 * MB, 1 * MB) for i in range(3)]
    path = build_declared_size_zip(tmp_path, "total.xlsx", members)
    problem = _problem(path)
    assert problem.code == "zip_bomb"
    _assert_readable(problem, path.name, "expand to 270.0 MB when uncompressed, which is too large")


@pytest.mark.parametrize(
    "member",
    ["../evil.txt", "/etc/passwd", "\\evil.txt", "C:/evil.txt", "d:evil.txt", "xl/../../x"],
)
def test_unsafe_member_names_are_refused(tmp_path: Path, member: str) -> None:
    problem = _problem(build_traversal_workbook(tmp_path, member=member))
    assert problem.code == "path_traversal"


def test_xml_bombs_pass_cheap_check_but_openpyxl_refuses(tmp_path: Path) -> None:
    defusedxml = pytest.importorskip("defusedxml")
    openpyxl = pytest.importorskip("openpyxl")
    require_defusedxml()
    for path in (build_billion_laughs(tmp_path), build_external_entity(tmp_path)):
        check_workbook_file(path)
        with pytest.raises(Exception) as caught:
            openpyxl.load_workbook(path)
        chain = _exception_chain(caught.value)
        assert any(isinstance(exc, defusedxml.DefusedXmlException) for exc in chain), chain
        assert "TOP-SECRET-MARKER" not in "".join(str(exc) for exc in chain)


def _exception_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=10_000),
    flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=6),
)
def test_damaged_workbooks_give_file_problem_or_pass(
    cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(valid_workbook_bytes())
    for position, value in flips:
        data[position % len(data)] = value
    _check_bytes_never_crash(bytes(data[: max(cut, 1)]) if cut < len(data) else bytes(data))


@settings(max_examples=150, deadline=None)
@given(
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    body=st.binary(),
)
def test_arbitrary_bytes_give_file_problem_or_pass(prefix: bytes, body: bytes) -> None:
    _check_bytes_never_crash(prefix + body)


def _check_bytes_never_crash(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.xlsx"
        path.write_bytes(data)
        try:
            check_workbook_file(path)
        except FileProblem as problem:
            assert problem.message


# --------------------------------------------------------------------------- zip batches


def test_clean_batch_extracts_only_real_files(tmp_path: Path) -> None:
    batch = build_clean_batch(tmp_path)
    check_zip_batch(batch)
    dest = tmp_path / "out"
    extracted = safe_extract(batch, dest)
    relative = sorted(path.relative_to(dest.resolve()).as_posix() for path in extracted)
    assert relative == [
        "Trust A/evidence/minutes.txt",
        "Trust A/evidence/policy.pdf",
        "Trust A/submission.xlsx",
    ]
    on_disk = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert on_disk == relative
    assert (dest / "Trust A/submission.xlsx").read_bytes() == valid_workbook_bytes()
    assert (dest / "Trust A/evidence/minutes.txt").read_text("utf-8") == "Minutes – Łukasz\n"
    check_workbook_file(dest / "Trust A/submission.xlsx")


@pytest.mark.parametrize(
    "member",
    ["../evil.txt", "/tmp/evil.txt", "\\evil.txt", "C:\\evil.txt", "sub\\..\\..\\evil.txt"],
)
def test_safe_extract_refuses_traversal_and_writes_nothing(tmp_path: Path, member: str) -> None:
    batch = build_traversal_batch(tmp_path, member)
    dest = tmp_path / "deep" / "out"
    with pytest.raises(FileProblem) as caught:
        safe_extract(batch, dest)
    assert caught.value.code == "path_traversal"
    _assert_readable(caught.value, batch.name, "outside its own folder")
    assert not any(path.name == "evil.txt" for path in tmp_path.rglob("*"))
    assert not dest.exists() or not any(dest.iterdir())


@pytest.mark.parametrize(
    ("builder", "code", "phrase"),
    [
        (build_encrypted_batch, "password_protected", "password-protected"),
        (build_deflate64_batch, "unsupported_compression", "compression method"),
        (build_duplicate_batch, "duplicate_member", "more than once"),
        (build_csv, "damaged", "not a zip file"),
        (build_empty, "empty", "empty"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_bad_batch_is_refused(tmp_path: Path, builder: Builder, code: str, phrase: str) -> None:
    path = builder(tmp_path)
    problem = _batch_problem(path)
    assert problem.code == code
    _assert_readable(problem, path.name, phrase)


def test_batch_limits(tmp_path: Path) -> None:
    allowed = [(f"evidence/{i}.pdf", 100 * MB, 1 * MB) for i in range(4)]
    check_zip_batch(build_declared_size_zip(tmp_path, "ok.zip", allowed, workbook=False))

    too_big_member = [("evidence/video.mp4", 100 * MB + 1, 100 * MB)]
    path = build_declared_size_zip(tmp_path, "member.zip", too_big_member, workbook=False)
    _assert_readable(_batch_problem(path), "member.zip", "too large")

    too_big_total = [(f"evidence/{i}.pdf", 90 * MB, 1 * MB) for i in range(6)]
    path = build_declared_size_zip(tmp_path, "total.zip", too_big_total, workbook=False)
    _assert_readable(_batch_problem(path), "total.zip", "540.0 MB when uncompressed")

    path = build_zip_bomb(tmp_path, "ratio.zip", megabytes=50)
    _assert_readable(_batch_problem(path), "ratio.zip", "compressed")

    path = build_too_many_members(tmp_path, "many.zip")
    _assert_readable(_batch_problem(path), "many.zip", "10,001 entries")


def test_safe_extract_checks_before_writing_anything(tmp_path: Path) -> None:
    batch = build_zip_bomb(tmp_path, "bomb.zip")
    dest = tmp_path / "out"
    with pytest.raises(FileProblem) as caught:
        safe_extract(batch, dest)
    assert caught.value.code == "zip_bomb"
    assert not dest.exists()


# --------------------------------------------------------------------------- other API


def test_require_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    require_defusedxml()
    monkeypatch.setenv("OPENPYXL_DEFUSEDXML", "False")
    with pytest.raises(RuntimeError, match="OPENPYXL_DEFUSEDXML"):
        require_defusedxml()
    monkeypatch.delenv("OPENPYXL_DEFUSEDXML")
    monkeypatch.setitem(sys.modules, "defusedxml", None)
    with pytest.raises(RuntimeError, match="defusedxml"):
        require_defusedxml()


def test_file_problem_survives_pickling() -> None:
    problem = FileProblem("a.xlsx", "This file is empty.", "empty")
    copy = pickle.loads(pickle.dumps(problem))
    assert (copy.file, copy.message, copy.code) == ("a.xlsx", "This file is empty.", "empty")
    assert str(copy) == "a.xlsx: This file is empty."


def test_check_accepts_copy_with_other_name(tmp_path: Path) -> None:
    path = build_valid_workbook(tmp_path)
    copy = tmp_path / "copy without extension"
    shutil.copyfile(path, copy)
    check_workbook_file(copy, "Trust B.xlsx")
