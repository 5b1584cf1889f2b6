"""Questions the Outcomes screen asks (a folder, a file, document settings); replaceable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from arf_desktop.exporters.documents import Letterhead, Signatory
from arf_desktop.exporters.output_settings import OutputSettings
from arf_desktop.exporters.round_settings import Resubmission


def ask_folder(parent: QWidget, title: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title)
    return Path(chosen) if chosen else None


def ask_save_file(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(
        parent, title, suggested, filters, options=QFileDialog.Option.DontConfirmOverwrite
    )  # the replace question is the app's own (ui.kit.outputs), asked once
    return Path(chosen) if chosen else None


def open_file(path: Path) -> bool:
    """Open a file with the system's viewer (a PDF reader for documents)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


@dataclass(frozen=True)
class DocumentSettings:
    """What the document settings dialog returns: who signs, the letterhead, resubmission."""

    signatories: tuple[Signatory, ...]
    letterhead: Letterhead
    resubmission_deadline: str | None  # weeks ("8") or a date (YYYY-MM-DD); None: no round
    resubmission_route: str | None


class DocumentSettingsDialog(QDialog):
    """Signatories, letterhead and the round's resubmission deadline and route, in one place."""

    ROWS = 4

    def __init__(
        self,
        parent: QWidget | None,
        settings: OutputSettings,
        resubmission: Resubmission | None,
        round_name: str | None,
        first_time: bool,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Document settings")
        form = QFormLayout(self)
        if first_time:
            intro = QLabel(
                "Before the first letters and certificates go out, name the people who sign "
                "them. The roles below are suggestions: give each signatory's name."
            )
            intro.setWordWrap(True)
            form.addRow(intro)
        people = list(settings.signatories) if settings.signatories_set else []
        roles = [s.role for s in settings.signatories]
        self.names: list[QLineEdit] = []
        self.roles: list[QLineEdit] = []
        for index in range(self.ROWS):
            person = people[index] if index < len(people) else None
            name = QLineEdit(person.name if person else "")
            name.setPlaceholderText("Name")
            role = QLineEdit(
                person.role if person else (roles[index] if index < len(roles) else "")
            )
            role.setPlaceholderText("Role")
            for widget, what in ((name, "name"), (role, "role")):
                widget.setAccessibleName(f"Signatory {index + 1} {what}")
            row = QHBoxLayout()
            row.addWidget(name, 1)
            row.addWidget(role, 2)
            form.addRow(f"Signatory {index + 1}", row)
            self.names.append(name)
            self.roles.append(role)
        head = settings.letterhead
        self.title = self._line(form, "Letterhead title", head.title)
        self.subtitle = self._line(form, "Letterhead line", head.subtitle)
        self.contact = self._line(form, "Letterhead contact", head.contact)
        self.contact.setPlaceholderText("Optional: an e-mail address or telephone number")
        self.weeks = QSpinBox()
        self.fixed = QCheckBox("On a fixed date instead")
        self.deadline = QDateEdit(QDate.currentDate())
        self.route = QLineEdit()
        self._round_rows(form, resubmission, round_name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(640, self.sizeHint().height())

    def _line(self, form: QFormLayout, text: str, value: str) -> QLineEdit:
        widget = QLineEdit(value)
        widget.setAccessibleName(text)
        form.addRow(text, widget)
        return widget

    def _round_rows(
        self, form: QFormLayout, resubmission: Resubmission | None, round_name: str | None
    ) -> None:
        self.round_name = round_name if resubmission is not None else None
        if resubmission is None:
            return
        self.weeks.setRange(1, 52)
        self.weeks.setValue(resubmission.weeks)
        self.weeks.setSuffix(" weeks after the panel date")
        self.weeks.setAccessibleName("Resubmission deadline in weeks")
        self.fixed.setChecked(resubmission.fixed is not None)
        self.fixed.setAccessibleName("Resubmission deadline on a fixed date")
        if resubmission.fixed is not None:
            self.deadline.setDate(QDate(resubmission.fixed))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("d MMM yyyy")
        self.deadline.setAccessibleName("Resubmission date")
        self.route.setText(resubmission.route)
        self.route.setAccessibleName("How revised evidence is sent")
        row = QHBoxLayout()
        for widget in (self.weeks, self.fixed, self.deadline):
            row.addWidget(widget)
        form.addRow(f"Minor revisions due ({round_name})", row)
        form.addRow("Route for revised evidence", self.route)
        self.fixed.toggled.connect(self._toggle)
        self._toggle(self.fixed.isChecked())

    def _toggle(self, fixed: bool) -> None:
        self.weeks.setEnabled(not fixed)
        self.deadline.setEnabled(fixed)

    def settings(self) -> DocumentSettings:
        people = tuple(
            Signatory(name.text().strip(), role.text().strip())
            for name, role in zip(self.names, self.roles, strict=True)
            if name.text().strip()
        )
        head = Letterhead(self.title.text(), self.subtitle.text(), self.contact.text())
        if self.round_name is None:
            return DocumentSettings(people, head, None, None)
        chosen: date = self.deadline.date().toPython()  # type: ignore[assignment]
        deadline = chosen.isoformat() if self.fixed.isChecked() else str(self.weeks.value())
        return DocumentSettings(people, head, deadline, self.route.text())


def ask_document_settings(
    parent: QWidget,
    settings: OutputSettings,
    resubmission: Resubmission | None,
    round_name: str | None,
    first_time: bool = False,
) -> DocumentSettings | None:
    dialog = DocumentSettingsDialog(parent, settings, resubmission, round_name, first_time)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.settings()
