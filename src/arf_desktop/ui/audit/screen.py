"""The Audit screen: the log newest first, loaded page by page, and a chain check."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout, QWidget
from typing_extensions import override

from arf_desktop.domain.records import AuditEntry
from arf_desktop.registers.audit_log import entries_page, entry_count, verify_log
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.read_only import reads_only
from arf_desktop.ui.kit.widgets import ScreenHeader, fit_columns, label, make_button, make_table

PAGE = 500
HEADERS = ("#", "When (UTC)", "Who", "Action", "Record", "Details")


def _value(value: object) -> str:
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return value[:12] + "…"  # a SHA-256: the start is enough to recognise it
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def describe(entry: AuditEntry) -> list[str]:
    """One row of the log as people read it: key: value pairs, hashes shortened."""
    details = "; ".join(f"{key}: {_value(value)}" for key, value in entry.details.items())
    if len(details) > 160:
        details = details[:157] + "…"
    return [
        str(entry.seq),
        entry.at[:19].replace("T", " "),
        entry.actor,
        entry.action,
        f"{entry.entity} {entry.entity_id}",
        details,
    ]


class AuditModel(QAbstractTableModel):
    """Newest entries first; more pages are fetched as the user scrolls."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._rows: list[list[str]] = []
        self._total = 0
        self._fetching = False

    @property
    def total(self) -> int:
        return self._total

    def reload(self) -> None:
        self.beginResetModel()
        self._total = entry_count(self.workspace)
        self._rows = [describe(e) for e in entries_page(self.workspace, 0, PAGE)]
        self.endResetModel()

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    @override
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @override
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    @override
    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    @override
    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid() or self._fetching:
            return
        more = [describe(e) for e in entries_page(self.workspace, len(self._rows), PAGE)]
        if not more:
            self._total = len(self._rows)
            return
        self._fetching = True  # views may ask for more while rows are being inserted
        try:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        finally:
            self._fetching = False


class AuditScreen(QWidget):
    """Who did what, when; and whether the log is intact."""

    def __init__(self, workspace: Workspace, actor: Callable[[], str] | None = None) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.workspace = workspace
        self.actor = actor or workspace.default_user
        self.header = ScreenHeader("Audit", "")
        self.person_button = make_button(
            "Find or erase a person…", "Find, export or erase a person's records", secondary=True
        )
        self.header.add_action(self.person_button)
        self.verify_button = QPushButton("Verify the log")
        self.verify_button.setAccessibleName("Verify the audit log's hash chain")
        reads_only(self.verify_button)
        self.header.add_action(self.verify_button)
        self.result = label("", "", "Audit verification result")
        self.model = AuditModel(workspace)
        self.table = make_table("Audit log table")
        self.table.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)
        self.verify_button.clicked.connect(self.verify)
        self.person_button.clicked.connect(self.open_person_dialog)
        self.refresh()

    def person_dialog(self, email: str = "") -> QDialog:
        from arf_desktop.ui.audit.person_dialog import PersonDialog

        return PersonDialog(self, self.workspace, self.actor(), email)

    def open_person_dialog(self) -> None:
        self.person_dialog().exec()
        self.refresh()

    def refresh(self) -> None:
        self.model.reload()
        self.header.subtitle.setText(
            f"{self.model.total} entries, newest first. Every change is recorded and chained; "
            "nothing can be edited or removed."
        )
        fit_columns(self.table)

    def verify(self) -> bool:
        report = verify_log(self.workspace)
        if report.ok:
            self.result.setText(f"✔ Intact: all {report.entries} entries verified.")
            self.result.setProperty("role", "status-ok")
        else:
            self.result.setText(
                f"✖ Broken at entry {report.broken_at}: {report.reason}. "
                "Keep this workspace as it is and contact the programme team."
            )
            self.result.setProperty("role", "status-bad")
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        return report.ok
