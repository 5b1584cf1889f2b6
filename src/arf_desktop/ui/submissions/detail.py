"""The submission detail view: cover answers, each criterion's answers and files, what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.records import CriterionAnswer, EvidenceFile, SubmissionDetail
from arf_desktop.files.atomic import write_atomic
from arf_desktop.files.output_guard import guarding
from arf_desktop.registers.frameworks import framework_by_id
from arf_desktop.registers.submissions import evidence_file, submission_detail
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs, evidence_viewer, outputs
from arf_desktop.ui.kit.record_model import Column, RecordTableModel
from arf_desktop.ui.kit.widgets import fit_to_screen, label, make_table


@dataclass(frozen=True)
class CriterionLine:
    """One criterion row of the detail table."""

    criterion_id: str
    title: str
    level: str
    answer: CriterionAnswer

    @property
    def files_text(self) -> str:
        stored = sum(ref.stored for ref in self.answer.files)
        named = len(self.answer.files)
        return f"{stored} of {named}" if stored != named else str(named)


def shown_date(iso: str) -> str:
    """A stored ISO date as the UK writes it (31/03/2026); anything else unchanged."""
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def lines_for(detail: SubmissionDetail, framework: Framework) -> list[CriterionLine]:
    result = []
    for answer in detail.answers:
        known = framework.has_criterion(answer.criterion_id)
        criterion = framework.criterion(answer.criterion_id) if known else None
        result.append(
            CriterionLine(
                answer.criterion_id,
                criterion.title if criterion else "",
                framework.level(criterion.level).name if criterion else "",
                answer,
            )
        )
    return result


class SubmissionDetailDialog(QDialog):
    """One submission, newest version first; older versions can be chosen."""

    def __init__(self, parent: QWidget | None, workspace: Workspace, submission_id: int) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.submission_id = submission_id
        self.setWindowTitle("Submission")
        self.setAccessibleName("Submission detail")
        fit_to_screen(self, 1180, 760)
        self.title = label("", "title", "Organisation and round")
        self.subtitle = label("", "subtitle", "Version summary")
        self.versions = QComboBox()
        self.versions.setAccessibleName("Version shown")
        self.cover = QFormLayout()
        cover_box = QGroupBox("Cover")
        cover_box.setLayout(self.cover)
        self.model: RecordTableModel[CriterionLine] = RecordTableModel(
            [
                Column("Criterion", lambda c: c.criterion_id),
                Column("Level", lambda c: c.level),
                Column("Title", lambda c: c.title),
                Column("Self-assessment", lambda c: c.answer.self_assessment or "—"),
                Column("Files", lambda c: c.files_text, numeric=True),
                Column("Changed", lambda c: "Changed" if c.answer.changed else ""),
            ]
        )
        self.table = make_table("Criteria in this submission")
        self.table.setModel(self.model)
        self.criterion_title = label("", "subtitle", "Selected criterion")
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setAccessibleName("Evidence summary")
        self.files = QListWidget()
        self.files.setAccessibleName("Evidence files")
        self.open_button = QPushButton("Open file")
        self.open_button.setAccessibleName("Open the selected evidence file")
        self.save_button = QPushButton("Save a copy…")
        self.save_button.setAccessibleName("Save a copy of the selected evidence file")
        self.save_button.setProperty("role", "secondary")
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setAccessibleName("Import warnings")
        self.warnings.setMaximumHeight(110)
        self._layout(cover_box)
        self.versions.currentIndexChanged.connect(self._version_chosen)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.files.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.files.itemActivated.connect(lambda _item: self.open_selected())
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.framework: Framework | None = None
        self.detail: SubmissionDetail | None = None
        self.show_version(None)

    def _layout(self, cover_box: QGroupBox) -> None:
        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.subtitle)
        top.addLayout(heading, 1)
        top.addWidget(QLabel("Version:"))
        top.addWidget(self.versions)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.criterion_title)
        right_layout.addWidget(QLabel("Evidence summary"))
        right_layout.addWidget(self.summary, 3)
        right_layout.addWidget(QLabel("Evidence files"))
        right_layout.addWidget(self.files, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(cover_box)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setSizes([640, 520])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.warnings)
        layout.addWidget(close)
        for first, second in (
            (self.versions, self.table),
            (self.table, self.summary),
            (self.summary, self.files),
            (self.files, self.open_button),
            (self.open_button, self.save_button),
        ):
            self.setTabOrder(first, second)

    # -- loading -------------------------------------------------------------
    def show_version(self, version_no: int | None) -> None:
        detail = submission_detail(self.workspace, self.submission_id, version_no)
        self.framework = framework_by_id(self.workspace, detail.framework_id)
        self.detail = detail
        self.setWindowTitle(f"{detail.organisation} — version {detail.version_no}")
        self.title.setText(f"{detail.organisation} — {detail.round_name}")
        level = self.framework.level(detail.level_applied).name
        changed = detail.changed
        since = (
            f"{len(changed)} criteria changed since version {detail.compared_with}"
            if detail.compared_with
            else "First version"
        )
        self.subtitle.setText(
            f"Version {detail.version_no} of {detail.versions} · Level applied for: {level} · "
            f"{since} · imported {detail.imported_at[:16].replace('T', ' ')} by "
            f"{detail.imported_by} from {detail.source_name}"
        )
        self.versions.blockSignals(True)
        self.versions.clear()
        for number in range(detail.versions, 0, -1):
            self.versions.addItem(
                f"{number}{' (latest)' if number == detail.versions else ''}", number
            )
        self.versions.setCurrentIndex(self.versions.findData(detail.version_no))
        self.versions.blockSignals(False)
        while self.cover.rowCount():
            self.cover.removeRow(0)
        for key, value in detail.cover.items():
            answer = label(shown_date(value) if key == "Submission date" else value, name=key)
            answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.cover.addRow(f"{key}:", answer)
        self.model.set_records(lines_for(detail, self.framework))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 300))
        self.warnings.setPlainText(
            "Warnings from the import:\n" + "\n".join(f"• {w}" for w in detail.warnings)
            if detail.warnings
            else "No warnings from the import."
        )
        self.warnings.setVisible(bool(detail.warnings))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._show_line(self.current_line())

    def _version_chosen(self, index: int) -> None:
        if index >= 0:
            self.show_version(self.versions.itemData(index))

    def current_line(self) -> CriterionLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _row_chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_line(self.current_line())

    def _show_line(self, line: CriterionLine | None) -> None:
        self.files.clear()
        if line is None:
            self.criterion_title.setText("Choose a criterion to see its evidence.")
            self.summary.setPlainText("")
            self._update_buttons()
            return
        marker = (
            f"  [Changed since version {self.detail.compared_with}]"
            if line.answer.changed and self.detail and self.detail.compared_with
            else ""
        )
        self.criterion_title.setText(
            f"{line.criterion_id} {line.title} — self-assessment: "
            f"{line.answer.self_assessment or 'not given'}{marker}"
        )
        self.summary.setPlainText(line.answer.summary or "(No evidence summary given.)")
        for ref in line.answer.files:
            text = ref.name if ref.stored else f"{ref.name} (not received)"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, ref)
            self.files.addItem(item)
        if self.files.count():
            self.files.setCurrentRow(0)
        self._update_buttons()

    def selected_file(self) -> EvidenceFile | None:
        item = self.files.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        ref = self.selected_file()
        stored = ref is not None and ref.stored
        self.open_button.setEnabled(stored and evidence_viewer.can_open(ref.name))  # type: ignore[union-attr]
        self.save_button.setEnabled(stored)

    # -- files -----------------------------------------------------------------
    def _content(self, ref: EvidenceFile) -> bytes:
        return evidence_file(self.workspace, ref.file_id)  # type: ignore[arg-type]

    def open_selected(self) -> Path | None:
        ref = self.selected_file()
        if ref is None or not ref.stored:
            return None
        return evidence_viewer.open_evidence(
            self,
            ref.file_id,
            ref.name,
            lambda: self._content(ref),  # type: ignore[arg-type]
        )

    def save_selected(self) -> Path | None:
        ref = self.selected_file()
        if ref is None or not ref.stored:
            return None
        target = ask_save_evidence(self, evidence_viewer.safe_name(ref.name))
        if target is None:
            return None
        policy = outputs.approve(self, self.workspace, [(target, None)])
        if policy is None:
            return None
        try:
            with guarding(policy):
                write_atomic(target, self._content(ref))
        except (UserFacingError, OSError) as error:
            dialogs.show_error(self, "Not saved", getattr(error, "message", None) or str(error))
            return None
        return target


def ask_save_evidence(parent: QWidget, suggested: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        "Save a copy of the evidence file",
        suggested,
        options=QFileDialog.Option.DontConfirmOverwrite,  # the app asks (ui.kit.outputs)
    )
    return Path(chosen) if chosen else None


def open_detail(parent: QWidget | None, workspace: Workspace, submission_id: int) -> QDialog:
    """Show the detail window (not modal, so several can be open side by side)."""
    dialog = SubmissionDetailDialog(parent, workspace, submission_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
