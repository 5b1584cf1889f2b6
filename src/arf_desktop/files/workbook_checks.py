"""Checks that a file is a plain .xlsx workbook before any reader opens it: size, parts, macros."""

from __future__ import annotations

import importlib
import os
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from arf_desktop.files.file_kind import (
    RESAVE_AS_XLSX,
    is_ole2,
    password_protected_message,
    reject_non_zip,
    reject_ole2,
)
from arf_desktop.files.limits import (
    MAX_WORKBOOK_FILE_BYTES,
    MAX_WORKBOOK_MEMBER_BYTES,
    MAX_WORKBOOK_TOTAL_BYTES,
    MB,
)
from arf_desktop.files.opening import (
    FileProblem,
    check_not_empty,
    check_regular_file,
    megabytes,
    open_for_reading,
    read_head,
)
from arf_desktop.files.workbook_parts import check_workbook_parts
from arf_desktop.files.zip_container import (
    MEMBER_READ_ERRORS,
    Limits,
    check_directory_record,
    check_members,
    open_zip,
)

CONTENT_TYPES_READ_LIMIT = 2 * MB
MACRO_EXTENSIONS = frozenset({".xlsm", ".xltm", ".xlam"})
MACRO_CONTENT_MARKERS = (b"macroenabled", b"vbaproject", b"macrosheet")
WORKBOOK_CONTENT_MARKERS = (b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml")
WORKBOOK_LIMITS = Limits(
    "file", MAX_WORKBOOK_MEMBER_BYTES, MAX_WORKBOOK_TOTAL_BYTES, password_protected_message()
)


def check_workbook_file(
    path: Path, display_name: str | None = None, keep: dict[str, bytes] | None = None
) -> None:
    """Raise FileProblem unless `path` looks like a plain, safe .xlsx workbook.

    With `keep`, the XML parts the checks read whole are put into it by part name (see
    check_workbook_parts), for the reader that opens the workbook next.
    """
    path = Path(path)
    name = display_name or path.name
    size = check_regular_file(path, name)
    check_not_empty(size, name)
    if size > MAX_WORKBOOK_FILE_BYTES:
        raise FileProblem(name, _msg_file_too_large(size), "file_too_large")
    with open_for_reading(path, name) as fh:
        head = read_head(fh, name)
        if is_ole2(head):
            reject_ole2(fh, name)
        if not head.startswith(b"PK"):
            reject_non_zip(head, name)
        check_directory_record(fh, size, name, WORKBOOK_LIMITS)
        with open_zip(fh, name, _msg_damaged_workbook()) as archive:
            check_members(archive.infolist(), name, WORKBOOK_LIMITS)
            _check_spreadsheet_parts(archive, name, _macro_by_extension(path, display_name))
            check_workbook_parts(archive, name, keep)


def require_defusedxml() -> None:
    """Raise RuntimeError unless openpyxl will parse workbook XML through defusedxml."""
    try:
        importlib.import_module("defusedxml")
    except ImportError as exc:
        raise RuntimeError(
            "The 'defusedxml' package is not installed, so workbooks cannot be opened safely "
            "(openpyxl would parse their XML without protection against entity expansion and "
            "external entities). Reinstall ARF Desktop, or run 'pip install defusedxml'."
        ) from exc
    if os.environ.get("OPENPYXL_DEFUSEDXML", "True") != "True":
        raise RuntimeError(
            "The environment variable OPENPYXL_DEFUSEDXML is set, which stops openpyxl from "
            "using defusedxml. Unset it before opening workbooks."
        )
    openpyxl = sys.modules.get("openpyxl")
    if openpyxl is not None and getattr(openpyxl, "DEFUSEDXML", True) is not True:
        raise RuntimeError(
            "openpyxl was imported before defusedxml was available and is not using it. "
            "Restart ARF Desktop."
        )


def _check_spreadsheet_parts(archive: zipfile.ZipFile, name: str, macro_extension: bool) -> None:
    names = set(archive.namelist())
    if "mimetype" in names and _read_member(archive, "mimetype", 200, name).startswith(
        b"application/vnd.oasis.opendocument.spreadsheet"
    ):
        raise FileProblem(name, _msg_ods(), "ods")
    if "xl/workbook.bin" in names:
        raise FileProblem(name, _msg_xlsb(), "xlsb")
    content_types = b""
    if "[Content_Types].xml" in names:
        content_types = _read_member(
            archive, "[Content_Types].xml", CONTENT_TYPES_READ_LIMIT, name
        ).lower()
    if macro_extension or _has_macros(names, content_types):
        raise FileProblem(name, _msg_macros(), "macro_enabled")
    if not content_types or not _has_workbook_part(names, content_types):
        raise FileProblem(name, _msg_not_a_spreadsheet_zip(names), "not_excel")


def _read_member(archive: zipfile.ZipFile, member: str, limit: int, name: str) -> bytes:
    try:
        with archive.open(member) as stream:
            return stream.read(limit)
    except MEMBER_READ_ERRORS as exc:
        raise FileProblem(name, _msg_damaged_workbook(), "damaged") from exc


def _macro_by_extension(path: Path, display_name: str | None) -> bool:
    suffixes = {path.suffix.lower()}
    if display_name:
        suffixes.add(PurePosixPath(display_name.replace("\\", "/")).suffix.lower())
    return not suffixes.isdisjoint(MACRO_EXTENSIONS)


def _has_macros(names: Iterable[str], content_types: bytes) -> bool:
    if any(marker in content_types for marker in MACRO_CONTENT_MARKERS):
        return True
    return any(member.lower().endswith("vbaproject.bin") for member in names)


def _has_workbook_part(names: set[str], content_types: bytes) -> bool:
    if "xl/workbook.xml" in names:
        return True
    return any(marker in content_types for marker in WORKBOOK_CONTENT_MARKERS)


def _msg_file_too_large(size: int) -> str:
    return (
        f"This file is too large ({megabytes(size)}; the limit for a submission workbook is "
        f"{megabytes(MAX_WORKBOOK_FILE_BYTES)}). Remove pictures, embedded files or unused "
        "sheets, save it and send it again."
    )


def _msg_damaged_workbook() -> str:
    return (
        "This file is damaged or incomplete (it may have been cut short while being copied, "
        "downloaded or emailed), so it is not a readable Excel workbook. Ask the sender to "
        "check it opens in Excel, save it again and send a fresh copy."
    )


def _msg_ods() -> str:
    return (
        "This is an OpenDocument spreadsheet (.ods, for example from LibreOffice), not an "
        "Excel workbook. Save it with File › Save As, choosing the type "
        "'Excel 2007-365 (.xlsx)', and send the new file."
    )


def _msg_xlsb() -> str:
    return (
        f"This is an Excel Binary Workbook (.xlsb), which cannot be read. Please {RESAVE_AS_XLSX}."
    )


def _msg_macros() -> str:
    return (
        "This workbook is macro-enabled (.xlsm or containing VBA macros). Macros are not "
        "accepted. In Excel choose File › Save As › Excel Workbook (*.xlsx), which removes "
        "the macros, and send the new file."
    )


def _msg_not_a_spreadsheet_zip(names: set[str]) -> str:
    if "word/document.xml" in names:
        found = "a Word document"
    elif "ppt/presentation.xml" in names:
        found = "a PowerPoint presentation"
    elif any(member.lower().endswith((".xlsx", ".xlsm", ".xls")) for member in names):
        found = "a zip folder containing other files; unzip it and choose the workbook inside"
    else:
        found = "a zip archive without the parts every .xlsx workbook has"
    return (
        f"This file is not an Excel workbook: it is {found}. Please send the completed "
        "submission template saved from Excel as an Excel Workbook (*.xlsx)."
    )
