"""The open submission's scoring sheet: what is current, what is typed, what is saved and shown.

It ties the parts together: a score key in the criteria panel or a comment in the editor
becomes an undoable edit (edits.py); a saved edit is shown in the table, the detail pane,
the comment box and the progress line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtWidgets import QWidget

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.scoring import submit_problems
from arf_desktop.scoring import comment_bank
from arf_desktop.scoring import scores as service
from arf_desktop.scoring.scores import CriterionRow, OtherScore, ScoringSheet
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.scoring import dialogs as scoring_dialogs
from arf_desktop.ui.scoring.detail import criterion_detail_html
from arf_desktop.ui.scoring.edits import SheetEdits
from arf_desktop.ui.scoring.undo_commands import ScoreEdit
from arf_desktop.ui.scoring.work_page import WorkPage

LOCKED = "These scores are submitted and locked. Reopen them to change a score."
ALL_SCORED = "Every criterion is scored. Submit with Alt+S when you are ready."


class SheetController(QObject):
    """Scores and comments of the open submission, one criterion at a time."""

    allocation_changed = Signal(object)  # the AllocationRow with its new progress
    locked_changed = Signal()  # submitted or reopened: the sheet is to be opened again

    def __init__(
        self,
        workspace: Workspace,
        who: Callable[[], str],
        assessor_id: Callable[[], int | None],
        work: WorkPage,
        screen: QWidget,
    ) -> None:
        """`who` names the scorer for the audit log; `assessor_id` is whose scores these are."""
        super().__init__(screen)
        self.workspace = workspace
        self.dialog_parent = screen  # for the questions Submit and Reopen ask
        self._who = who
        self._assessor_id = assessor_id
        self.work = work
        self.panel, self.status = work.criteria, work.status
        self.detail, self.editor = work.detail, work.editor
        self.sheet: ScoringSheet | None = None
        self.others: dict[str, list[OtherScore]] | None = None  # hidden until submitted
        self._comment_for: tuple[int, str] | None = None
        self._applying = False
        self._opening = False  # a sheet is being shown: its filters apply once at the end
        self._advancing = False  # a score key moves on: the next criterion's page is shown
        self._bank: dict[str, list[tuple[int, str]]] | None = None  # read once, kept
        self.edits = SheetEdits(workspace, who, assessor_id, self.panel.model.caption, self)
        self.panel.current_changed.connect(self._criterion_changed)
        self.panel.score_key.connect(self.score_current)
        self.panel.filters_changed.connect(self._filters_changed)
        self.editor.save_wanted.connect(self.commit_comment)
        self.editor.leave_wanted.connect(self._leave_comment)
        self.editor.bank_insert.clicked.connect(self.use_banked_comment)
        self.editor.bank_save.clicked.connect(self.save_to_bank)
        self.edits.saved.connect(self._show_saved)
        self.edits.refused.connect(lambda text: self.status.say(text, True))

    # -- opening -------------------------------------------------------------------------
    def forget(self) -> None:
        """Nothing is open any more (the view keeps its content until something is shown)."""
        self.sheet, self.others = None, None
        self._comment_for = None

    def show(self, sheet: ScoringSheet, others: dict[str, list[OtherScore]] | None) -> None:
        """Open a sheet: its own undo history, its criteria, and whether it is locked."""
        self.sheet, self.others = sheet, others
        self.edits.open(sheet.allocation.id)
        self._opening = True
        try:
            self.panel.show_sheet(sheet)
        finally:
            self._opening = False
        self.work.show_sheet()
        self.work.size_columns()
        self.editor.set_locked(sheet.locked)
        self._sync_current()
        self._update_progress()
        self.status.message.setText(
            f"Submitted {sheet.allocation.submitted_at[:16].replace('T', ' ')} UTC — locked. "
            "Other assessors' scores are shown in the detail pane."
            if sheet.locked and sheet.allocation.submitted_at
            else ""
        )

    def show_notice(self, title: str, body: str) -> None:
        """Show why no sheet is open instead of the sheet."""
        self.panel.clear()
        self.edits.close()
        self.work.show_notice(title, body)

    def locked(self) -> bool:
        return self.sheet is not None and self.sheet.locked

    # -- the current criterion -----------------------------------------------------------
    def current_row(self) -> CriterionRow | None:
        return self.panel.current_row()

    def _filters_changed(self) -> None:
        if self._opening:
            return
        self._sync_current()
        self._update_progress()

    def _sync_current(self) -> None:
        """Keep a criterion selected while any is shown; otherwise show nothing stale."""
        if self.panel.keep_one_current():
            return
        self.commit_comment()
        self._comment_for = None
        self.detail.show_no_criterion(filtered_out=self.panel.model.rowCount() > 0)
        self.editor.load("")

    def _criterion_changed(self, current: QModelIndex) -> None:
        self.commit_comment()
        row = self.current_row() if current.isValid() else None
        if row is None or self.sheet is None:
            self.detail.forget()
            self._comment_for = None
            self.editor.load("")
            return
        self._show_detail(row)
        self._comment_for = (self.sheet.allocation.id, row.id)
        self.editor.load(row.comment)
        self._load_bank(row.id)

    def _show_detail(self, row: CriterionRow) -> None:
        assert self.sheet is not None
        others = None if self.others is None else self.others.get(row.id, [])
        self.detail.show_criterion(row, criterion_detail_html(self.sheet.framework, row, others))

    def focus_comment(self) -> None:
        if self.sheet is not None:
            self.editor.focus()

    def _leave_comment(self) -> None:
        self.commit_comment()
        self.panel.table.setFocus()

    # -- edits ---------------------------------------------------------------------------
    def score_current(self, value: int | None, advance: bool = True) -> None:
        """Score (or clear) the current criterion and move to the next one."""
        row = self.current_row()
        if row is None or self.sheet is None:
            return
        if self.locked():
            self.status.say(LOCKED, True)
            return
        if row.score != value:
            # The page of the criterion scored is shown again only if the key does not move on.
            self._advancing = advance
            try:
                self.edits.push(
                    ScoreEdit(self.sheet.allocation.id, row.id, "score", row.score, value)
                )
            finally:
                self._advancing = False
        model = self.panel.model
        moved = advance and self.panel.next_row()
        if advance and not moved:
            current = self.current_row()
            if current is not None:
                self._show_detail(current)
            if model.scored() == model.rowCount():
                self.status.say(ALL_SCORED)

    def commit_comment(self) -> None:
        """Save the comment box if it differs from the saved comment (one undoable edit)."""
        self.editor.autosave.stop()
        if self._applying or self._comment_for is None or self.sheet is None or self.locked():
            return
        allocation_id, criterion_id = self._comment_for
        if allocation_id != self.sheet.allocation.id:
            return
        position = self.panel.model.position(criterion_id)
        if position < 0:
            return
        saved = self.panel.model.row(position).comment
        text = self.editor.text().strip()
        if text == saved:
            return
        self.edits.push(ScoreEdit(allocation_id, criterion_id, "comment", saved, text))

    def _show_saved(
        self,
        allocation_id: int,
        criterion_id: str,
        field: str,
        new: Any,
        revision: int,
        reveal: bool,
    ) -> None:
        """Show a saved change in the table, detail and progress (if its submission is open)."""
        if self.sheet is None or self.sheet.allocation.id != allocation_id:
            return
        model = self.panel.model
        model.update(criterion_id, field, new, revision)
        if reveal:  # an undo or redo: go to the criterion it changed
            self._applying = True
            try:
                self.panel.reveal(criterion_id)
            finally:
                self._applying = False
        current = self.current_row()
        if current is not None and current.id == criterion_id and not self._advancing:
            self._show_detail(current)
            if field == "comment" and reveal:
                self.editor.load(current.comment)
        what = model.caption(new) if field == "score" else "comment"
        self.status.say(f"Saved {criterion_id} {what} · revision {revision}")
        self._update_progress()

    def _update_progress(self) -> None:
        if self.sheet is None:
            self.status.show_progress(None)
            return
        model = self.panel.model
        allocation = replace(self.sheet.allocation, scored=model.scored())
        self.sheet = replace(self.sheet, allocation=allocation)
        self.allocation_changed.emit(allocation)
        level = self.sheet.framework.level(allocation.level_applied).name
        self.status.show_progress(
            allocation, level, shown=self.panel.proxy.rowCount(), total=model.rowCount()
        )

    # -- comment bank --------------------------------------------------------------------
    def _load_bank(self, criterion_id: str, again: bool = False) -> None:
        """Show a criterion's banked comments; the bank is read once (`again` reads it anew)."""
        if self._bank is None or again:
            self._bank = comment_bank.whole_bank(self.workspace)
        self.editor.show_bank(self._bank.get(criterion_id, []), usable=not self.locked())

    def forget_bank(self) -> None:
        """Read the bank anew when next shown (it may have changed elsewhere)."""
        self._bank = None

    def use_banked_comment(self) -> None:
        text = self.editor.chosen_banked()
        row = self.current_row()
        if not text or row is None or self.locked():
            return
        self.editor.append(text)
        self.commit_comment()

    def save_to_bank(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self.commit_comment()
        try:
            text = self.editor.text()
            added = comment_bank.add_to_bank(self.workspace, self._who(), row.id, text)
        except UserFacingError as error:
            self.status.say(error.message, True)
            return
        self._load_bank(row.id, again=True)
        self.status.say(
            "Saved to the comment bank." if added else "That comment is already in the bank."
        )

    # -- submit and reopen ---------------------------------------------------------------
    def submit(self) -> bool:
        """Say what is missing, or ask, then submit and lock the scores."""
        self.commit_comment()
        sheet = self.sheet
        if sheet is None or sheet.locked:
            return False
        rows = self.panel.model.rows()
        problems = submit_problems(
            [r.id for r in rows],
            {r.id: (r.score, r.comment) for r in rows},
            sheet.framework.award_rule.threshold,
        )
        if problems:  # say what is missing before asking anything
            self.status.say("Not submitted yet: " + "; ".join(problems) + ".", True)
            self.go_to_first_problem()
            return False
        organisation = sheet.allocation.organisation
        if not scoring_dialogs.confirm_submit(
            self.dialog_parent, organisation, self.panel.model.scored()
        ):
            return False
        try:
            service.submit(self.workspace, self._who(), sheet.allocation.id, self._assessor_id())
        except UserFacingError as error:
            self.status.say(error.message, True)
            self.go_to_first_problem()
            return False
        self.edits.forget(sheet.allocation.id)
        self.locked_changed.emit()
        self.status.say(f"Submitted. Your scores for {organisation} are locked.")
        return True

    def reopen(self) -> bool:
        """Ask why, then reopen submitted scores (the reason goes to the audit log)."""
        sheet = self.sheet
        if sheet is None or not sheet.locked:
            return False
        reason = scoring_dialogs.ask_reopen_reason(
            self.dialog_parent, sheet.allocation.organisation
        )
        if reason is None:
            return False
        try:
            service.reopen(self.workspace, self._who(), sheet.allocation.id, reason)
        except UserFacingError as error:
            self.status.say(error.message, True)
            return False
        self.locked_changed.emit()
        self.status.say("Reopened; the reason is recorded in the audit log.")
        return True

    def go_to_first_problem(self) -> None:
        threshold = self.sheet.framework.award_rule.threshold if self.sheet else 0
        self.panel.go_to_first_problem(threshold)
