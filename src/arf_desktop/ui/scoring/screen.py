"""The Scoring screen: the assessor's allocations, criteria, evidence and keyboard-first scoring.

Keys in the criteria table: a scale value (0–3) scores the current criterion and moves to
the next; Delete clears it; arrows move; Tab moves on to the detail and the comment box;
Ctrl+M jumps to the comment box, Esc (or Ctrl+Return) saves the comment and goes back.
Ctrl+Z / Ctrl+Shift+Z undo and redo. Every change is saved at once.

This module asks who is scoring, lists their allocations, opens one and submits or reopens
it. The rest is in the parts: work_page (layout), allocations_panel, criteria_panel (filters,
table, score keys), detail_pane, comment_editor, status_lines, actions (header buttons,
shortcuts), sheet (the open sheet's edits and what they show) and edits (undo, saving).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget
from typing_extensions import override

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.scoring import AllocationRow, Assessor
from arf_desktop.registers import assessors as assessor_service
from arf_desktop.registers.interests import ConflictOfInterest
from arf_desktop.scoring import scores as service
from arf_desktop.scoring.scores import CriterionRow, ScoringSheet
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.theme import BORDER, NHS_DARK_BLUE, SECONDARY_TEXT
from arf_desktop.ui.kit.widgets import EmptyState, ScreenHeader
from arf_desktop.ui.scoring import dialogs as scoring_dialogs
from arf_desktop.ui.scoring.actions import ScoringActions
from arf_desktop.ui.scoring.sheet import SheetController
from arf_desktop.ui.scoring.work_page import WorkPage

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
        self._opens = 0  # submissions opened, so a refresh opens the kept one only once
        self._build()
        self._name_parts()
        self._connect()
        self.refresh()

    # -- building ------------------------------------------------------------
    def _build(self) -> None:
        self.header = ScreenHeader("Scoring", "")
        self.who = scoring_dialogs.WhoAreYou()
        self.no_assessors = EmptyState(
            "No assessors yet",
            "Add assessors with `arf-desktop assessor add NAME --organisation ORG`, allocate them "
            "with `arf-desktop allocate --round NAME --assessor NAME...`, then choose who you are "
            "here.",
        )
        self.nothing = EmptyState("Nothing allocated to you yet", "")
        self.work = WorkPage(
            lambda: self.sheet.framework.scale_values if self.sheet else None,
            lambda file_id: service.evidence_file(self.workspace, file_id),
        )
        work = self.work
        self.sheet_controller = SheetController(
            self.workspace, self._who, lambda: self.assessor_id, work, self
        )
        self.header_actions = ScoringActions(self, self.header, self.sheet_controller.edits.group)
        self.setStyleSheet(LOCAL_STYLE)
        self.pages = QStackedWidget()
        for page in (self.who, self.no_assessors, self.nothing, self.work):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)
        actions = self.header_actions
        order = [
            *work.focus_order(),
            actions.change_identity,
            actions.undo_button,
            actions.redo_button,
            actions.reopen_button,
            actions.submit_button,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _name_parts(self) -> None:
        """Short names for the parts' pieces that the screen and its keyboard tests use most."""
        work = self.work
        self.allocations, self.allocation_table = work.allocations.model, work.allocations.table
        self.criteria, self.proxy = work.criteria.model, work.criteria.proxy
        self.table = work.criteria.table
        self.level_choice = work.criteria.level_choice
        self.principle_choice = work.criteria.principle_choice
        self.filter, self.unscored_only = work.criteria.filter, work.criteria.unscored_only
        self.progress, self.message = work.status.progress, work.status.message
        self.detail, self.comment = work.detail, work.editor.comment
        self.bank_choice = work.editor.bank_choice
        self.right_stack, self.notice = work.right_stack, work.notice
        self.undo_group = self.sheet_controller.edits.group
        self.change_identity = self.header_actions.change_identity
        self.submit_button = self.header_actions.submit_button
        self.reopen_button = self.header_actions.reopen_button

    def _connect(self) -> None:
        self.who.confirm.clicked.connect(self._confirm_identity)
        self.header_actions.change_identity.clicked.connect(self._ask_identity)
        self.header_actions.submit_button.clicked.connect(self.submit)
        self.header_actions.reopen_button.clicked.connect(self.reopen)
        self.header_actions.go_to_comment.triggered.connect(self.focus_comment)
        self.header_actions.submit.triggered.connect(self.submit)
        self.work.allocations.chosen.connect(self.open_allocation)
        self.sheet_controller.allocation_changed.connect(self.work.allocations.replace)
        self.sheet_controller.locked_changed.connect(self._reload_current)

    @property
    def sheet(self) -> ScoringSheet | None:
        """The open submission's scoring sheet, if one is open."""
        return self.sheet_controller.sheet

    # -- who is scoring --------------------------------------------------------------
    def refresh(self) -> None:
        """Reload who is scoring and their allocations (keeps the open submission)."""
        self.commit_comment()
        self.sheet_controller.forget_bank()
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
        self.header_actions.show_working(page == self.WORK)
        if page == self.WORK:
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
        self.sheet_controller.forget()
        self.refresh()
        if self.pages.currentIndex() == self.WORK:
            self.allocation_table.setFocus()

    def choose_assessor(self, assessor_id: int) -> None:
        """Answer "Who are you?" (used by the keyboard path and tests alike)."""
        self.who.choice.setCurrentIndex(self.who.choice.findData(assessor_id))
        self._confirm_identity()

    @property
    def assessor_id(self) -> int | None:
        return self.assessor.id if self.assessor else None

    def _who(self) -> str:
        return self.assessor.name if self.assessor else self.actor()

    # -- allocations ------------------------------------------------------------
    def _load_allocations(self) -> None:
        assert self.assessor is not None
        rows = service.my_allocations(self.workspace, self.assessor.id)
        keep = self.sheet.allocation.id if self.sheet else None
        self.work.allocations.show_rows(rows)
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
        self.work.size_columns()
        row = self.allocations.row_of(keep) if keep is not None else -1
        opened = self._opens
        self.work.allocations.select(max(row, 0))
        if row >= 0 and self.sheet is not None and self._opens == opened:
            self.open_allocation(self.allocations.record(row))  # selecting did not open it

    def open_allocation(self, allocation: AllocationRow) -> None:
        """Show one submission's criteria; refused (and explained) on a conflict of interest."""
        self._opens += 1
        self.commit_comment()
        self.sheet_controller.forget()
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
        others = None
        if sheet.locked:
            try:
                others = service.others_scores(self.workspace, allocation.id, self.assessor_id)
            except UserFacingError:
                others = None
        self.sheet_controller.show(sheet, others)
        self._update_buttons()

    def _show_notice(self, title: str, body: str) -> None:
        self.sheet_controller.show_notice(title, body)
        self._update_buttons()

    def _update_buttons(self) -> None:
        sheet = self.sheet
        self.header_actions.update(self.pages.currentIndex() == self.WORK, sheet)
        self.work.editor.bank_save.setEnabled(sheet is not None and not sheet.locked)

    # -- the open sheet ------------------------------------------------------------------
    def current_row(self) -> CriterionRow | None:
        return self.sheet_controller.current_row()

    def commit_comment(self) -> None:
        self.sheet_controller.commit_comment()

    def focus_comment(self) -> None:
        self.sheet_controller.focus_comment()

    def use_banked_comment(self) -> None:
        self.sheet_controller.use_banked_comment()

    def save_to_bank(self) -> None:
        self.sheet_controller.save_to_bank()

    # -- submit and reopen -------------------------------------------------------------
    def submit(self) -> bool:
        return self.sheet_controller.submit()

    def reopen(self) -> bool:
        return self.sheet_controller.reopen()

    def _reload_current(self) -> None:
        """Show the open submission again from the workspace (it was submitted or reopened)."""
        if self.sheet is None:
            return
        allocation_id = self.sheet.allocation.id
        self.work.allocations.replace(service.allocation_row(self.workspace, allocation_id))
        self.open_allocation(self.allocations.record(self.allocations.row_of(allocation_id)))

    @override
    def hideEvent(self, event: Any) -> None:
        self.commit_comment()
        super().hideEvent(event)
