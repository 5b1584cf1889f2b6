"""Replacing a file whole: written beside it, flushed to disk, renamed over it, or not at all."""

from __future__ import annotations

import io
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, BinaryIO

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.files.output_guard import guard_replace, guard_start
from arf_desktop.storage.file_access import WriteFailed

TEMP_SUFFIX = ".partial"
RENAME_ATTEMPTS = 5
RENAME_PAUSE = 0.1
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


class FileInUse(UserFacingError):
    """A file could not be replaced because another program holds it open."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path.name} could not be replaced: another program has it open "
            "(close it there, for example in the PDF reader, and try again)."
        )
        self.path = path


@contextmanager
def replacing(path: str | os.PathLike[str], sync_folder: bool = True) -> Iterator[BinaryIO]:
    """Yield a file to write the new contents of `path` into; it replaces `path` on success.

    The file is a new temporary file in the same folder (`<name>.<random>.partial`). When the
    block ends normally it is flushed, synced to disk and renamed over `path` in one step, and
    the folder is synced where the system allows it, so after a crash or power cut `path`
    holds either its old contents or the new ones, never a mixture. When the block raises
    anything (including Ctrl+C) the temporary file is removed and `path` is left untouched;
    a failed write (a full disk, a size limit) is raised as `WriteFailed`, naming `path`.
    Under an output policy (files.output_guard) the workspace's files are never replaced, nor
    a file that is not this output's own earlier copy unless forced or allowed.
    `sync_folder=False` leaves the folder's sync to the caller: a batch of files syncs it
    once, after the last rename (`sync_folder(folder)`).
    """
    target = Path(path)
    guard_start(target)
    try:
        temporary, handle = _create_beside(target)
    except OSError as error:  # a missing or closed folder: as the OS says, naming the target
        raise type(error)(error.errno, error.strerror, str(target)) from None
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        guard_replace(temporary, target)
        replace_file(temporary, target)
    except BaseException as error:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError) and not isinstance(error, UserFacingError):
            raise WriteFailed(target, error) from None  # a full disk, a size limit: named
        raise
    if sync_folder:
        _sync_folder(target.parent)


def write_atomic(path: str | os.PathLike[str], data: bytes, sync_folder: bool = True) -> Path:
    """Replace the file at `path` with `data` whole (see `replacing`); return the path."""
    target = Path(path)
    with replacing(target, sync_folder) as handle:
        handle.write(data)
    return target


def workbook_bytes(workbook: Any) -> bytes:
    """An openpyxl workbook saved in memory, so a failed write to disk leaves no open zip
    behind to complain when it is collected."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sync_folder(folder: Path) -> None:
    """Make the renames into `folder` durable (after a batch written with sync_folder=False)."""
    _sync_folder(folder)


def replace_file(source: Path, target: Path) -> None:
    """Rename `source` over `target` in one step, on Windows as elsewhere.

    Windows refuses to replace a file another program holds open (PermissionError); a virus
    scanner or indexer holds a new file only for a moment, so the rename is tried a few
    times before the file is reported as in use.
    """
    for attempt in range(RENAME_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError as error:
            if attempt == RENAME_ATTEMPTS - 1:
                raise FileInUse(target) from error
            time.sleep(RENAME_PAUSE)


def leftovers(folder: Path, pattern: str) -> list[Path]:
    """Temporary files that interrupted writes of files matching `pattern` left in `folder`."""
    found = {*folder.glob(f"{pattern}.*{TEMP_SUFFIX}"), *folder.glob(f"{pattern}{TEMP_SUFFIX}")}
    return sorted(found)


def _create_beside(target: Path) -> tuple[Path, BinaryIO]:
    """A new, exclusively created file next to `target`, with the permissions a new file gets."""
    while True:
        temporary = target.with_name(f"{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            descriptor = os.open(temporary, _CREATE, 0o666)
        except FileExistsError:
            continue
        try:
            return temporary, os.fdopen(descriptor, "wb")
        except BaseException:
            os.close(descriptor)
            temporary.unlink(missing_ok=True)
            raise


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; Windows and some file systems cannot, and need not."""
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
