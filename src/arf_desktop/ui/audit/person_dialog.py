"""Find or erase a person: search by e-mail or name, see every record, erase or write a zip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.registers.person_records import PersonReport, erase_person, locate
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.dialogs import confirm, show_error
from arf_desktop.ui.kit.widgets import fit_columns, label, make_button, make_table

HEADERS = ("What happens", "Where", "Record", "What is held")
ACTIONS = {"erase": "To erase", "kept": "Kept (audit chain)", "listed": "Handle outside"}


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:157] + "…"


class PersonDialog(QDialog):
    """Everything held about one person, with erasure on confirmation and subject access."""

    def __init__(
        self, parent: QWidget | None, workspace: Workspace, actor: str, email: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find or erase a person")
        self.workspace, self.actor = workspace, actor
        self.report: PersonReport | None = None
        self.email = QLineEdit(email)
        self.email.setAccessibleName("Person's e-mail address")
        self.email.setPlaceholderText("name@example.nhs.uk")
        self.name = QLineEdit()
        self.name.setAccessibleName("Person's name")
        self.name.setPlaceholderText("as written, any case")
        self.find_button = make_button("Find", "Find every record about the person")
        form = QFormLayout()
        form.addRow("E-mail", self.email)
        form.addRow("Name", self.name)
        self.summary = label("Enter an e-mail address or a name, then Find.", "", "Search result")
        self.model = QStandardItemModel(0, len(HEADERS))
        self.model.setHorizontalHeaderLabels(list(HEADERS))
        self.table = make_table("Records found about the person")
        self.table.setModel(self.model)
        self.access_button = make_button(
            "Subject access zip…", "Write a subject access zip of these records", secondary=True
        )
        self.erase_button = make_button("Erase…", "Erase this person from the workspace")
        close = make_button("Close", "Close this dialog", secondary=True)
        row = QHBoxLayout()
        row.addWidget(self.access_button)
        row.addStretch(1)
        row.addWidget(self.erase_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        search = QHBoxLayout()
        search.addLayout(form, 1)
        search.addWidget(self.find_button)
        layout.addLayout(search)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.find_button.clicked.connect(self.find)
        self.email.returnPressed.connect(self.find)
        self.name.returnPressed.connect(self.find)
        self.erase_button.clicked.connect(self.ask_erase)
        self.access_button.clicked.connect(self.ask_subject_access)
        close.clicked.connect(self.reject)
        self.resize(900, 560)
        self._enable()
        if email:
            self.find()

    def _enable(self) -> None:
        found = self.report is not None and self.report.found
        self.access_button.setEnabled(found)
        self.erase_button.setEnabled(bool(self.report and self.report.by_action("erase")))

    def find(self) -> PersonReport | None:
        try:
            self.report = locate(self.workspace, self.email.text(), self.name.text())
        except UserFacingError as error:
            self.report = None
            self.summary.setText(error.message)
            self._show([])
            return None
        self._show(list(self.report.records))
        return self.report

    def _show(self, records: list[Any]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for record in records:
            place = f"{record.table} {record.id} · {record.field}"
            action = ACTIONS.get(record.action, record.action)
            items = [action, record.where, record.context or place, record.excerpt]
            cells = [QStandardItem(text) for text in items]
            for cell in cells:
                cell.setEditable(False)
                cell.setToolTip(cell.text())
            cells[2].setToolTip(f"{place}: {record.context}" if record.context else place)
            cells[-1].setToolTip(_shown(record.value))
            self.model.appendRow(cells)
        if self.report is not None:
            self.summary.setText(self._summary(self.report))
        fit_columns(self.table)
        self._enable()

    @staticmethod
    def _summary(report: PersonReport) -> str:
        who = ", ".join(report.identifiers)
        if not report.found:
            return f"Nothing about {who} is held in this workspace."
        erase, listed = len(report.by_action("erase")), len(report.by_action("listed"))
        return (
            f"{len(report.records)} records about {who}: {erase} would be erased "
            f"(a backup is taken first), {listed} are outside the workspace for the team to "
            "handle (letters already issued)."
        )

    def ask_erase(self) -> bool:
        if self.report is None or not self.report.by_action("erase"):
            return False
        count = len(self.report.by_action("erase"))
        question = (
            f"Erase {count} records about {', '.join(self.report.identifiers)}? A backup is "
            "taken first; each mention becomes a dated tombstone and the audit chain still "
            "verifies. This cannot be undone in the workspace."
        )
        if not confirm(self, "Erase a person", question):
            return False
        return self.erase()

    def erase(self) -> bool:
        try:
            done = erase_person(self.workspace, self.actor, self.email.text(), self.name.text())
        except UserFacingError as error:
            show_error(self, "Erase a person", error.message)
            return False
        self.find()
        backup = f" Backup taken first: {done.backup.name}." if done.backup else ""
        self.summary.setText(
            f"Erased {done.fields} fields and {done.audit_values} audit values (audit entry "
            f"{done.entry_seq}).{backup} Letters already issued are listed for the team."
        )
        return True

    def ask_subject_access(self) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Subject access zip", "subject-access.zip", "Zip files (*.zip)"
        )
        return self.write_subject_access(Path(chosen)) if chosen else None

    def write_subject_access(self, path: Path) -> Path | None:
        from arf_desktop.exporters.subject_access import write_subject_access

        try:
            _, written = write_subject_access(
                self.workspace, path, self.email.text(), self.name.text()
            )
        except UserFacingError as error:
            show_error(self, "Subject access", error.message)
            return None
        self.summary.setText(f"Written: {written}")
        return written
