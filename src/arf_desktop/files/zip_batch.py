"""Zip batches of submissions: checked whole, then extracted without writing outside one folder."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from arf_desktop.files.opening import (
    MB,
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

MAX_BATCH_MEMBER_BYTES = 100 * MB
MAX_BATCH_TOTAL_BYTES = 500 * MB
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
            open_for_reading(zip_path, zip_path.name) as fh,
            open_zip(fh, zip_path.name, _msg_not_a_zip()) as archive,
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
        raise FileProblem(name, traversal_message(member_name, BATCH_LIMITS), "path_traversal")
    return target


def _extract_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, name: str
) -> None:
    """Stream one member to `target`; read errors become FileProblem, write errors propagate."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        source = archive.open(info)
    except MEMBER_READ_ERRORS as exc:
        raise FileProblem(name, _msg_damaged_member(info.filename), "damaged") from exc
    with source, target.open("xb") as sink:
        while chunk := _read_chunk(source, info.filename, name):
            sink.write(chunk)


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


def _msg_damaged_member(member_name: str) -> str:
    return (
        f"The entry '{shown(member_name)}' in this zip file is damaged and could not be "
        "extracted. Ask the sender to create the zip again."
    )
