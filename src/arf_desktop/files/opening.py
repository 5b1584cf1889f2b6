"""Opening a file someone sent: it exists, is an ordinary file and can be read, or FileProblem."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import BinaryIO

from arf_desktop.files.limits import MB

HEAD_BYTES = 4096
SCAN_CHUNK_BYTES = 1 * MB

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


def check_regular_file(path: Path, name: str) -> int:
    """The size of `path`, refusing a missing file, a folder or anything not an ordinary file."""
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


def check_not_empty(size: int, name: str) -> None:
    if size == 0:
        raise FileProblem(name, _msg_empty(), "empty")


def open_for_reading(path: Path, name: str) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError as exc:
        raise FileProblem(name, _msg_missing(), "missing") from exc
    except OSError as exc:
        raise FileProblem(name, _msg_unreadable(exc), "unreadable") from exc


def read_head(fh: BinaryIO, name: str) -> bytes:
    """The first few kilobytes, enough to tell what kind of file this is."""
    try:
        return fh.read(HEAD_BYTES)
    except OSError as exc:
        raise FileProblem(name, _msg_unreadable(exc), "unreadable") from exc


def contains(fh: BinaryIO, needle: bytes, name: str) -> bool:
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


def shown(member_name: str) -> str:
    """A name from inside a file as it can safely be printed: escaped and at most 80 characters."""
    escaped = member_name
    if not member_name.isprintable():
        escaped = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in member_name)
    return escaped if len(escaped) <= 80 else escaped[:77] + "..."


def megabytes(size: int) -> str:
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
