"""Finding the evidence files a workbook names, beside it, and reading them (missing = warning)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from arf_desktop.files.checks import MB
from arf_desktop.importers.problems import Findings
from arf_desktop.importers.workbook_contract import EVIDENCE_SHEET
from arf_desktop.storage.submissions import EvidenceRow

MAX_FILE_BYTES = 50 * MB
MAX_TOTAL_BYTES = 200 * MB
MAX_INDEXED = 20_000
MAX_DEPTH = 4
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods"})


class FolderIndex:
    """Files beneath one folder by lower-case name, built on first use and kept for the batch."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._by_name: dict[str, list[Path]] | None = None

    def find(self, name: str) -> list[Path]:
        if self._by_name is None:
            self._by_name = {}
            for path in _walk(self.root, MAX_DEPTH):
                self._by_name.setdefault(path.name.casefold(), []).append(path)
        return self._by_name.get(name.casefold(), [])


def _walk(root: Path, depth: int) -> Iterable[Path]:
    count = 0
    stack = [(root, 0)]
    while stack and count < MAX_INDEXED:
        folder, level = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith((".", "~$")) or entry.name == "__MACOSX":
                continue
            if entry.is_dir(follow_symlinks=False):
                if level < depth:
                    stack.append((Path(entry.path), level + 1))
            elif entry.is_file(follow_symlinks=False):
                count += 1
                yield Path(entry.path)


def _inside(folder: Path, name: str) -> Path | None:
    """`name` as a path under `folder`, or None when it points elsewhere."""
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        return None
    return folder.joinpath(*pure.parts)


def locate(name: str, folder: Path, index: FolderIndex) -> tuple[Path | None, str]:
    """The file `name` refers to, or None and why not."""
    direct = _inside(folder, name)
    if direct is None:
        return None, "it points outside the workbook's folder, so it was not looked up"
    try:
        mode = os.lstat(direct).st_mode
    except (OSError, ValueError):
        mode = None
    if mode is not None and not stat.S_ISDIR(mode):
        return direct, ""  # read only if it turns out to be an ordinary file inside the folder
    matches = index.find(PurePosixPath(name.replace("\\", "/")).name)
    if len(matches) == 1:
        return matches[0], ""
    if len(matches) > 1:
        shown = ", ".join(str(m.relative_to(index.root)) for m in matches[:3])
        return None, f"more than one file has this name ({shown}); type the folder too"
    return None, "it was not found beside the workbook"


def collect_evidence(
    findings: Findings,
    workbook: Path,
    rows: Iterable[EvidenceRow],
    file_cells: dict[str, str],
    index: FolderIndex,
) -> tuple[dict[str, bytes], set[Path]]:
    """Read every named file that can be found; warn (never fail) about the rest.

    Also returns the spreadsheets used as evidence, so a folder scan does not report them as
    submissions that failed to import.
    """
    folder = workbook.parent
    files: dict[str, bytes] = {}
    used: set[Path] = set()
    total = 0
    root = _resolved(folder)  # once for the workbook, not once per file
    for row in rows:
        cell = file_cells.get(row.criterion_id)
        for name in row.files:
            if name in files:
                continue
            path, why = locate(name, folder, index)
            if path is not None and path.name == workbook.name and _same(path, workbook):
                path, why = None, "it is the workbook itself"
            if path is None:
                findings.warn(EVIDENCE_SHEET, cell, f"Evidence file “{name}”: {why}.")
                continue
            data, why = read_regular_file(
                path, folder, min(MAX_FILE_BYTES, MAX_TOTAL_BYTES - total), root
            )
            if data is None:
                findings.warn(
                    EVIDENCE_SHEET, cell, f"Evidence file “{name}” was not stored: {why}."
                )
                continue
            total += len(data)
            files[name] = data
            if path.suffix.lower() in SPREADSHEET_SUFFIXES:
                used.add(path.resolve())
    return files, used


def _resolved(folder: Path) -> Path | None:
    try:
        return folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return None  # read_regular_file reports it for each file


def _same(path: Path, workbook: Path) -> bool:
    try:
        return path.samefile(workbook)
    except OSError:
        return False


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "it is a link to another file, and links are never followed"
    if stat.S_ISFIFO(mode):
        return "it is a pipe, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a file"
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    return "it is not an ordinary file"


def _too_big(limit: int) -> str:
    return (
        f"it is more than {limit / MB:,.1f} MB, and a file may be at most "
        f"{MAX_FILE_BYTES // MB} MB ({MAX_TOTAL_BYTES // MB} MB per submission)"
    )


def read_regular_file(
    path: Path, folder: Path, limit: int, root: Path | None = None
) -> tuple[bytes | None, str]:
    """The bytes of `path` when it is an ordinary file inside `folder` of at most `limit` bytes.

    Links, devices, pipes and anything resolving outside `folder` are never opened; the size
    is checked on the bytes actually read, never on what the file system reports. `root` is
    `folder` already resolved, when the caller reads many files from it.
    """
    try:
        before = os.lstat(path)
        if not stat.S_ISREG(before.st_mode):
            return None, _kind(before.st_mode)
        real = Path(os.path.realpath(path, strict=True))
        if not real.is_relative_to(root or folder.resolve(strict=True)):
            return None, "it lies outside the workbook's folder"
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError as error:
        return None, f"it could not be read ({error.strerror or error})"
    with os.fdopen(fd, "rb") as fh:
        opened = os.fstat(fh.fileno())
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
            before.st_dev,
            before.st_ino,
        ):
            return None, "it changed while it was being read"
        try:
            data = _read_up_to(fh, limit + 1, opened.st_size)
        except OSError as error:
            return None, f"it could not be read ({error.strerror or error})"
    if len(data) > limit:
        return None, _too_big(limit)
    return data, ""


def _read_up_to(fh: BinaryIO, most: int, reported: int) -> bytes:
    """At most `most` bytes from `fh`: first as many as the file system reports (plus one, to
    notice a file that grew), then on to `most` if there is more. Asking for `most` at once
    would set aside that much memory for every small file."""
    first = min(most, reported + 1)
    data = fh.read(first)
    if len(data) == first < most:
        data += fh.read(most - first)
    return data
