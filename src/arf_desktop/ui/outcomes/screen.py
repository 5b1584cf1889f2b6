"""The Outcomes & exports screen: decided outcomes, preview, batch exports and the dashboard."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.exporters.documents import format_date
from arf_desktop.exporters.from_decisions import DecidedDocument, documents_for_review
from arf_desktop.exporters.output_settings import output_settings, save_output_settings
from arf_desktop.exporters.round_settings import resubmission_for, save_resubmission
from arf_desktop.moderation.review import load_round
from arf_desktop.registers.rounds import list_rounds, require_round
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs, outputs
from arf_desktop.ui.kit.background import BackgroundReader
from arf_desktop.ui.kit.read_only import reads_only
from arf_desktop.ui.kit.record_model import RECORD_ROLE, Column, RecordTableModel
from arf_desktop.ui.kit.task_runner import TaskRunner
from arf_desktop.ui.kit.widgets import (
    EmptyState,
    FilterProxy,
    ScreenHeader,
    enable_sorting,
    filter_box,
    fit_columns,
    make_table,
)
from arf_desktop.ui.outcomes import dialogs as output_dialogs
from arf_desktop.ui.outcomes import exports as jobs
from arf_desktop.ui.outcomes.dashboard_view import DashboardPanel
from arf_desktop.ui.outcomes.preview import outcome_words, preview_html

ALL_DOCUMENTS = ("letters", "certificates", "feedback")


def _columns() -> list[Column[DecidedDocument]]:
    return [
        Column("Organisation", lambda d: d.organisation),
        Column("Outcome", lambda d: outcome_words(d.document)),
        Column("Level awarded", lambda d: d.document.level_awarded or "–"),
        Column("Level applied for", lambda d: d.document.level_applied),
        Column("ICB", lambda d: d.document.icb),
        Column("Decision date", lambda d: d.document.decision_date, display=format_date),
        Column("Reference", lambda d: d.document.reference),
    ]


class OutcomesScreen(QWidget):
    """Decisions of the chosen round with a preview; exports run in the background."""

    def __init__(self, workspace: Workspace, actor: Callable[[], str] | None = None) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.workspace = workspace
        self.actor = actor or workspace.default_user
        self._signatories_named = True
        self.runner = TaskRunner(self)
        self.reader = BackgroundReader(self, self._loaded, self._load_failed)
        self.runner.finished.connect(self._export_done)
        self.runner.failed.connect(self._export_failed)
        self._scratch: tempfile.TemporaryDirectory[str] | None = None  # made at the first preview
        self.header = ScreenHeader("Outcomes & exports", "")
        self.round = QComboBox()
        self.round.setAccessibleName("Round shown")
        self.round.setMinimumWidth(240)
        self.filter = filter_box("Filter decisions", "Filter by organisation, ICB, outcome…")
        self.count = QLabel()
        self.count.setAccessibleName("Decisions shown")
        self.model: RecordTableModel[DecidedDocument] = RecordTableModel(_columns())
        self.proxy = FilterProxy()
        self.proxy.setSourceModel(self.model)
        self.table = make_table("Decisions table")
        self.table.setModel(self.proxy)
        enable_sorting(self.table, 0)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Letter preview")
        self.preview.setOpenLinks(False)
        self.open_letter = self._button("Open letter", "Open the selected award letter as PDF")
        self.open_certificate = self._button("Open certificate", "Open the selected certificate")
        self.open_feedback = self._button("Open feedback report", "Open the feedback report")
        for viewing in (self.open_letter, self.open_certificate, self.open_feedback):
            reads_only(viewing)  # rendered to a scratch file, the workspace untouched
        self.appeal_button = self._button("Appeal pack…", "Save the selected appeal pack")
        self.export_all = self._button(
            "Export all…", "Export every document and the workbook", primary=True
        )
        self.export_letters = self._button("Letters…", "Export every award letter")
        self.export_certificates = self._button("Certificates…", "Export every certificate")
        self.export_feedback = self._button("Feedback reports…", "Export every feedback report")
        self.export_results = self._button("Results workbook…", "Save the results workbook")
        self.settings_button = self._button(
            "Document settings…", "Signatories, letterhead and the resubmission deadline"
        )
        self.also_text = QCheckBox("Letters also as plain text")
        self.also_text.setAccessibleName("Also write each letter as plain text for screen readers")
        self.also_text.setToolTip("A letter-….txt beside each letter, for screen-reader users")
        self.export_buttons = (
            self.export_all,
            self.export_letters,
            self.export_certificates,
            self.export_feedback,
            self.export_results,
        )
        self.empty = EmptyState(
            "No outcomes yet",
            "Letters, certificates and feedback reports are made here once the panel has decided "
            "outcomes. Agree scores and decide outcomes in Moderation first.",
        )
        self._dashboard: DashboardPanel | None = None  # built when its tab is first shown
        self._build_layout()
        self.round.currentIndexChanged.connect(lambda _i: self.reload())
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(lambda _t: self._update_count())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.open_letter.clicked.connect(lambda: self.open_document("letters"))
        self.open_certificate.clicked.connect(lambda: self.open_document("certificates"))
        self.open_feedback.clicked.connect(lambda: self.open_document("feedback"))
        self.appeal_button.clicked.connect(lambda: self.save_appeal_pack())
        self.export_all.clicked.connect(lambda: self.export(ALL_DOCUMENTS, with_results=True))
        self.export_letters.clicked.connect(lambda: self.export(("letters",)))
        self.export_certificates.clicked.connect(lambda: self.export(("certificates",)))
        self.export_feedback.clicked.connect(lambda: self.export(("feedback",)))
        self.export_results.clicked.connect(lambda: self.save_results())
        self.settings_button.clicked.connect(lambda: self.edit_document_settings())
        self.refresh()

    def _button(self, text: str, name: str, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        if not primary:
            button.setProperty("role", "secondary")
        return button

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        round_label = QLabel("Round:")
        round_label.setBuddy(self.round)
        for widget in (round_label, self.round, self.filter, self.count):
            filters.addWidget(widget, 1 if widget is self.filter else 0)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.preview, 1)
        opens = QHBoxLayout()
        for button in (self.open_letter, self.open_certificate, self.open_feedback):
            opens.addWidget(button)
        side_layout.addLayout(opens)
        side_layout.addWidget(self.appeal_button, 0, Qt.AlignmentFlag.AlignRight)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(side)
        self.splitter.setSizes([720, 400])
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)
        exports = QHBoxLayout()
        exports.addWidget(QLabel("Export for every decided organisation:"))
        for button in self.export_buttons:
            exports.addWidget(button)
        exports.addWidget(self.also_text)
        exports.addStretch(1)
        exports.addWidget(self.settings_button)
        decisions = QWidget()
        page = QVBoxLayout(decisions)
        page.addLayout(filters)
        page.addWidget(self.stack, 1)
        page.addLayout(exports)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Outcomes views")
        self.tabs.addTab(decisions, "Decisions")
        self.tabs.addTab(QWidget(), "Regional dashboard")
        self.tabs.currentChanged.connect(lambda index: index == 1 and self.dashboard.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        order = (
            self.tabs,
            self.round,
            self.filter,
            self.table,
            self.preview,
            self.open_letter,
            self.open_certificate,
            self.open_feedback,
            self.appeal_button,
            *self.export_buttons,
            self.also_text,
            self.settings_button,
        )
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    @property
    def dashboard(self) -> DashboardPanel:
        """The regional dashboard tab, built the first time it is wanted."""
        if self._dashboard is None:
            self._dashboard = DashboardPanel(self.workspace)
            current = self.tabs.currentIndex()
            self.tabs.blockSignals(True)
            placeholder = self.tabs.widget(1)
            self.tabs.removeTab(1)
            placeholder.deleteLater()
            self.tabs.insertTab(1, self._dashboard, "Regional dashboard")
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
        return self._dashboard

    # -- showing -------------------------------------------------------------------
    def refresh(self) -> None:
        rounds = list_rounds(self.workspace)
        chosen = self.round.currentData()
        self.round.blockSignals(True)
        self.round.clear()
        for item in rounds:
            self.round.addItem(item.name, item.name)
        found = self.round.findData(chosen)
        newest_open = max(
            (i for i, r in enumerate(rounds) if not r.closed), default=len(rounds) - 1
        )
        self.round.setCurrentIndex(found if found >= 0 else newest_open)
        self.round.blockSignals(False)
        self.reload()
        if self.tabs.currentIndex() == 1:
            self.dashboard.refresh()

    _settings_changed = False

    def reload(self) -> None:
        """Load the chosen round's decisions on a worker; the table fills in when they arrive."""
        name = self.round.currentData()
        if not name:
            self.reader.supersede()
            self._loaded((None, [], 0))
            return
        self.header.subtitle.setText(f"Loading the decisions in {name}…")
        workspace = self.workspace

        def work() -> tuple[str, list[DecidedDocument], int]:
            review = load_round(workspace, name)
            documents = documents_for_review(workspace, review)
            return name, documents, len(review.entries) - len(documents)

        self.reader.start(work)

    def _loaded(self, found: tuple[str | None, list[DecidedDocument], int]) -> None:
        name, documents, undecided = found
        self.header.subtitle.setText(
            f"{len(documents)} decided, {undecided} still open in {name}."
            if name
            else "No rounds yet: import workbooks on the Submissions screen."
        )
        self._show_documents(documents)

    def _load_failed(self, message: str) -> None:
        self.header.subtitle.setText(message)
        self._show_documents([])

    def _show_documents(self, documents: list[DecidedDocument]) -> None:
        self.model.set_records(documents)
        self._signatories_named = self._named()
        self.stack.setCurrentIndex(1 if documents else 0)
        fit_columns(self.table)
        if documents and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self._show_selected()
        self._update_count()

    def _named(self) -> bool:
        try:
            return output_settings(self.workspace).signatories_set
        except UserFacingError:
            return False

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()} shown")
        busy, has_rows = self.runner.busy, self.model.rowCount() > 0
        for button in self.export_buttons[:-1]:
            button.setEnabled(has_rows and not busy)
        self.export_results.setEnabled(bool(self.round.currentData()) and not busy)

    def selected(self) -> DecidedDocument | None:
        index = self.table.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def _show_selected(self) -> None:
        chosen = self.selected()
        named = self._signatories_named
        self.preview.setHtml(preview_html(chosen.document, named) if chosen else "")
        for button in (self.open_letter, self.open_feedback, self.appeal_button):
            button.setEnabled(chosen is not None and not self.runner.busy)
        awarded = chosen is not None and bool(chosen.document.level_awarded)
        self.open_certificate.setEnabled(awarded)

    # -- documents -----------------------------------------------------------------
    def open_document(self, kind: str) -> Path | None:
        """Render the selected document to a temporary PDF and open it in the PDF viewer."""
        chosen = self.selected()
        if chosen is None:
            return None
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="arf-preview-")
        path = jobs.render_to(Path(self._scratch.name), chosen, kind)
        output_dialogs.open_file(path)
        return path

    def edit_document_settings(self, first_time: bool = False) -> bool:
        """Ask for the signatories, letterhead and the round's resubmission; save them."""
        name = self.round.currentData()
        try:
            settings = output_settings(self.workspace)
            chosen = require_round(self.workspace, name) if name else None
            resubmission = resubmission_for(self.workspace, chosen) if chosen else None
        except UserFacingError as error:
            dialogs.show_error(self, "Document settings", error.message)
            return False
        answer = output_dialogs.ask_document_settings(
            self, settings, resubmission, name, first_time
        )
        if answer is None:
            return False
        if not answer.signatories:
            dialogs.show_error(
                self, "Document settings not saved", "Name at least one person who signs."
            )
            return False
        try:
            save_output_settings(
                self.workspace,
                self.actor(),
                signatories=answer.signatories,
                letterhead=answer.letterhead,
            )
            if name and answer.resubmission_deadline is not None:
                save_resubmission(
                    self.workspace,
                    self.actor(),
                    name,
                    answer.resubmission_deadline,
                    answer.resubmission_route,
                )
        except UserFacingError as error:
            dialogs.show_error(self, "Document settings not saved", error.message)
            return False
        self._settings_changed = True  # documents already loaded carry the old wording
        self.reload()
        return True

    def _ready_to_export(self, kinds: Sequence[str]) -> bool:
        """Signatories named before the first letters; warnings seen before sending."""
        signed = {"letters", "certificates"} & set(kinds)
        unnamed = signed and not output_settings(self.workspace).signatories_set
        if unnamed and not self.edit_document_settings(first_time=True):
            return False
        from arf_desktop.exporters.batch_export import export_warnings

        warnings = export_warnings(self.model.records())
        if not warnings:
            return True
        shown = "\n".join(f"• {w}" for w in warnings[:12])
        more = f"\n… and {len(warnings) - 12} more" if len(warnings) > 12 else ""
        return dialogs.confirm(
            self, "Check before sending", f"{shown}{more}\n\nExport the documents anyway?"
        )

    def export(self, kinds: Sequence[str], with_results: bool = False) -> bool:
        if not self.model.records() or self.runner.busy or not self._ready_to_export(kinds):
            return False
        name = self.round.currentData()
        if self._settings_changed and name:  # never send documents made before the settings
            self._settings_changed = False
            documents = documents_for_review(self.workspace, load_round(self.workspace, name))
        else:
            documents = self.model.records()
        folder = output_dialogs.ask_folder(self, "Choose the folder for the documents")
        if folder is None:
            return False
        also_text = self.also_text.isChecked() and "letters" in kinds
        planned = jobs.planned_documents(documents, kinds, folder, name, with_results, also_text)
        policy = outputs.approve(self, self.workspace, planned)
        if policy is None:
            return False
        work = jobs.documents_job(
            self.workspace, documents, kinds, folder, name, with_results, also_text
        )
        self.runner.start("Exporting documents", outputs.guarded(policy, work))
        self._update_count()
        return True

    def save_results(self) -> bool:
        name = self.round.currentData()
        if not name or self.runner.busy:
            return False
        path = output_dialogs.ask_save_file(
            self, "Save the results workbook", jobs.results_name(name), "Excel (*.xlsx)"
        )
        if path is None:
            return False
        policy = outputs.approve(self, self.workspace, [(path, "results_workbook")])
        if policy is None:
            return False
        work = jobs.results_job(self.workspace, name, path)
        self.runner.start("Writing the results workbook", outputs.guarded(policy, work))
        return True

    def save_appeal_pack(self) -> bool:
        chosen, name = self.selected(), self.round.currentData()
        if chosen is None or not name or self.runner.busy:
            return False
        path = output_dialogs.ask_save_file(
            self, "Save the appeal pack", jobs.appeal_name(chosen), "Zip (*.zip)"
        )
        if path is None:
            return False
        policy = outputs.approve(self, self.workspace, [(path, "appeal_pack")])
        if policy is None:
            return False
        work = jobs.appeal_job(self.workspace, name, chosen.organisation, path)
        self.runner.start("Writing the appeal pack", outputs.guarded(policy, work))
        return True

    def _export_done(self, result: object) -> None:
        self._update_count()
        self._show_selected()
        dialogs.show_info(self, "Export finished", jobs.finished_message(result))

    def _export_failed(self, message: str) -> None:
        self._update_count()
        self._show_selected()
        dialogs.show_error(self, "Export stopped", message)
