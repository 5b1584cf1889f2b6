"""Questions and reports of the Exchange screen: folders, files, the merge report, a value."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.exchange.edit_clashes import QueuedClash
from arf_desktop.exchange.merge import MERGED, REJECTED, UNCHANGED, BatchMerge
from arf_desktop.exchange.packs import PacksWritten
from arf_desktop.ui.kit.report_dialog import ReportDialog

RETURN_FILTER = "Score returns (*.arfreturn);;All files (*)"
PACK_FILTER = "Work packs (*.arfpack);;All files (*)"
# the replace question is the app's own (ui.kit.outputs), asked once
NO_SECOND_QUESTION = QFileDialog.Option.DontConfirmOverwrite
MARKS = {MERGED: "✔ MERGED", UNCHANGED: "= UNCHANGED", REJECTED: "✖ REJECTED"}


def ask_pack_folder(parent: QWidget) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, "Folder for the work packs")
    return Path(chosen) if chosen else None


def ask_return_files(parent: QWidget) -> list[Path]:
    chosen, _ = QFileDialog.getOpenFileNames(parent, "Import score returns", "", RETURN_FILTER)
    return [Path(p) for p in chosen]


def ask_pack_file(parent: QWidget) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, "Import a work pack", "", PACK_FILTER)
    return Path(chosen) if chosen else None


def ask_return_target(parent: QWidget, suggested: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Write score return", suggested, RETURN_FILTER, options=NO_SECOND_QUESTION
    )
    return Path(chosen) if chosen else None


def packs_text(result: PacksWritten) -> str:
    lines = [f"{len(result.written)} work packs written for “{result.round}”:"]
    lines += [f"• {p.path.name} ({p.allocations} submissions)" for p in result.written]
    lines += [f"✖ No pack for {who}: {why}" for who, why in result.problems]
    if result.cancelled:
        lines.append(f"Cancelled before: {', '.join(result.not_started)}.")
    return "\n".join(lines)


def report_text(batch: BatchMerge) -> str:
    """The merge report as plain text: a block per return, problems and conflicts named."""
    lines = [
        f"{batch.count(MERGED)} merged · {batch.count(UNCHANGED)} unchanged · "
        f"{batch.count(REJECTED)} rejected. Records: {batch.total('new')} new, "
        f"{batch.total('updated')} updated, {batch.total('unchanged')} unchanged, "
        f"{batch.total('older')} older ignored, {batch.total('clashes')} conflicts."
    ]
    if batch.cancelled:
        lines.append(f"Cancelled: {batch.not_started} file(s) were not started.")
    order = {REJECTED: 0, MERGED: 1, UNCHANGED: 2}
    for report in sorted(batch.reports, key=lambda r: order.get(r.status, 3)):
        lines.append("")
        who = f" — {report.assessor}" if report.assessor else ""
        lines.append(f"{MARKS.get(report.status, report.status)}  {report.file}{who}")
        lines.append(f"    {report.line()}")
        lines += [f"    Problem  {reason}" for reason in report.reasons]
        lines += [f"    Note     {note}" for note in report.notes]
    if not batch.reports:
        lines += ["", "No score returns were chosen."]
    return "\n".join(lines)


class MergeReportDialog(ReportDialog):
    """Every return's result, as text that can be selected and copied."""

    def __init__(self, parent: QWidget | None, batch: BatchMerge) -> None:
        rejected = batch.count(REJECTED)
        conflicts = batch.total("clashes")
        headline = (
            f"{batch.count(MERGED)} merged · {batch.count(UNCHANGED)} unchanged · "
            f"{rejected} rejected · {conflicts} conflicts"
        )
        super().__init__(
            parent,
            "Score returns merged",
            "merge",
            headline,
            not (rejected or conflicts),
            report_text(batch),
        )


def show_merge_report(parent: QWidget | None, batch: BatchMerge) -> None:
    MergeReportDialog(parent, batch).exec()


class ChooseValueDialog(QDialog):
    """Pick the value to keep for one conflict, with an optional note for the audit log."""

    def __init__(self, parent: QWidget | None, conflict: QueuedClash) -> None:
        super().__init__(parent)
        self.setWindowTitle("Resolve score conflict")
        self.setAccessibleName("Resolve score conflict")
        intro = QLabel(
            f"{conflict.organisation} — {conflict.item_label}\nAssessor: {conflict.assessor}. "
            f"Why: {conflict.kind_text}. Choose the value to keep; the other values stay in the "
            "audit log."
        )
        intro.setWordWrap(True)
        intro.setAccessibleName("What the conflict is about")
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for choice in conflict.choices:
            button = QRadioButton(choice.label)
            button.setAccessibleName(f"Keep value {choice.index + 1}: {choice.label}")
            self.group.addButton(button, choice.index)
            layout.addWidget(button)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note for the audit log (optional)")
        self.note.setAccessibleName("Note for the audit log")
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Keep this value")
        ok.setAccessibleName("Keep the chosen value")
        ok.setEnabled(False)
        self.group.idClicked.connect(lambda _id: ok.setEnabled(True))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def answer(self) -> tuple[int, str] | None:
        chosen = self.group.checkedId()
        return None if chosen < 0 else (chosen, self.note.text())


def ask_choice(parent: QWidget, conflict: QueuedClash) -> tuple[int, str] | None:
    dialog = ChooseValueDialog(parent, conflict)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()


class RevokeKeyDialog(QDialog):
    """Revoke an assessor's return keys (a lost laptop), optionally sending a fresh pack."""

    def __init__(self, parent: QWidget | None, round_name: str, assessors: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Revoke an assessor's return key")
        self.setAccessibleName("Revoke an assessor's return key")
        intro = QLabel(
            f"Returns signed with the assessor's keys for “{round_name}” will be refused. "
            "A new work pack carries a fresh key; returns made from it are accepted again."
        )
        intro.setWordWrap(True)
        self.assessor = QComboBox()
        self.assessor.addItems(assessors)
        self.assessor.setAccessibleName("Assessor")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why, for example: laptop lost (kept in the audit log)")
        self.reason.setAccessibleName("Reason")
        self.rotate = QCheckBox("Write a new work pack with a fresh key now")
        self.rotate.setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Revoke key")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.assessor, self.reason, self.rotate, buttons):
            layout.addWidget(widget)

    def answer(self) -> tuple[str, str, bool]:
        return self.assessor.currentText(), self.reason.text(), self.rotate.isChecked()


def ask_revocation(
    parent: QWidget, round_name: str, assessors: list[str]
) -> tuple[str, str, bool] | None:
    dialog = RevokeKeyDialog(parent, round_name, assessors)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()


def ask_pack_target(parent: QWidget, suggested: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Write the new work pack", suggested, PACK_FILTER, options=NO_SECOND_QUESTION
    )
    return Path(chosen) if chosen else None
