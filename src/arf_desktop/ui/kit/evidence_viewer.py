"""Opening a stored evidence file in the system viewer (safe types only) or saving a copy.

The viewer reads a copy written to this process's private folder (files.private_folder),
which is removed when the window quits, or at the next start after a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from arf_desktop.files import private_folder
from arf_desktop.ui.kit import dialogs

SAFE_TO_OPEN = frozenset(
    {
        ".pdf", ".txt", ".csv", ".rtf", ".md",
        ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp",
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp",
        ".msg", ".eml", ".htm", ".html",
    }
)  # fmt: skip


def safe_name(name: str) -> str:
    """The file's own name, without folders or characters a file system would refuse."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return cleaned or "evidence"


def can_open(name: str) -> bool:
    return PurePosixPath(safe_name(name)).suffix.lower() in SAFE_TO_OPEN


def write_temp_copy(file_id: int, name: str, data: bytes) -> Path:
    """Write the stored bytes to this process's private folder; return the file's path."""
    return private_folder.current().write(f"{file_id}/{safe_name(name)}", data)


def open_in_viewer(path: Path) -> bool:
    """Ask the operating system to open `path` with its usual program."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_evidence(
    parent: QWidget | None, file_id: int, name: str, read: Callable[[], bytes]
) -> Path | None:
    """Open a stored evidence file in its usual program, refusing kinds that could run code."""
    if not can_open(name):
        dialogs.show_error(
            parent,
            "File not opened",
            f"“{name}” is a kind of file that could run a program, so it is not opened "
            "from here. Use “Save a copy…” in the submission's detail and check it first.",
        )
        return None
    path = write_temp_copy(file_id, name, read())
    if not open_in_viewer(path):
        dialogs.show_error(parent, "File not opened", f"No program could open {path.name}.")
    return path
