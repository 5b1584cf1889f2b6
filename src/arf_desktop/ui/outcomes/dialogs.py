"""Questions the Outcomes screen asks (a folder, a file name) and opening a file; replaceable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget


def ask_folder(parent: QWidget, title: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title)
    return Path(chosen) if chosen else None


def ask_save_file(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(chosen) if chosen else None


def open_file(path: Path) -> bool:
    """Open a file with the system's viewer (a PDF reader for documents)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
