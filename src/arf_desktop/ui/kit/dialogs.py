"""Questions any screen may ask (a file, yes or no, a problem), each a function tests answer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def ask_open_file(parent: QWidget, title: str, filters: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return Path(chosen) if chosen else None


def ask_workspace_location(parent: QWidget, current: str) -> str | None:
    """A workspace file (.arfdb) or a postgresql+psycopg:// URL for a shared server."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(
        parent,
        "Workspace location",
        "Workspace file, or the URL of a shared PostgreSQL database\n"
        "(postgresql+psycopg://user:password@server/database):",
        text=current,
    )
    text = text.strip()
    return text if ok and text else None


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.information(parent, title, message)


def confirm(parent: QWidget | None, title: str, message: str) -> bool:
    answer = QMessageBox.question(parent, title, message)
    return answer == QMessageBox.StandardButton.Yes
