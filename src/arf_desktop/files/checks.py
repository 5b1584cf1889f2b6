"""Cheap pre-parse checks that a submitted workbook or zip batch is safe to hand to openpyxl."""

from __future__ import annotations

import codecs
import importlib
import lzma
import os
import re
import stat
import struct
import sys
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

MB = 1024 * 1024

MAX_WORKBOOK_FILE_BYTES = 50 * MB
MAX_WORKBOOK_MEMBER_BYTES = 100 * MB
MAX_WORKBOOK_TOTAL_BYTES = 200 * MB
MAX_BATCH_MEMBER_BYTES = 100 * MB
MAX_BATCH_TOTAL_BYTES = 500 * MB
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_MIN_BYTES = 1 * MB
MAX_MEMBERS = 10_000
MAX_DIRECTORY_BYTES = 16 * MB

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE_NAME = "EncryptedPackage".encode("utf-16-le")
MACRO_EXTENSIONS = frozenset({".xlsm", ".xltm", ".xlam"})
MACRO_CONTENT_MARKERS = (b"macroenabled", b"vbaproject", b"macrosheet")
WORKBOOK_CONTENT_MARKERS = (b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml")
READABLE_COMPRESSION = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})

HEAD_BYTES = 4096
SCAN_CHUNK_BYTES = 1 * MB
CONTENT_TYPES_READ_LIMIT = 2 * MB

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    struct.error,
    NotImplementedError,
)
_MEMBER_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")

RESAVE_AS_XLSX = (
    "open it in Excel, choose File › Save As › Excel Workbook (*.xlsx) and send the new file"
)
UNSAFE_ADVICE = (
    "It may be damaged or deliberately malicious, so it has not been opened. "
    "Ask the sender to save it again and send a fresh copy."
)


class FileProblem(Exception):
    """A submitted file that cannot safely be read, with a message for the person who sent it."""

    def __init__(self, file: str, message: str, code: str = "unreadable") -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message
        self.code = code

    def __reduce__(self) -> tuple[type[FileProblem], tuple[str, str, str]]:
        return (type(self), (self.file, self.message, self.code))


class _Limits:
    """Declared-size limits applied to the members of a zip."""

    def __init__(self, noun: str, member_bytes: int, total_bytes: int) -> None:
        self.noun = noun
        self.member_bytes = member_bytes
        self.total_bytes = total_bytes


WORKBOOK_LIMITS = _Limits("file", MAX_WORKBOOK_MEMBER_BYTES, MAX_WORKBOOK_TOTAL_BYTES)
BATCH_LIMITS = _Limits("zip file", MAX_BATCH_MEMBER_BYTES, MAX_BATCH_TOTAL_BYTES)


# --------------------------------------------------------------------------- public API


def check_workbook_file(path: Path, display_name: str | None = None) -> None:
    """Raise FileProblem unless `path` looks like a plain, safe .xlsx workbook."""
    path = Path(path)
    name = display_name or path.name
    size = _check_regular_file(path, name)
    if size == 0:
        raise FileProblem(name, _msg_empty(), "empty")
    if size > MAX_WORKBOOK_FILE_BYTES:
        raise FileProblem(name, _msg_file_too_large(size), "file_too_large")
    with _open_for_reading(path, name) as fh:
        head = _read_head(fh, name)
        if head.startswith(OLE2_SIGNATURE):
            _reject_ole2(fh, name)
        if not head.startswith(b"PK"):
            _reject_non_zip(head, name)
        _check_directory_record(fh, size, name, WORKBOOK_LIMITS)
        with _open_zip(fh, name, _msg_damaged_workbook()) as archive:
            _check_members(archive.infolist(), name, WORKBOOK_LIMITS)
            _check_spreadsheet_parts(archive, name, _macro_by_extension(path, display_name))


def check_zip_batch(path: Path) -> None:
    """Raise FileProblem unless the zip batch at `path` is safe to extract."""
    path = Path(path)
    name = path.name
    size = _check_regular_file(path, name)
    if size == 0:
        raise FileProblem(name, _msg_empty(), "empty")
    with _open_for_reading(path, name) as fh:
        _check_directory_record(fh, size, name, BATCH_LIMITS)
        with _open_zip(fh, name, _msg_not_a_zip()) as archive:
            _check_members(archive.infolist(), name, BATCH_LIMITS)


def safe_extract(zip_path: Path, dest_dir: Path) -> list[Path]:
    """Check a zip batch, then extract its files into `dest_dir` and return their paths.

    Directories, symbolic links and operating-system junk (``__MACOSX/``, ``.DS_Store``,
    ``._*``, ``Thumbs.db``, ``desktop.ini``) are skipped. Files are created exclusively,
    so `dest_dir` should be a new, empty folder; nothing is ever written outside it.
    """
    zip_path = Path(zip_path)
    check_zip_batch(zip_path)
    root = Path(dest_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        with (
            _open_for_reading(zip_path, zip_path.name) as fh,
            _open_zip(fh, zip_path.name, _msg_not_a_zip()) as archive,
        ):
            for info in archive.infolist():
                if _should_skip(info):
                    continue
                target = _target_inside(root, info.filename, zip_path.name)
                written.append(target)
                _extract_member(archive, info, target, zip_path.name)
    except FileProblem:
        _remove_files(written)
        raise
    return written


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


# --------------------------------------------------------------------------- file level


def _check_regular_file(path: Path, name: str) -> int:
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise FileProblem(name, _msg_missing(), "missing") from exc
    except OSError as exc:
        raise FileProblem(name, _msg_unreadable(exc), "unreadable") from exc
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(name, _msg_folder(), "not_a_file")
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(name, _msg_not_regular(), "not_a_file")
    return info.st_size


def _open_for_reading(path: Path, name: str) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError as exc:
        raise FileProblem(name, _msg_missing(), "missing") from exc
    except OSError as exc:
        raise FileProblem(name, _msg_unreadable(exc), "unreadable") from exc


def _read_head(fh: BinaryIO, name: str) -> bytes:
    try:
        return fh.read(HEAD_BYTES)
    except OSError as exc:
        raise FileProblem(name, _msg_unreadable(exc), "unreadable") from exc


def _reject_ole2(fh: BinaryIO, name: str) -> None:
    if _contains(fh, ENCRYPTED_PACKAGE_NAME, name):
        raise FileProblem(name, _msg_password_protected(), "password_protected")
    raise FileProblem(name, _msg_xls(), "xls")


def _contains(fh: BinaryIO, needle: bytes, name: str) -> bool:
    """Scan the whole (size-limited) file for `needle`, in chunks that overlap."""
    overlap = b""
    try:
        fh.seek(0)
        while chunk := fh.read(SCAN_CHUNK_BYTES):
            window = overlap + chunk
            if needle in window:
                return True
            overlap = window[-(len(needle) - 1) :]
    except OSError as exc:
        raise FileProblem(name, _msg_unreadable(exc), "unreadable") from exc
    return False


def _reject_non_zip(head: bytes, name: str) -> None:
    kind = _sniff_kind(head)
    messages = {
        "pdf": (_msg_pdf(), "pdf"),
        "html": (_msg_html(), "html"),
        "xml_spreadsheet": (_msg_xml_spreadsheet(), "xml_spreadsheet"),
        "xml": (_msg_xml(), "text"),
        "csv": (_msg_csv(), "csv"),
        "text": (_msg_text(), "text"),
    }
    message, code = messages.get(kind, (_msg_not_excel(), "not_excel"))
    raise FileProblem(name, message, code)


def _sniff_kind(head: bytes) -> str:
    if head.startswith(b"%PDF-"):
        return "pdf"
    text = _decode_text(head)
    if text is None:
        return "binary"
    lowered = text.lstrip().lower()
    if lowered.startswith(("<!doctype", "<html", "<table")) or "<html" in lowered:
        return "html"
    if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "xml_spreadsheet"
    if lowered.startswith("<"):
        return "xml"
    first_line = lowered.split("\n", 1)[0]
    if any(separator in first_line for separator in (",", ";", "\t")):
        return "csv"
    return "text"


def _decode_text(head: bytes) -> str | None:
    """Return `head` as text if it looks like text (UTF-8, UTF-16 with BOM or Windows-1252)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    elif b"\x00" in head:
        return None
    else:
        try:
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError:
            text = head.decode("cp1252", errors="replace")
    printable = sum(1 for char in text if char.isprintable() or char in "\t\r\n\f")
    return text if text and printable >= 0.95 * len(text) else None


# --------------------------------------------------------------------------- zip level


def _check_directory_record(fh: BinaryIO, size: int, name: str, limits: _Limits) -> None:
    """Refuse a zip whose end record declares too many members before zipfile parses them."""
    declared = _declared_directory(fh, size)
    if declared is None:
        return  # no end record: zipfile will report the damage
    entries, directory_bytes = declared
    if entries > MAX_MEMBERS:
        raise FileProblem(name, _msg_too_many_members(entries, limits), "too_many_members")
    if directory_bytes > MAX_DIRECTORY_BYTES:
        raise FileProblem(name, _msg_directory_too_large(limits), "too_many_members")


def _declared_directory(fh: BinaryIO, size: int) -> tuple[int, int] | None:
    """Return (entries, central directory bytes) from the end-of-central-directory record."""
    tail_size = min(size, _EOCD.size + 0xFFFF + _ZIP64_LOCATOR.size)
    try:
        fh.seek(size - tail_size)
        tail = fh.read(tail_size)
        position = tail.rfind(b"PK\x05\x06", 0, max(len(tail) - _EOCD.size + 4, 0))
        if position < 0:
            return None
        record = _EOCD.unpack_from(tail, position)
        entries, directory_bytes = record[4], record[5]
        if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF:
            return _declared_zip64_directory(fh, tail, position) or (entries, directory_bytes)
        return entries, directory_bytes
    except (OSError, struct.error, ValueError):
        return None


def _declared_zip64_directory(fh: BinaryIO, tail: bytes, position: int) -> tuple[int, int] | None:
    locator_at = position - _ZIP64_LOCATOR.size
    if locator_at < 0:
        return None
    signature, _, record_offset, _ = _ZIP64_LOCATOR.unpack_from(tail, locator_at)
    if signature != b"PK\x06\x07":
        return None
    fh.seek(record_offset)
    raw = fh.read(_ZIP64_EOCD.size)
    if len(raw) < _ZIP64_EOCD.size or not raw.startswith(b"PK\x06\x06"):
        return None
    record = _ZIP64_EOCD.unpack(raw)
    return record[7], record[8]


def _open_zip(fh: BinaryIO, name: str, damaged_message: str) -> zipfile.ZipFile:
    try:
        fh.seek(0)
        return zipfile.ZipFile(fh)
    except _ZIP_ERRORS as exc:
        raise FileProblem(name, damaged_message, "damaged") from exc


def _check_members(members: list[zipfile.ZipInfo], name: str, limits: _Limits) -> None:
    """Apply count, name, encryption, method and declared-size checks; read nothing."""
    if len(members) > MAX_MEMBERS:
        raise FileProblem(name, _msg_too_many_members(len(members), limits), "too_many_members")
    _check_member_names(members, name, limits)
    for info in members:
        _check_member_format(info, name, limits)
        _check_member_size(info, name, limits)
    total = sum(info.file_size for info in members)
    if total > limits.total_bytes:
        raise FileProblem(name, _msg_total_too_large(total, limits), "zip_bomb")


def _check_member_names(members: Iterable[zipfile.ZipInfo], name: str, limits: _Limits) -> None:
    seen: set[str] = set()
    for info in members:
        problem = _unsafe_name_problem(info.filename)
        if problem == "traversal":
            raise FileProblem(name, _msg_traversal(info.filename, limits), "path_traversal")
        if problem == "characters":
            raise FileProblem(name, _msg_bad_characters(info.filename, limits), "unsafe_name")
        key = info.filename.replace("\\", "/").rstrip("/").casefold()
        if key in seen:
            raise FileProblem(name, _msg_duplicate(info.filename, limits), "duplicate_member")
        seen.add(key)


def _unsafe_name_problem(member_name: str) -> str | None:
    normal = member_name.replace("\\", "/")
    if not normal or normal.startswith("/") or _DRIVE_LETTER.match(normal):
        return "traversal"
    if any(part == ".." for part in normal.split("/")):
        return "traversal"
    if ":" in normal or any(ord(char) < 0x20 or ord(char) == 0x7F for char in normal):
        return "characters"
    return None


def _check_member_format(info: zipfile.ZipInfo, name: str, limits: _Limits) -> None:
    if info.flag_bits & 0x1:
        raise FileProblem(name, _msg_encrypted_zip(limits), "password_protected")
    if info.compress_type not in READABLE_COMPRESSION:
        message = _msg_compression_method(info.compress_type, limits)
        raise FileProblem(name, message, "unsupported_compression")


def _check_member_size(info: zipfile.ZipInfo, name: str, limits: _Limits) -> None:
    if info.file_size > limits.member_bytes:
        message = _msg_member_too_large(info.filename, info.file_size, limits)
        raise FileProblem(name, message, "zip_bomb")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
        raise FileProblem(name, _msg_ratio(info.filename, ratio, limits), "zip_bomb")


# --------------------------------------------------------------------------- spreadsheet parts


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
    except (*_MEMBER_READ_ERRORS, OSError) as exc:
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


# --------------------------------------------------------------------------- extraction


def _should_skip(info: zipfile.ZipInfo) -> bool:
    if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
        return True
    parts = info.filename.replace("\\", "/").split("/")
    if parts[0] == "__MACOSX":
        return True
    base = parts[-1]
    return base.lower() in JUNK_NAMES or base.startswith("._")


def _target_inside(root: Path, member_name: str, name: str) -> Path:
    parts = [part for part in member_name.replace("\\", "/").split("/") if part not in ("", ".")]
    target = root.joinpath(*parts).resolve()
    if not parts or target == root or not target.is_relative_to(root):
        raise FileProblem(name, _msg_traversal(member_name, BATCH_LIMITS), "path_traversal")
    return target


def _extract_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, name: str
) -> None:
    """Stream one member to `target`; read errors become FileProblem, write errors propagate."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        source = archive.open(info)
    except (*_MEMBER_READ_ERRORS, OSError) as exc:
        raise FileProblem(name, _msg_damaged_member(info.filename), "damaged") from exc
    with source, target.open("xb") as sink:
        while chunk := _read_chunk(source, info.filename, name):
            sink.write(chunk)


def _read_chunk(source: BinaryIO, member_name: str, name: str) -> bytes:
    try:
        return source.read(SCAN_CHUNK_BYTES)
    except (*_MEMBER_READ_ERRORS, OSError) as exc:
        raise FileProblem(name, _msg_damaged_member(member_name), "damaged") from exc


def _remove_files(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- messages


def _shown(member_name: str) -> str:
    escaped = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in member_name)
    return escaped if len(escaped) <= 80 else escaped[:77] + "..."


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def _msg_missing() -> str:
    return (
        "The file could not be found. It may have been moved, renamed or deleted; choose it again."
    )


def _msg_unreadable(exc: OSError) -> str:
    reason = exc.strerror or exc.__class__.__name__
    return (
        f"The file could not be opened for reading ({reason}). Close it if it is open in Excel "
        "or another program, check you have permission to read it, and try again."
    )


def _msg_folder() -> str:
    return "This is a folder, not a file. Choose the workbook file itself."


def _msg_not_regular() -> str:
    return "This is not an ordinary file. Save the workbook as a normal file and choose that."


def _msg_empty() -> str:
    return (
        "This file is empty (0 bytes), so it was not saved or copied completely. "
        "Ask the sender to save it again and send a fresh copy."
    )


def _msg_file_too_large(size: int) -> str:
    return (
        f"This file is too large ({_mb(size)}; the limit for a submission workbook is "
        f"{_mb(MAX_WORKBOOK_FILE_BYTES)}). Remove pictures, embedded files or unused sheets, "
        "save it and send it again."
    )


def _msg_password_protected() -> str:
    return (
        "This workbook is password-protected. Remove the password in Excel (File › Info › "
        "Protect Workbook › Encrypt with Password, then clear the password), save it and "
        "send it again."
    )


def _msg_xls() -> str:
    return (
        f"This is an old Excel 97-2003 (.xls) file, not an .xlsx workbook. Please {RESAVE_AS_XLSX}."
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


def _msg_pdf() -> str:
    return (
        "This file is a PDF document, not an Excel workbook. Please send the completed "
        "submission template as an Excel Workbook (.xlsx)."
    )


def _msg_html() -> str:
    return (
        "This file is a web page (HTML) with an Excel-style name, not an Excel workbook; some "
        f"systems export 'Excel' files this way. Please {RESAVE_AS_XLSX}."
    )


def _msg_xml_spreadsheet() -> str:
    return f"This is an Excel 2003 XML Spreadsheet, not an .xlsx workbook. Please {RESAVE_AS_XLSX}."


def _msg_xml() -> str:
    return (
        "This file contains XML text, not an Excel workbook. Please fill in the submission "
        "template in Excel and save it as an Excel Workbook (*.xlsx)."
    )


def _msg_csv() -> str:
    return (
        "This file is CSV (comma- or tab-separated text) with an Excel-style name, not an "
        "Excel workbook. Please fill in the submission template in Excel and save it as an "
        "Excel Workbook (*.xlsx)."
    )


def _msg_text() -> str:
    return (
        "This file contains plain text, not an Excel workbook. Please fill in the submission "
        "template in Excel and save it as an Excel Workbook (*.xlsx)."
    )


def _msg_not_excel() -> str:
    return (
        "This file is not an Excel workbook: its contents are not in the .xlsx format. Check "
        "that the right file was sent, and save it from Excel as an Excel Workbook (*.xlsx)."
    )


def _msg_damaged_workbook() -> str:
    return (
        "This file is damaged or incomplete (it may have been cut short while being copied, "
        "downloaded or emailed), so it is not a readable Excel workbook. Ask the sender to "
        "check it opens in Excel, save it again and send a fresh copy."
    )


def _msg_not_a_zip() -> str:
    return (
        "This is not a zip file, or it is damaged or incomplete (it may have been cut short "
        "while being copied, downloaded or emailed). Ask the sender to create the zip again."
    )


def _msg_damaged_member(member_name: str) -> str:
    return (
        f"The entry '{_shown(member_name)}' in this zip file is damaged and could not be "
        "extracted. Ask the sender to create the zip again."
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


def _msg_too_many_members(count: int, limits: _Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: it contains {count:,} entries, more than the "
        f"{MAX_MEMBERS:,} allowed. {UNSAFE_ADVICE}"
    )


def _msg_directory_too_large(limits: _Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: its list of contents is far too large "
        f"(too many entries or very long names). {UNSAFE_ADVICE}"
    )


def _msg_member_too_large(member_name: str, size: int, limits: _Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: its entry '{_shown(member_name)}' would "
        f"expand to {_mb(size)} when uncompressed, which is too large (the limit is "
        f"{_mb(limits.member_bytes)}). {UNSAFE_ADVICE}"
    )


def _msg_total_too_large(total: int, limits: _Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: its contents would expand to {_mb(total)} "
        f"when uncompressed, which is too large (the limit is {_mb(limits.total_bytes)}). "
        f"{UNSAFE_ADVICE}"
    )


def _msg_ratio(member_name: str, ratio: float, limits: _Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: its entry '{_shown(member_name)}' is "
        f"compressed {ratio:,.0f}-fold, far more than genuine files ever are (the limit is "
        f"{MAX_COMPRESSION_RATIO}-fold). {UNSAFE_ADVICE}"
    )


def _msg_traversal(member_name: str, limits: _Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: it contains an entry named "
        f"'{_shown(member_name)}' that points outside its own folder. {UNSAFE_ADVICE}"
    )


def _msg_bad_characters(member_name: str, limits: _Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: it contains an entry named "
        f"'{_shown(member_name)}' with characters that are not allowed in file names. "
        f"{UNSAFE_ADVICE}"
    )


def _msg_duplicate(member_name: str, limits: _Limits) -> str:
    return (
        f"This {limits.noun} is damaged: it contains the entry '{_shown(member_name)}' more "
        "than once. Ask the sender to save it again and send a fresh copy."
    )


def _msg_encrypted_zip(limits: _Limits) -> str:
    if limits is WORKBOOK_LIMITS:
        return _msg_password_protected()
    return (
        "This zip file is password-protected. Ask the sender for a copy without a password "
        "(or unzip it yourself with the password and import the files inside)."
    )


def _msg_compression_method(method: int, limits: _Limits) -> str:
    return (
        f"This {limits.noun} uses a compression method that cannot be read (method {method}). "
        "Save it again from Excel, or create the zip again with the ordinary 'Compressed "
        "(zipped) folder' option, and send it again."
    )
