"""The Submissions screen: rounds, imported workbooks, background import, drag and drop, detail."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.records import SubmissionRow
from arf_desktop.files.output_guard import guarding
from arf_desktop.registers.frameworks import current_framework
from arf_desktop.registers.rounds import create_round, list_rounds
from arf_desktop.registers.submissions import submission_rows, submission_statuses
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs, outputs
from arf_desktop.ui.kit.read_only import reads_only
from arf_desktop.ui.kit.record_model import RECORD_ROLE, Column, RecordTableModel
from arf_desktop.ui.kit.settings import ALL_ROUNDS
from arf_desktop.ui.kit.widgets import (
    EmptyState,
    FilterProxy,
    ScreenHeader,
    enable_sorting,
    filter_box,
    fit_columns,
    make_button,
    make_table,
)
from arf_desktop.ui.submissions.import_task import ImportRunner
from arf_desktop.ui.submissions.round_actions import RoundActions, submission_dialogs

if TYPE_CHECKING:  # the importers load with the first import, not with the screen
    from arf_desktop.importers.batch import BatchResult

AWAITING = "Awaiting allocation"
WITHDRAWN = "Withdrawn"
DROP_HINT = "Drag workbooks, folders or zip files onto this window to import them."


def paths_from_mime(mime: QMimeData) -> list[Path]:
    """The local files and folders in a drag, in the order given."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


ROUND_COLUMN = 7


# The widest each column after the organisation may be at 1280×800 (ICB to Imported).
COLUMN_WIDTHS = (140, 62, 70, 150, 52, 80, 140, 118)


class SubmissionsScreen(QWidget):
    """Lists each organisation's latest submission; imports workbooks in the background."""

    import_finished = Signal(object)

    def __init__(
        self, workspace: Workspace, actor: Callable[[], str] | None = None, load: bool = True
    ) -> None:
        """`load=False` builds the screen empty; `ensure_loaded` reads its rows later."""
        super().__init__()
        self.loaded = False
        self.setObjectName("screen")
        self.setAcceptDrops(True)
        self.workspace = workspace
        self.actor = actor or workspace.default_user
        self.statuses: dict[int, str] = {}
        self.runner = ImportRunner(self)
        self.runner.finished.connect(self._import_done)
        self.runner.failed.connect(self._import_failed)
        self.header = ScreenHeader("Submissions", "")
        self.new_round_button = make_button("New round…", "Create a new round", True)
        self.template_button = make_button("Blank workbook…", "Write a blank workbook", True)
        self.folder_button = make_button(
            "Import folder…", "Import every workbook in a folder", True
        )
        self.import_button = make_button("Import workbooks…", "Import workbooks or zip batches")
        self.round = QComboBox()
        self.round.setAccessibleName("Round shown")
        self.round.setMinimumWidth(240)
        self.filter = filter_box(
            "Filter submissions", "Filter by organisation, ICB, level or status…"
        )
        self.count = QLabel()
        self.count.setAccessibleName("Submissions shown")
        self.open_button = make_button("View submission", "View the selected submission", True)
        reads_only(self.open_button)
        self.model = self._submissions_model()
        self.proxy = FilterProxy()
        self.proxy.setSourceModel(self.model)
        self.table = make_table("Submissions table")
        self.table.setModel(self.proxy)
        columns = self.table.horizontalHeader()
        columns.setMinimumSectionSize(40)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        columns.setStretchLastSection(False)  # the organisation takes the room, not the last column
        enable_sorting(self.table, 0)
        self.empty = EmptyState(
            "No submissions yet",
            "Import workbooks to start a round. Use “Blank workbook…” to write the workbook each "
            "organisation fills in, then import the returned files with “Import workbooks…”. "
            + DROP_HINT,
        )
        self.hint = QLabel(DROP_HINT)
        self.hint.setProperty("role", "subtitle")
        self.hint.setAccessibleName("How to import")
        self.round_actions = RoundActions(
            self,
            self.workspace,
            self.actor,
            self.round.currentData,
            self.selected,
            self._round_changed,
        )
        self._build_layout()
        self._connect()
        if load:
            self.refresh()
        else:
            self.header.subtitle.setText("Loading submissions…")
            self.stack.setCurrentIndex(1)
            self._update_buttons()

    def ensure_loaded(self, round_name: str | None = None) -> None:
        """Read the rows now if the screen was built without them (showing `round_name`)."""
        if not self.loaded:
            self.refresh(round_name)

    def _submissions_model(self) -> RecordTableModel[SubmissionRow]:
        return RecordTableModel(
            [
                Column("Organisation", lambda s: s.organisation),
                Column("ICB", lambda s: s.icb),
                Column("Level", lambda s: s.level_applied.capitalize()),
                Column("Version", lambda s: s.version_no, numeric=True),
                Column(
                    "Status",
                    lambda s: WITHDRAWN if s.withdrawn else self.statuses.get(s.id, AWAITING),
                ),
                Column("Files", lambda s: s.evidence_files, numeric=True),
                Column("Warnings", lambda s: s.warnings, numeric=True),
                Column("Round", lambda s: s.round_name),
                Column("Imported", lambda s: s.imported_at[:16].replace("T", " ")),
            ]
        )

    def _connect(self) -> None:
        self.round.currentIndexChanged.connect(lambda _i: self.refresh())
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(self._update_count)
        self.new_round_button.clicked.connect(self.new_round)
        self.template_button.clicked.connect(self.write_template)
        self.folder_button.clicked.connect(
            lambda: self.start_import(submission_dialogs().ask_import_folder(self))
        )
        self.import_button.clicked.connect(
            lambda: self.start_import(submission_dialogs().ask_import_files(self))
        )
        self.open_button.clicked.connect(self.open_selected)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

    def _build_layout(self) -> None:
        for button in (
            self.new_round_button,
            self.template_button,
            self.folder_button,
            self.import_button,
        ):
            self.header.add_action(button)
        self.stack = QStackedWidget()
        table_page = QWidget()
        page_layout = QVBoxLayout(table_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.table, 1)
        page_layout.addWidget(self.hint)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(table_page)
        filters = QHBoxLayout()
        round_label = QLabel("Round:")
        round_label.setBuddy(self.round)
        filters.addWidget(round_label)
        filters.addWidget(self.round)
        filters.addWidget(self.round_actions.menu_button)
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.count)
        filters.addWidget(self.round_actions.withdraw_button)
        filters.addWidget(self.round_actions.restore_button)
        filters.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        order = (
            self.new_round_button,
            self.template_button,
            self.folder_button,
            self.import_button,
            self.round,
            self.round_actions.menu_button,
            self.filter,
            self.round_actions.withdraw_button,
            self.round_actions.restore_button,
            self.open_button,
            self.table,
        )
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    # -- showing ---------------------------------------------------------------
    def refresh(self, round_name: str | None = None) -> None:
        """Read the rounds and the chosen round's submissions (`round_name`, else the shown)."""
        self.loaded = True
        rounds = list_rounds(self.workspace)
        chosen = round_name or self.round.currentData()
        self.round.blockSignals(True)
        self.round.clear()
        self.round.addItem(ALL_ROUNDS, None)
        for item in rounds:
            self.round.addItem(item.name, item.name)
        self.round.setCurrentIndex(max(self.round.findData(chosen), 0))
        self.round.blockSignals(False)
        chosen_round = next((r for r in rounds if r.name == self.round.currentData()), None)
        rows = submission_rows(self.workspace, chosen_round.id if chosen_round else None)
        self.statuses = submission_statuses(self.workspace)
        self.model.set_records(rows)
        shown_rounds = len({r.round_name for r in rows})
        self.header.subtitle.setText(
            f"{len(rows)} submissions in {shown_rounds} round{'s' if shown_rounds != 1 else ''}"
            if rows
            else f"{len(rounds)} round{'s' if len(rounds) != 1 else ''}; "
            "submissions arrive as workbooks from each organisation."
        )
        self.stack.setCurrentIndex(1 if rows else 0)
        fit_columns(self.table, widest=150)  # the organisation column stretches into the rest
        for column, widest in enumerate(COLUMN_WIDTHS, start=1):  # room for the organisation
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        # the round column only when the rows span rounds: one round is named by the subtitle
        self.table.setColumnHidden(ROUND_COLUMN, shown_rounds <= 1)
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()} shown")

    def _round_changed(self, name: str | None) -> None:
        """A round was renamed, closed, reopened or deleted, or a submission withdrawn."""
        self.refresh()
        found = self.round.findData(name) if name else 0
        self.round.setCurrentIndex(max(found, 0))

    def _update_buttons(self) -> None:
        self.round_actions.update()
        self.open_button.setEnabled(self.selected() is not None)
        busy = self.runner.busy
        for button in (self.import_button, self.folder_button):
            button.setEnabled(not busy)

    def selected(self) -> SubmissionRow | None:
        index = self.table.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def open_selected(self) -> QWidget | None:
        chosen = self.selected()
        if chosen is None:
            return None
        from arf_desktop.ui.submissions.detail import open_detail  # with the first look

        return open_detail(self, self.workspace, chosen.id)

    # -- rounds and templates ----------------------------------------------------
    def _framework_label(self) -> str:
        found = current_framework(self.workspace)
        return found[1].label if found else "no framework loaded"

    def new_round(self) -> str | None:
        draft = submission_dialogs().ask_new_round(
            self, submission_dialogs().default_round_name(), self._framework_label()
        )
        if draft is None:
            return None
        try:
            created = create_round(self.workspace, self.actor(), draft)
        except UserFacingError as error:
            dialogs.show_error(self, "Round not created", error.message)
            return None
        self.refresh()
        self.round.setCurrentIndex(self.round.findData(created.name))
        return created.name

    def write_template(self) -> Path | None:
        from arf_desktop.importers.template_file import write_template_for
        from arf_desktop.registers.organisations import list_all

        found = current_framework(self.workspace)
        if found is None:
            dialogs.show_error(self, "No framework", "Load a framework first.")
            return None
        names = [o.name for o in list_all(self.workspace) if o.active]
        choice = submission_dialogs().ask_template(self, found[1], names)
        if choice is None:
            return None
        policy = outputs.approve(self, self.workspace, [(choice.path, "submission_workbook")])
        if policy is None:
            return None
        try:
            with guarding(policy):
                written = write_template_for(
                    self.workspace, choice.path, choice.organisation, choice.level,
                    self.round.currentData(), overwrite=True,
                )  # fmt: skip
        except UserFacingError as error:
            dialogs.show_error(self, "Workbook not written", error.message)
            return None
        dialogs.show_info(self, "Blank workbook written", f"Saved {written.path}.")
        return written.path

    def _target_round(self) -> str | None:
        if self.round.currentData():
            return self.round.currentData()
        rounds = list_rounds(self.workspace)
        if len(rounds) == 1:
            return rounds[0].name
        if not rounds:
            return self.new_round()
        return submission_dialogs().ask_choose_round(self, [r.name for r in rounds])

    # -- importing ---------------------------------------------------------------
    def start_import(self, paths: Sequence[Path], round_name: str | None = None) -> bool:
        """Import `paths` in the background; False when nothing was started."""
        if not paths or self.runner.busy:
            return False
        target = round_name or self._target_round()
        if not target:
            return False
        self.runner.start_import(self.workspace, self.actor(), list(paths), target)
        self._update_buttons()
        return True

    def _import_done(self, result: BatchResult) -> None:
        self.refresh()
        if result.round_name and self.round.findData(result.round_name) >= 0:
            self.round.setCurrentIndex(self.round.findData(result.round_name))
        self.import_finished.emit(result)
        from arf_desktop.ui.submissions import import_results

        import_results.show_import_results(self, result)

    def _import_failed(self, message: str) -> None:
        self.refresh()
        self.import_finished.emit(None)
        from arf_desktop.ui.submissions import import_results

        import_results.show_import_failure(self, message)

    # -- drag and drop -------------------------------------------------------------
    def accepts(self, mime: QMimeData) -> bool:
        return bool(paths_from_mime(mime)) and not self.runner.busy

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepts(event.mimeData()):
            event.acceptProposedAction()

    @override
    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.accepts(event.mimeData()):
            event.acceptProposedAction()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        if self.drop(event.mimeData()):
            event.acceptProposedAction()

    def drop(self, mime: QMimeData) -> bool:
        return self.start_import(paths_from_mime(mime))
