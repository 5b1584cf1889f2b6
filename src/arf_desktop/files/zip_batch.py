"""Zip batches of submissions: checked whole, then extracted without writing outside one folder."""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from arf_desktop.files.limits import (
    MAX_BATCH_MEMBER_BYTES,
    MAX_BATCH_TOTAL_BYTES,
    MAX_NAME_BYTES,
)
from arf_desktop.files.opening import (
    SCAN_CHUNK_BYTES,
    FileProblem,
    check_not_empty,
    check_regular_file,
    open_for_reading,
    shown,
)
from arf_desktop.files.zip_container import (
    MEMBER_READ_ERRORS,
    Limits,
    check_directory_record,
    check_members,
    open_zip,
    traversal_message,
)

NOT_REGULAR = "it is a link or a special file, not an ordinary file"
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
ENCRYPTED_ZIP = (
    "This zip file is password-protected. Ask the sender for a copy without a password "
    "(or unzip it yourself with the password and import the files inside)."
)
BATCH_LIMITS = Limits("zip file", MAX_BATCH_MEMBER_BYTES, MAX_BATCH_TOTAL_BYTES, ENCRYPTED_ZIP)


def check_zip_batch(path: Path) -> None:
    """Raise FileProblem unless the zip batch at `path` is safe to extract."""
    path = Path(path)
    name = path.name
    size = check_regular_file(path, name)
    check_not_empty(size, name)
    with open_for_reading(path, name) as fh:
        check_directory_record(fh, size, name, BATCH_LIMITS)
        with open_zip(fh, name, _msg_not_a_zip()) as archive:
            check_members(archive.infolist(), name, BATCH_LIMITS)


@dataclass(frozen=True)
class RejectedMember:
    """One zip entry that was not extracted, and why; the rest of the batch still is."""

    member: str
    message: str
    link: bool = False


def safe_extract(zip_path: Path, dest_dir: Path) -> list[Path]:
    """Check a zip batch, then extract its files into `dest_dir` and return their paths.

    Like `extract_batch`, but links are skipped and any other entry that cannot be extracted
    refuses the whole zip.
    """
    written, rejected = extract_batch(zip_path, dest_dir)
    rejected = [member for member in rejected if not member.link]
    if rejected:
        _remove_files(written)
        raise FileProblem(Path(zip_path).name, rejected[0].message, "bad_member")
    return written


def extract_batch(zip_path: Path, dest_dir: Path) -> tuple[list[Path], list[RejectedMember]]:
    """Check a zip batch, extract its files into `dest_dir`; return them and the entries refused.

    Directories and operating-system junk (``__MACOSX/``, ``.DS_Store``, ``._*``, ``Thumbs.db``,
    ``desktop.ini``) are skipped. Links, names too long for a disk, and entries clashing with
    another entry (``a`` beside ``a/b.xlsx``, ``a/./b.xlsx`` beside ``a/b.xlsx``) are refused
    one by one. Files are created exclusively, so `dest_dir` should be a new, empty folder;
    nothing is ever written outside it. An unsafe or damaged zip refuses the whole batch.
    """
    zip_path = Path(zip_path)
    check_zip_batch(zip_path)
    root = Path(dest_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    rejected: list[RejectedMember] = []
    try:
        with (
            open_for_reading(zip_path, zip_path.name) as fh,
            open_zip(fh, zip_path.name, _msg_not_a_zip()) as archive,
        ):
            for info in archive.infolist():
                if _should_skip(info):
                    continue
                target = _target_inside(root, info.filename, zip_path.name)
                why = _member_refusal(info, target, root)
                if not why:
                    why = _extract_member(archive, info, target, zip_path.name)
                if why:
                    message = _msg_member(info.filename, why)
                    rejected.append(RejectedMember(info.filename, message, why == NOT_REGULAR))
                else:
                    written.append(target)
    except FileProblem:
        _remove_files(written)
        raise
    return written, rejected


def _should_skip(info: zipfile.ZipInfo) -> bool:
    if info.is_dir():
        return True
    parts = info.filename.replace("\\", "/").split("/")
    if parts[0] == "__MACOSX":
        return True
    base = parts[-1]
    return base.lower() in JUNK_NAMES or base.startswith("._")


def _member_refusal(info: zipfile.ZipInfo, target: Path, root: Path) -> str:
    """Why this entry cannot be extracted as an ordinary file at `target`, or ''."""
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind and kind != stat.S_IFREG:
        return NOT_REGULAR
    parts = target.relative_to(root).parts
    if any(len(os.fsencode(part)) > MAX_NAME_BYTES for part in parts):
        return f"its name is longer than the {MAX_NAME_BYTES} characters a disk allows"
    try:
        for depth in range(1, len(parts)):
            if os.path.lexists(root.joinpath(*parts[:depth])) and not os.path.isdir(
                root.joinpath(*parts[:depth])
            ):
                return f"another entry of the same name, '{shown(parts[depth - 1])}', is a file"
        if os.path.lexists(target):
            return "another entry already has this name"
    except OSError as error:
        return f"it could not be written ({error.strerror or error})"
    return ""


def _target_inside(root: Path, member_name: str, name: str) -> Path:
    parts = [part for part in member_name.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or any(part == ".." for part in parts):
        raise FileProblem(name, traversal_message(member_name, BATCH_LIMITS), "path_traversal")
    target = Path(os.path.normpath(root.joinpath(*parts)))
    if target == root or not target.is_relative_to(root):
        raise FileProblem(name, traversal_message(member_name, BATCH_LIMITS), "path_traversal")
    return target


def _extract_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, name: str
) -> str:
    """Stream one member to `target`; '' or why the disk refused it (read errors: FileProblem)."""
    try:
        source = archive.open(info)
    except MEMBER_READ_ERRORS as exc:
        raise FileProblem(name, _msg_damaged_member(info.filename), "damaged") from exc
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sink = target.open("xb")
    except OSError as error:
        source.close()
        return f"it could not be written ({error.strerror or error})"
    with source, sink:
        while chunk := _read_chunk(source, info.filename, name):
            sink.write(chunk)
    return ""


def _read_chunk(source: BinaryIO, member_name: str, name: str) -> bytes:
    try:
        return source.read(SCAN_CHUNK_BYTES)
    except MEMBER_READ_ERRORS as exc:
        raise FileProblem(name, _msg_damaged_member(member_name), "damaged") from exc


def _remove_files(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _msg_not_a_zip() -> str:
    return (
        "This is not a zip file, or it is damaged or incomplete (it may have been cut short "
        "while being copied, downloaded or emailed). Ask the sender to create the zip again."
    )


def _msg_member(member_name: str, why: str) -> str:
    return f"The entry '{shown(member_name)}' in this zip file was not extracted: {why}."


def _msg_damaged_member(member_name: str) -> str:
    return (
        f"The entry '{shown(member_name)}' in this zip file is damaged and could not be "
        "extracted. Ask the sender to create the zip again."
    )
