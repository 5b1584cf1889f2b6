"""The Scoring screen: the assessor's allocations, criteria, evidence and keyboard-first scoring.

Keys in the criteria table: a scale value (0–3) scores the current criterion and moves to
the next; Delete clears it; arrows move; Tab moves on to the detail and the comment box;
Ctrl+M jumps to the comment box, Esc (or Ctrl+Return) saves the comment and goes back.
Ctrl+Z / Ctrl+Shift+Z undo and redo. Every change is saved at once.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.records import OtherScore
from arf_desktop.domain.scoring import AllocationRow, Assessor, submit_problems
from arf_desktop.registers import assessors as assessor_service
from arf_desktop.registers.interests import ConflictOfInterest
from arf_desktop.scoring import comment_bank
from arf_desktop.scoring import scores as service
from arf_desktop.scoring.scores import CriterionRow, ScoringSheet
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.theme import BORDER, NHS_DARK_BLUE, SECONDARY_TEXT
from arf_desktop.ui.kit.widgets import (
    EmptyState,
    ScreenHeader,
    filter_box,
    label,
    make_button,
    make_table,
)
from arf_desktop.ui.scoring import dialogs as scoring_dialogs
from arf_desktop.ui.scoring.detail import EVIDENCE_SCHEME, criterion_detail_html
from arf_desktop.ui.scoring.models import AllocationsModel, CriteriaFilter, CriteriaModel
from arf_desktop.ui.scoring.undo_commands import EditCommand, ScoreEdit

AUTOSAVE_MS = 1200
LOCAL_STYLE = f"""
QPushButton[role="secondary"]:disabled {{ color: {SECONDARY_TEXT}; border-color: {BORDER}; }}
QLabel[role="section"] {{ font-weight: bold; color: {NHS_DARK_BLUE}; }}
"""


class ScoringScreen(QWidget):
    """Lists the current assessor's allocations and scores one submission at a time."""

    WHO, NO_ASSESSORS, NOTHING_ALLOCATED, WORK = range(4)

    def __init__(self, workspace: Workspace, actor: Callable[[], str]) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.workspace = workspace
        self.actor = actor
        self.assessor: Assessor | None = None
        self.sheet: ScoringSheet | None = None
        self.others: dict[str, list[OtherScore]] | None = None
        self._comment_for: tuple[int, str] | None = None
        self._loading_comment = False
        self._applying = False
        self.undo_group = QUndoGroup(self)
        self.stacks: dict[int, QUndoStack] = {}
        self._build()
        self._connect()
        self.refresh()

    # -- building ------------------------------------------------------------
    def _build(self) -> None:
        self.header = ScreenHeader("Scoring", "")
        self.change_identity = make_button("Change who I am…", "Change who you are", True)
        self.undo_button = make_button("Undo", "Undo the last change", True)
        self.redo_button = make_button("Redo", "Redo the change", True)
        self.submit_button = make_button("Submit scores…", "Submit scores for this submission")
        self.reopen_button = make_button("Reopen…", "Reopen submitted scores", True)
        for button in (
            self.change_identity,
            self.undo_button,
            self.redo_button,
            self.reopen_button,
            self.submit_button,
        ):
            self.header.add_action(button)

        self.who = scoring_dialogs.WhoAreYou()
        self.no_assessors = EmptyState(
            "No assessors yet",
            "Add assessors with `arf-desktop assessor add NAME --organisation ORG`, allocate them "
            "with `arf-desktop allocate --round NAME --assessor NAME...`, then choose who you are "
            "here.",
        )
        self.nothing = EmptyState("Nothing allocated to you yet", "")

        self.allocations = AllocationsModel(self)
        self.allocation_table = make_table("Your allocated submissions")
        self.allocation_table.setModel(self.allocations)
        self.allocation_table.setWordWrap(False)
        self.criteria = CriteriaModel(self)
        self.proxy = CriteriaFilter(self)
        self.proxy.setSourceModel(self.criteria)
        self.table = make_table("Criteria to score")
        self.table.setModel(self.proxy)
        self.level_choice = QComboBox()
        self.level_choice.setAccessibleName("Show criteria of level")
        self.principle_choice = QComboBox()
        self.principle_choice.setAccessibleName("Show criteria of principle")
        for combo, characters in ((self.level_choice, 10), (self.principle_choice, 16)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(characters)
        self.filter = filter_box("Filter criteria", "Filter by id, title or text…")
        self.unscored_only = QCheckBox("Not scored only")
        self.unscored_only.setAccessibleName("Show only criteria not scored yet")
        self.progress = label("", "subtitle", "Scoring progress")
        self.message = label("", "", "Last saved change")
        self.message.setWordWrap(True)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Criterion, evidence and guidance")
        self.detail.setOpenLinks(False)
        self.comment_label = label("Comment (Ctrl+M)", "", "Comment heading")
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName("Comment on this criterion")
        self.comment.setPlaceholderText(
            "Say what the evidence shows or what is missing. Esc saves and returns to the table."
        )
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(120)
        self.bank_choice = QComboBox()
        self.bank_choice.setAccessibleName("Comment bank for this criterion")
        self.bank_insert = make_button("Use", "Use the chosen banked comment", True)
        self.bank_save = make_button("Save to bank", "Save this comment to the bank", True)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(label("Your submissions", "section", "Your submissions heading"))
        top_layout.addWidget(self.allocation_table, 1)

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.level_choice)
        filters.addWidget(self.principle_choice)
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.unscored_only)
        centre_layout.addLayout(filters)
        centre_layout.addWidget(self.table, 1)
        centre_layout.addWidget(self.progress)
        centre_layout.addWidget(self.message)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.comment_label)
        right_layout.addWidget(self.comment)
        bank_row = QHBoxLayout()
        bank_row.addWidget(self.bank_choice, 1)
        bank_row.addWidget(self.bank_insert)
        bank_row.addWidget(self.bank_save)
        right_layout.addLayout(bank_row)

        self.sheet_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.sheet_splitter.addWidget(centre)
        self.sheet_splitter.addWidget(right)
        self.sheet_splitter.setStretchFactor(0, 5)
        self.sheet_splitter.setStretchFactor(1, 3)
        self.sheet_splitter.setSizes([660, 360])
        self.notice = EmptyState("Choose a submission", "")
        self.right_stack = QStackedWidget()
        self.right_stack.addWidget(self.sheet_splitter)
        self.right_stack.addWidget(self.notice)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.right_stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 600])
        self.setStyleSheet(LOCAL_STYLE)

        self.pages = QStackedWidget()
        for page in (self.who, self.no_assessors, self.nothing, self.splitter):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)

        order = [
            self.allocation_table,
            self.level_choice,
            self.principle_choice,
            self.filter,
            self.unscored_only,
            self.table,
            self.detail,
            self.comment,
            self.bank_choice,
            self.bank_insert,
            self.bank_save,
            self.change_identity,
            self.undo_button,
            self.redo_button,
            self.reopen_button,
            self.submit_button,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

        self.undo_action = self.undo_group.createUndoAction(self, "Undo")
        self.undo_action.setShortcuts([QKeySequence.StandardKey.Undo])
        self.redo_action = self.undo_group.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.comment_action = QAction("Go to comment", self)
        self.comment_action.setShortcut(QKeySequence("Ctrl+M"))
        self.submit_action = QAction("Submit scores", self)
        self.submit_action.setShortcut(QKeySequence("Alt+S"))
        self.submit_button.setToolTip("Submit and lock your scores for this submission (Alt+S)")
        for action in (self.undo_action, self.redo_action, self.comment_action, self.submit_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)

    def _connect(self) -> None:
        self.who.confirm.clicked.connect(self._confirm_identity)
        self.change_identity.clicked.connect(self._ask_identity)
        self.undo_button.clicked.connect(self.undo_action.trigger)
        self.redo_button.clicked.connect(self.redo_action.trigger)
        self.undo_group.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_group.canRedoChanged.connect(self.redo_button.setEnabled)
        self.submit_button.clicked.connect(self.submit)
        self.reopen_button.clicked.connect(self.reopen)
        self.comment_action.triggered.connect(self.focus_comment)
        self.submit_action.triggered.connect(self.submit)
        self.allocation_table.selectionModel().currentRowChanged.connect(self._allocation_changed)
        self.table.selectionModel().currentRowChanged.connect(self._criterion_changed)
        self.table.installEventFilter(self)
        self.comment.installEventFilter(self)
        self.comment.textChanged.connect(self._comment_typed)
        self.autosave.timeout.connect(self.commit_comment)
        self.level_choice.currentIndexChanged.connect(self._apply_filters)
        self.principle_choice.currentIndexChanged.connect(self._apply_filters)
        self.filter.textChanged.connect(self._apply_filters)
        self.unscored_only.toggled.connect(self._apply_filters)
        self.bank_insert.clicked.connect(self.use_banked_comment)
        self.bank_save.clicked.connect(self.save_to_bank)
        self.detail.anchorClicked.connect(self._open_link)

    # -- who is scoring ----------------------------------------------------------
    def refresh(self) -> None:
        """Reload who is scoring and their allocations (keeps the open submission)."""
        self.commit_comment()
        self.assessor = assessor_service.current_assessor(self.workspace)
        everyone = assessor_service.list_all(self.workspace, include_inactive=False)
        self.who.set_assessors(everyone, self.assessor)
        self.change_identity.setVisible(self.assessor is not None)
        if self.assessor is None:
            self._set_page(self.WHO if everyone else self.NO_ASSESSORS)
            self.header.subtitle.setText("Choose who you are to see your allocated submissions.")
            return
        self._load_allocations()

    def _set_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        working = page == self.WORK
        for button in (self.undo_button, self.redo_button, self.submit_button, self.reopen_button):
            button.setVisible(working)
        if working:
            self._update_buttons()

    def _ask_identity(self) -> None:
        self.commit_comment()
        self.who.set_assessors(
            assessor_service.list_all(self.workspace, include_inactive=False), self.assessor
        )
        self._set_page(self.WHO)
        self.who.choice.setFocus()

    def _confirm_identity(self) -> None:
        assessor_id = self.who.choice.currentData()
        if assessor_id is None:
            return
        try:
            assessor_service.set_current_assessor(self.workspace, self.actor(), int(assessor_id))
        except UserFacingError as error:
            dialogs.show_error(self, "Not changed", error.message)
            return
        self.sheet = None
        self.refresh()
        if self.pages.currentIndex() == self.WORK:
            self.allocation_table.setFocus()

    def choose_assessor(self, assessor_id: int) -> None:
        """Answer "Who are you?" (used by the keyboard path and tests alike)."""
        self.who.choice.setCurrentIndex(self.who.choice.findData(assessor_id))
        self._confirm_identity()

    # -- allocations ------------------------------------------------------------
    def _load_allocations(self) -> None:
        assert self.assessor is not None
        rows = service.my_allocations(self.workspace, self.assessor.id)
        keep = self.sheet.allocation.id if self.sheet else None
        self.allocations.set_records(rows)
        done = sum(r.submitted for r in rows)
        self.header.subtitle.setText(
            f"Scoring as {self.assessor.name} · {len(rows)} submissions allocated, {done} "
            "submitted · keys 0–3 score, Ctrl+M comments, Ctrl+Z undoes"
        )
        if not rows:
            self.nothing.body.setText(
                f"When the coordinator allocates submissions to {self.assessor.name}, they "
                "appear here with your progress."
            )
            self._set_page(self.NOTHING_ALLOCATED)
            return
        self._set_page(self.WORK)
        self._size_columns()
        row = self.allocations.row_of(keep) if keep is not None else -1
        self.allocation_table.selectRow(max(row, 0))
        if row >= 0 and self.sheet is not None:
            self.open_allocation(self.allocations.record(row))

    def _allocation_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open_allocation(self.allocations.record(current.row()))

    def open_allocation(self, allocation: AllocationRow) -> None:
        """Show one submission's criteria; refused (and explained) on a conflict of interest."""
        self.commit_comment()
        self.sheet, self.others = None, None
        self._comment_for = None
        try:
            sheet = service.open_sheet(self.workspace, allocation.id, self.assessor_id)
        except ConflictOfInterest as conflict:
            self._show_notice(
                "You cannot score this submission",
                f"{conflict.message}\n\nYou have a conflict of interest with "
                f"{allocation.organisation}, so ARF Desktop will not open or score it. The "
                "coordinator will allocate another assessor.",
            )
            return
        except UserFacingError as error:
            self._show_notice("This submission cannot be opened", error.message)
            return
        self.sheet = sheet
        if sheet.locked:
            try:
                self.others = service.others_scores(self.workspace, allocation.id, self.assessor_id)
            except UserFacingError:
                self.others = None
        stack = self.stacks.get(allocation.id)
        if stack is None:
            stack = self.stacks[allocation.id] = QUndoStack(self.undo_group)
        self.undo_group.setActiveStack(stack)
        self.criteria.set_rows(sheet.rows, sheet.framework)
        self._fill_filters(sheet)
        self.right_stack.setCurrentIndex(0)
        self._size_columns()
        self.comment.setReadOnly(sheet.locked)
        self.comment.setPlaceholderText(
            "Submitted and locked: reopen to change comments."
            if sheet.locked
            else "Say what the evidence shows or what is missing. Esc saves and returns to the "
            "table."
        )
        self._sync_current()
        self._update_progress()
        self._update_buttons()
        self.message.setText(
            f"Submitted {sheet.allocation.submitted_at[:16].replace('T', ' ')} UTC — locked. "
            "Other assessors' scores are shown in the detail pane."
            if sheet.locked and sheet.allocation.submitted_at
            else ""
        )

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(self.criteria.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == 2
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        allocation_header = self.allocation_table.horizontalHeader()
        allocation_header.setStretchLastSection(False)
        allocation_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            allocation_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def _show_notice(self, title: str, body: str) -> None:
        self.notice.title.setText(title)
        self.notice.body.setText(body)
        self.criteria.set_rows([], None)
        self.undo_group.setActiveStack(None)  # type: ignore[arg-type]
        self.right_stack.setCurrentIndex(1)
        self._update_buttons()

    @property
    def assessor_id(self) -> int | None:
        return self.assessor.id if self.assessor else None

    def _fill_filters(self, sheet: ScoringSheet) -> None:
        for combo, items, everything in (
            (self.level_choice, [(lv.name, lv.id) for lv in sheet.framework.levels], "All levels"),
            (
                self.principle_choice,
                [(f"{p.id} {p.name}", p.id) for p in sheet.framework.principles],
                "All principles",
            ),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            present = {row.level for row in sheet.rows} | {row.principle for row in sheet.rows}
            for text, value in items:
                if value in present:
                    combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            self.level_choice.currentData(),
            self.principle_choice.currentData(),
            self.filter.text(),
            self.unscored_only.isChecked(),
        )
        self._sync_current()
        self._update_progress()

    def _sync_current(self) -> None:
        """Keep a criterion selected while any is shown; otherwise show nothing stale."""
        if self.table.currentIndex().isValid():
            return
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        else:
            self.commit_comment()
            self._comment_for = None
            self.detail.setHtml(
                "<p>No criteria match the filters. Clear them to see every criterion.</p>"
                if self.criteria.rowCount()
                else ""
            )
            self._set_comment_text("")

    # -- the current criterion --------------------------------------------------------
    def current_row(self) -> CriterionRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.criteria.row(self.proxy.mapToSource(index).row())

    def _criterion_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.commit_comment()
        row = self.current_row() if current.isValid() else None
        if row is None or self.sheet is None:
            self.detail.clear()
            self._comment_for = None
            self._set_comment_text("")
            return
        self._show_detail(row)
        self._comment_for = (self.sheet.allocation.id, row.id)
        self._set_comment_text(row.comment)
        self._load_bank(row.id)

    def _show_detail(self, row: CriterionRow) -> None:
        assert self.sheet is not None
        others = None if self.others is None else self.others.get(row.id, [])
        self.detail.setHtml(criterion_detail_html(self.sheet.framework, row, others))

    def _set_comment_text(self, text: str) -> None:
        self._loading_comment = True
        self.comment.setPlainText(text)
        self._loading_comment = False

    def _load_bank(self, criterion_id: str) -> None:
        entries = comment_bank.bank(self.workspace, criterion_id)
        self.bank_choice.clear()
        self.bank_choice.addItem(
            f"Banked comments ({len(entries)})" if entries else "No banked comments", None
        )
        for _entry_id, text in entries:
            self.bank_choice.addItem(text if len(text) < 90 else text[:87] + "…", text)
        self.bank_insert.setEnabled(bool(entries) and not self._locked())

    # -- keys -------------------------------------------------------------------
    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.table:
                return self._table_key(event)
            if watched is self.comment:
                return self._comment_key(event)
        if event.type() == QEvent.Type.FocusOut and watched is self.comment:
            self.commit_comment()
        return super().eventFilter(watched, event)

    def _table_key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier or self.sheet is None:
            return False
        text = event.text()
        if text.isdigit() and self.sheet.framework.on_scale(int(text)):
            self.score_current(int(text))
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.score_current(None, advance=False)
            return True
        return False

    def _comment_key(self, event: QKeyEvent) -> bool:
        ctrl_return = event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        )
        if event.key() == Qt.Key.Key_Escape or ctrl_return:
            self.commit_comment()
            self.table.setFocus()
            return True
        return False

    def focus_comment(self) -> None:
        if self.sheet is not None:
            self.comment.setFocus()
            self.comment.moveCursor(self.comment.textCursor().MoveOperation.End)

    # -- edits ------------------------------------------------------------------
    def _locked(self) -> bool:
        return self.sheet is not None and self.sheet.locked

    def score_current(self, value: int | None, advance: bool = True) -> None:
        """Score (or clear) the current criterion and move to the next one."""
        row = self.current_row()
        if row is None or self.sheet is None:
            return
        if self._locked():
            self._say("These scores are submitted and locked. Reopen them to change a score.", True)
            return
        if row.score != value:
            edit = ScoreEdit(self.sheet.allocation.id, row.id, "score", row.score, value)
            self.undo_group.activeStack().push(
                EditCommand(edit, self._apply, self.criteria.caption)
            )
        if advance:
            index = self.table.currentIndex()
            if index.row() + 1 < self.proxy.rowCount():
                self.table.setCurrentIndex(self.proxy.index(index.row() + 1, index.column()))
            elif self.criteria.scored() == self.criteria.rowCount():
                self._say("Every criterion is scored. Submit with Alt+S when you are ready.")

    def _comment_typed(self) -> None:
        if not self._loading_comment and not self._locked():
            self.autosave.start()

    def commit_comment(self) -> None:
        """Save the comment box if it differs from the saved comment (one undoable edit)."""
        self.autosave.stop()
        if self._applying or self._comment_for is None or self.sheet is None or self._locked():
            return
        allocation_id, criterion_id = self._comment_for
        if allocation_id != self.sheet.allocation.id:
            return
        position = self.criteria.position(criterion_id)
        if position < 0:
            return
        saved = self.criteria.row(position).comment
        text = self.comment.toPlainText().strip()
        if text == saved:
            return
        edit = ScoreEdit(allocation_id, criterion_id, "comment", saved, text)
        self.undo_group.activeStack().push(EditCommand(edit, self._apply, self.criteria.caption))

    def _apply(
        self, allocation_id: int, criterion_id: str, field: str, value: Any, reveal: bool
    ) -> bool:
        """Save one change through the service, then show it; False when refused."""
        who = self.assessor.name if self.assessor else self.actor()
        try:
            if field == "score":
                change = service.record_score(
                    self.workspace,
                    who,
                    allocation_id,
                    criterion_id,
                    value,
                    assessor_id=self.assessor_id,
                )
            else:
                change = service.record_comment(
                    self.workspace,
                    who,
                    allocation_id,
                    criterion_id,
                    value,
                    assessor_id=self.assessor_id,
                )
        except UserFacingError as error:
            self._say(f"Not saved: {error.message}", True)
            return False
        if self.sheet is None or self.sheet.allocation.id != allocation_id:
            return True
        self.criteria.update(criterion_id, field, change.new, change.revision)
        position = self.criteria.position(criterion_id)
        proxy_index = self.proxy.mapFromSource(self.criteria.index(position, 0))
        if reveal and proxy_index.isValid():
            column = max(0, self.table.currentIndex().column())
            self._applying = True
            try:
                self.table.setCurrentIndex(proxy_index.siblingAtColumn(column))
            finally:
                self._applying = False
        current = self.current_row()
        if current is not None and current.id == criterion_id:
            self._show_detail(current)
            if field == "comment" and reveal:
                self._set_comment_text(current.comment)
        what = self.criteria.caption(change.new) if field == "score" else "comment"
        self._say(f"Saved {criterion_id} {what} · revision {change.revision}")
        self._update_progress()
        return True

    def _update_progress(self) -> None:
        if self.sheet is None:
            self.progress.setText("")
            return
        scored, total = self.criteria.scored(), self.criteria.rowCount()
        allocation = replace(self.sheet.allocation, scored=scored)
        self.sheet = replace(self.sheet, allocation=allocation)
        self.allocations.replace_record(allocation)
        level = self.sheet.framework.level(allocation.level_applied).name
        shown = self.proxy.rowCount()
        self.progress.setText(
            f"{allocation.organisation} · applied for {level} · {scored} of {total} scored"
            + (" · submitted" if allocation.submitted else "")
            + (f" · showing {shown} of {total} (filtered)" if shown != total else "")
        )

    def _say(self, text: str, problem: bool = False) -> None:
        self.message.setProperty("role", "status-bad" if problem else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def _update_buttons(self) -> None:
        sheet = self.sheet
        working = self.pages.currentIndex() == self.WORK
        self.submit_button.setVisible(working and (sheet is None or not sheet.locked))
        self.reopen_button.setVisible(working and sheet is not None and sheet.locked)
        self.submit_button.setEnabled(sheet is not None and not sheet.locked)
        self.reopen_button.setEnabled(sheet is not None and sheet.locked)
        self.bank_save.setEnabled(sheet is not None and not sheet.locked)
        self.undo_button.setEnabled(self.undo_group.canUndo())
        self.redo_button.setEnabled(self.undo_group.canRedo())

    # -- comment bank --------------------------------------------------------------
    def use_banked_comment(self) -> None:
        text = self.bank_choice.currentData()
        row = self.current_row()
        if not text or row is None or self._locked():
            return
        current = self.comment.toPlainText().strip()
        self.comment.setPlainText(f"{current}\n{text}" if current else text)
        self.commit_comment()

    def save_to_bank(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self.commit_comment()
        who = self.assessor.name if self.assessor else self.actor()
        try:
            added = comment_bank.add_to_bank(
                self.workspace, who, row.id, self.comment.toPlainText()
            )
        except UserFacingError as error:
            self._say(error.message, True)
            return
        self._load_bank(row.id)
        self._say("Saved to the comment bank." if added else "That comment is already in the bank.")

    # -- submit and reopen -------------------------------------------------------------
    def submit(self) -> bool:
        self.commit_comment()
        sheet = self.sheet
        if sheet is None or sheet.locked:
            return False
        rows = self.criteria.rows()
        problems = submit_problems(
            [r.id for r in rows],
            {r.id: (r.score, r.comment) for r in rows},
            sheet.framework.award_rule.threshold,
        )
        if problems:  # say what is missing before asking anything
            self._say("Not submitted yet: " + "; ".join(problems) + ".", True)
            self._go_to_first_problem()
            return False
        if not scoring_dialogs.confirm_submit(
            self, sheet.allocation.organisation, self.criteria.scored()
        ):
            return False
        try:
            service.submit(self.workspace, self._who(), sheet.allocation.id, self.assessor_id)
        except UserFacingError as error:
            self._say(error.message, True)
            self._go_to_first_problem()
            return False
        self.stacks.pop(sheet.allocation.id, None)
        self._reload_current()
        self._say(f"Submitted. Your scores for {sheet.allocation.organisation} are locked.")
        return True

    def reopen(self) -> bool:
        sheet = self.sheet
        if sheet is None or not sheet.locked:
            return False
        reason = scoring_dialogs.ask_reopen_reason(self, sheet.allocation.organisation)
        if reason is None:
            return False
        try:
            service.reopen(self.workspace, self._who(), sheet.allocation.id, reason)
        except UserFacingError as error:
            self._say(error.message, True)
            return False
        self._reload_current()
        self._say("Reopened; the reason is recorded in the audit log.")
        return True

    def _who(self) -> str:
        return self.assessor.name if self.assessor else self.actor()

    def _reload_current(self) -> None:
        if self.sheet is None:
            return
        allocation_id = self.sheet.allocation.id
        self.allocations.replace_record(service.allocation_row(self.workspace, allocation_id))
        self.open_allocation(self.allocations.record(self.allocations.row_of(allocation_id)))

    def _go_to_first_problem(self) -> None:
        threshold = self.sheet.framework.award_rule.threshold if self.sheet else 0
        self.proxy.set_filters()
        self.unscored_only.setChecked(False)
        for position, row in enumerate(self.criteria.rows()):
            if row.score is None or (row.score < threshold and not row.comment):
                self.table.setCurrentIndex(
                    self.proxy.mapFromSource(self.criteria.index(position, 0))
                )
                self.table.setFocus()
                return

    # -- evidence files ------------------------------------------------------------------
    def _open_link(self, url: QUrl) -> None:
        if url.scheme() != EVIDENCE_SCHEME or not url.path().isdigit():
            return
        file_id = int(url.path())
        row = self.current_row()
        name = next((f.name for f in row.files if f.file_id == file_id), "evidence") if row else "x"
        folder = Path(tempfile.mkdtemp(prefix="arf-evidence-"))
        target = folder / Path(name).name
        target.write_bytes(service.evidence_file(self.workspace, file_id))
        scoring_dialogs.open_file(target)

    @override
    def hideEvent(self, event: Any) -> None:
        self.commit_comment()
        super().hideEvent(event)
