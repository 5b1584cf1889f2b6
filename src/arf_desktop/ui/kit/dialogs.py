"""Every question the window asks sits behind a small function, so tests can answer it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from arf_desktop.domain.records import Organisation
from arf_desktop.registers.organisations import ORG_TYPES, OrganisationDraft


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


class OrganisationDialog(QDialog):
    """Add or edit one organisation in the register."""

    def __init__(
        self, parent: QWidget | None, icbs: list[str], initial: Organisation | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit organisation" if initial else "Add organisation")
        self.name = QLineEdit(initial.name if initial else "")
        self.icb = QComboBox()
        self.icb.setEditable(True)
        self.icb.addItems(["", *icbs])
        self.icb.setCurrentText(initial.icb or "" if initial else "")
        self.org_type = QComboBox()
        self.org_type.addItems(list(ORG_TYPES))
        self.org_type.setCurrentText(initial.org_type if initial else "Trust")
        self.code = QLineEdit(initial.code or "" if initial else "")
        self.contact_name = QLineEdit(initial.contact_name or "" if initial else "")
        self.contact_email = QLineEdit(initial.contact_email or "" if initial else "")
        form = QFormLayout(self)
        for text, widget in (
            ("Name", self.name),
            ("ICB", self.icb),
            ("Type", self.org_type),
            ("ODS code", self.code),
            ("Contact name", self.contact_name),
            ("Contact e-mail", self.contact_email),
        ):
            widget.setAccessibleName(text)
            form.addRow(text, widget)
        self.active = QCheckBox("Active")
        self.active.setAccessibleName("Active")
        self.active.setChecked(initial.active if initial else True)
        self.active.setVisible(initial is not None)
        form.addRow("", self.active)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def draft(self) -> OrganisationDraft:
        return OrganisationDraft(
            name=self.name.text(),
            icb=self.icb.currentText(),
            org_type=self.org_type.currentText(),
            code=self.code.text(),
            contact_name=self.contact_name.text(),
            contact_email=self.contact_email.text(),
        )


def ask_organisation(
    parent: QWidget, icbs: list[str], initial: Organisation | None = None
) -> OrganisationDraft | None:
    dialog = OrganisationDialog(parent, icbs, initial)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.draft()
