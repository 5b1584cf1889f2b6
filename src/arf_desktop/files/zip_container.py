"""Zip container checks read from the directory alone: entry count, names, encryption, sizes."""

from __future__ import annotations

import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from arf_desktop.files.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_DIRECTORY_BYTES,
    MAX_MEMBERS,
    RATIO_CHECK_MIN_BYTES,
)
from arf_desktop.files.opening import UNSAFE_ADVICE, FileProblem, megabytes, shown

READABLE_COMPRESSION = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    struct.error,
    NotImplementedError,
)
MEMBER_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    OSError,
)
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")


@dataclass(frozen=True)
class Limits:
    """Declared-size limits for the members of one kind of zip, and how to name that kind."""

    noun: str
    member_bytes: int
    total_bytes: int
    encrypted_message: str


def check_directory_record(fh: BinaryIO, size: int, name: str, limits: Limits) -> None:
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


def open_zip(fh: BinaryIO, name: str, damaged_message: str) -> zipfile.ZipFile:
    try:
        fh.seek(0)
        return zipfile.ZipFile(fh)
    except _ZIP_ERRORS as exc:
        raise FileProblem(name, damaged_message, "damaged") from exc


def check_members(members: list[zipfile.ZipInfo], name: str, limits: Limits) -> None:
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


def _check_member_names(members: Iterable[zipfile.ZipInfo], name: str, limits: Limits) -> None:
    seen: set[str] = set()
    for info in members:
        problem = _unsafe_name_problem(info.filename)
        if problem == "traversal":
            raise FileProblem(name, traversal_message(info.filename, limits), "path_traversal")
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
    if ":" in normal or _CONTROL.search(normal):
        return "characters"
    return None


def _check_member_format(info: zipfile.ZipInfo, name: str, limits: Limits) -> None:
    if info.flag_bits & 0x1:
        raise FileProblem(name, limits.encrypted_message, "password_protected")
    if info.compress_type not in READABLE_COMPRESSION:
        message = _msg_compression_method(info.compress_type, limits)
        raise FileProblem(name, message, "unsupported_compression")


def _check_member_size(info: zipfile.ZipInfo, name: str, limits: Limits) -> None:
    if info.file_size > limits.member_bytes:
        message = _msg_member_too_large(info.filename, info.file_size, limits)
        raise FileProblem(name, message, "zip_bomb")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
        raise FileProblem(name, _msg_ratio(info.filename, ratio, limits), "zip_bomb")


def traversal_message(member_name: str, limits: Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: it contains an entry named "
        f"'{shown(member_name)}' that points outside its own folder. {UNSAFE_ADVICE}"
    )


def _msg_too_many_members(count: int, limits: Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: it contains {count:,} entries, more than the "
        f"{MAX_MEMBERS:,} allowed. {UNSAFE_ADVICE}"
    )


def _msg_directory_too_large(limits: Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: its list of contents is far too large "
        f"(too many entries or very long names). {UNSAFE_ADVICE}"
    )


def _msg_member_too_large(member_name: str, size: int, limits: Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: its entry '{shown(member_name)}' would "
        f"expand to {megabytes(size)} when uncompressed, which is too large (the limit is "
        f"{megabytes(limits.member_bytes)}). {UNSAFE_ADVICE}"
    )


def _msg_total_too_large(total: int, limits: Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: its contents would expand to "
        f"{megabytes(total)} when uncompressed, which is too large (the limit is "
        f"{megabytes(limits.total_bytes)}). {UNSAFE_ADVICE}"
    )


def _msg_ratio(member_name: str, ratio: float, limits: Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: its entry '{shown(member_name)}' is "
        f"compressed {ratio:,.0f}-fold, far more than genuine files ever are (the limit is "
        f"{MAX_COMPRESSION_RATIO}-fold). {UNSAFE_ADVICE}"
    )


def _msg_bad_characters(member_name: str, limits: Limits) -> str:
    return (
        f"This {limits.noun} is not safe to open: it contains an entry named "
        f"'{shown(member_name)}' with characters that are not allowed in file names. "
        f"{UNSAFE_ADVICE}"
    )


def _msg_duplicate(member_name: str, limits: Limits) -> str:
    return (
        f"This {limits.noun} is damaged: it contains the entry '{shown(member_name)}' more "
        "than once. Ask the sender to save it again and send a fresh copy."
    )


def _msg_compression_method(method: int, limits: Limits) -> str:
    return (
        f"This {limits.noun} uses a compression method that cannot be read (method {method}). "
        "Save it again from Excel, or create the zip again with the ordinary 'Compressed "
        "(zipped) folder' option, and send it again."
    )
