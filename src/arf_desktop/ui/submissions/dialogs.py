"""Questions the Submissions screen asks (new round, which round, files, template options)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from arf_desktop.domain.framework import Framework
from arf_desktop.registers.rounds import RoundDraft

WORKBOOK_FILTER = "Workbooks and zip batches (*.xlsx *.zip);;All files (*)"


def default_round_name(today: date | None = None) -> str:
    today = today or date.today()
    start = today.year if today.month >= 4 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d} recognition round"


class RoundDialog(QDialog):
    """Name, dates and settings of a new round (it uses the current framework version)."""

    def __init__(self, parent: QWidget | None, suggested: str, framework_label: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("New round")
        self.name = QLineEdit(suggested)
        today = QDate.currentDate()
        self.opens = QDateEdit(today)
        self.closes = QDateEdit(today.addMonths(6))
        self.submission_deadline = QDateEdit(today.addMonths(3))
        self.scoring_deadline = QDateEdit(today.addMonths(4))
        self.panel_date = QDateEdit(today.addMonths(5))
        self.resubmission_opens = QDateEdit(today.addMonths(6))
        self.resubmission_closes = QDateEdit(today.addMonths(9))
        self.dated = {
            "submission_deadline": self.submission_deadline,
            "scoring_deadline": self.scoring_deadline,
            "panel_date": self.panel_date,
            "resubmission_opens": self.resubmission_opens,
            "resubmission_closes": self.resubmission_closes,
        }
        for edit in (self.opens, self.closes, *self.dated.values()):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.assessors = QSpinBox()
        self.assessors.setRange(1, 10)
        self.assessors.setValue(2)
        self.same_icb = QCheckBox("Assessors may not score organisations in their own ICB")
        framework = QLineEdit(framework_label)
        framework.setReadOnly(True)
        form = QFormLayout(self)
        for text, widget in (
            ("Framework", framework),
            ("Round name", self.name),
            ("Opens", self.opens),
            ("Closes", self.closes),
            ("Submission deadline", self.submission_deadline),
            ("Scoring deadline", self.scoring_deadline),
            ("Panel date", self.panel_date),
            ("Resubmission window opens", self.resubmission_opens),
            ("Resubmission window closes", self.resubmission_closes),
            ("Assessors per submission", self.assessors),
        ):
            widget.setAccessibleName(text)
            form.addRow(text, widget)
        self.same_icb.setAccessibleName("Same-ICB conflict of interest")
        form.addRow("", self.same_icb)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def draft(self) -> RoundDraft:
        return RoundDraft(
            name=self.name.text(),
            opens_on=self.opens.date().toString("yyyy-MM-dd"),
            closes_on=self.closes.date().toString("yyyy-MM-dd"),
            assessors_per_submission=self.assessors.value(),
            same_icb_conflict=self.same_icb.isChecked(),
            **{key: edit.date().toString("yyyy-MM-dd") for key, edit in self.dated.items()},
        )


def ask_new_round(parent: QWidget, suggested: str, framework_label: str) -> RoundDraft | None:
    dialog = RoundDialog(parent, suggested, framework_label)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.draft()


def ask_choose_round(parent: QWidget, names: list[str]) -> str | None:
    chosen, ok = QInputDialog.getItem(
        parent, "Which round?", "Import the workbooks into round:", names, 0, False
    )
    return chosen if ok and chosen else None


def ask_import_files(parent: QWidget) -> list[Path]:
    chosen, _ = QFileDialog.getOpenFileNames(
        parent, "Import workbooks or zip batches", "", WORKBOOK_FILTER
    )
    return [Path(c) for c in chosen]


def ask_import_folder(parent: QWidget) -> list[Path]:
    chosen = QFileDialog.getExistingDirectory(parent, "Import every workbook in a folder")
    return [Path(chosen)] if chosen else []


@dataclass(frozen=True)
class TemplateChoice:
    path: Path
    organisation: str | None
    level: str | None


class TemplateDialog(QDialog):
    """Who the blank workbook is for and which levels it covers."""

    def __init__(self, parent: QWidget | None, framework: Framework, organisations: list[str]):
        super().__init__(parent)
        self.setWindowTitle("Blank submission workbook")
        self.organisation = QComboBox()
        self.organisation.addItem("Any organisation (chosen in the workbook)", None)
        for name in organisations:
            self.organisation.addItem(name, name)
        self.level = QComboBox()
        self.level.addItem("All levels", None)
        for level in framework.levels:
            self.level.addItem(f"Up to {level.name}", level.id)
        form = QFormLayout(self)
        for text, widget in (("Organisation", self.organisation), ("Criteria", self.level)):
            widget.setAccessibleName(text)
            form.addRow(text, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def ask_template(
    parent: QWidget, framework: Framework, organisations: list[str]
) -> TemplateChoice | None:
    dialog = TemplateDialog(parent, framework, organisations)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    organisation, level = dialog.organisation.currentData(), dialog.level.currentData()
    from arf_desktop.importers.template_file import default_name

    suggested = default_name(organisation, framework.find_level(level) if level else None)
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        "Save the blank workbook",
        suggested,
        "Excel workbook (*.xlsx)",
        options=QFileDialog.Option.DontConfirmOverwrite,  # the app asks (ui.kit.outputs)
    )
    if not chosen:
        return None
    path = Path(chosen)
    return TemplateChoice(path if path.suffix else path.with_suffix(".xlsx"), organisation, level)


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """One line of text (a new name, a reason); None when cancelled or left empty."""
    answer, ok = QInputDialog.getText(parent, title, label, text=text)
    answer = " ".join(answer.split())
    return answer if ok and answer else None
