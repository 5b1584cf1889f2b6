"""The Moderation screen's load and refresh path (a base of the screen): the whole round read
on a worker, only the changed submissions read again after an agreement or a decision."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QWidget,
)
from typing_extensions import override

from arf_desktop.exchange.edit_clashes import open_count
from arf_desktop.moderation.queue import EntryDetail, OpenedQueue, RoundQueue, open_queue, queue_one
from arf_desktop.moderation.review import change_token, changed_submissions
from arf_desktop.registers.rounds import list_rounds
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.background import BackgroundReader
from arf_desktop.ui.kit.record_model import RECORD_ROLE
from arf_desktop.ui.kit.widgets import ScreenHeader
from arf_desktop.ui.moderation.column_fit import fit_columns
from arf_desktop.ui.moderation.models import MatrixModel, QueueModel
from arf_desktop.ui.moderation.statistics_panel import StatisticsPanel, StatisticsWorker
from arf_desktop.ui.moderation.steady_label import SteadyLabel

# the queue's organisation column: room for the grid of every assessor at 1280×800
QUEUE_NAME_WIDTH = 160
QUEUE_FIT_ROWS = 40  # the queue's columns are fitted to this many of its first rows

Keep = tuple[int | None, int]  # the submission selected, and the criterion row
# A round read within this long (a quarter of a second: a national round, twice over) is shown
# whole at once; a longer read shows as loading first.
SHOW_WHOLE_WITHIN_MS = 250


class QueueLoading(QWidget):
    """Reads the chosen round for the screen and keeps what was selected across reads."""

    workspace: Workspace
    review: RoundQueue | None
    round_choice: QComboBox
    header: ScreenHeader
    tabs: QTabWidget
    queue: QTableView
    matrix: QTableView
    queue_model: QueueModel
    matrix_model: MatrixModel
    statistics: StatisticsPanel
    statistics_worker: StatisticsWorker
    title: SteadyLabel
    outcome: SteadyLabel
    agreed_choice: QComboBox
    rationale: QPlainTextEdit
    feedback: QPlainTextEdit
    save_button: QPushButton
    adopt_button: QPushButton
    decide_button: QPushButton
    _details: dict[int, EntryDetail]
    _sized: bool
    _token: str | None

    def _start_loading(self) -> None:
        """The reader and its state, made before the first read."""
        self.reader = BackgroundReader(self, self._round_read, self._round_failed)
        self.loaded = False  # a round read whole has been shown
        self._reading: str | None = None  # the round being read on the worker
        self._unstarted: Keep | None = None  # the read waits for the screen to be shown

    def _show_entry(self, current: QModelIndex, previous: QModelIndex) -> None:
        raise NotImplementedError  # the screen shows the submission

    def refresh(self) -> None:
        current = self.round_choice.currentText()
        names = [r.name for r in list_rounds(self.workspace)]
        self.round_choice.blockSignals(True)
        self.round_choice.clear()
        self.round_choice.addItems(names)
        if current in names:
            self.round_choice.setCurrentText(current)
        self.round_choice.blockSignals(False)
        self.reload()

    def reload(self, force: bool = False) -> None:
        """Read the chosen round again where it changed, keeping the selected submission.

        Nothing is read when the workspace's change token has not moved; when only
        agreements and decisions were made since, only their submissions are read.
        `force` reads the whole round whatever changed. The whole round is read on a worker
        (a national round takes longer than a person should wait): the queue fills in then.
        """
        name = self.round_choice.currentText()
        if self.loading and not force and name == self._reading:
            return  # the read under way shows it
        kept = self.review
        if not force and not self.loading and kept is not None and kept.round.name == name:
            token = change_token(self.workspace)
            if token == self._token:
                return
            changed = changed_submissions(self.workspace, self._token, token)
            if changed is not None:
                self._reload_submissions(changed, token)
                return
        self._read_round(name)

    @property
    def loading(self) -> bool:
        """A read of the whole round is under way, or waits for the screen to be shown (a
        hidden screen reads nothing until it is shown, or until `ensure_loaded`)."""
        return self._reading is not None

    def ensure_loaded(self, round_name: str | None = None) -> None:
        """Read the round now (the remembered one, where given) if no read has arrived yet,
        or a read waits for the screen to be shown."""
        if self.loaded and self._unstarted is None:
            return
        if round_name and self.round_choice.findText(round_name) >= 0:
            self.round_choice.blockSignals(True)
            self.round_choice.setCurrentText(round_name)
            self.round_choice.blockSignals(False)
        self._read_round(self.round_choice.currentText(), wait=True)

    def _read_round(self, name: str, wait: bool = False) -> None:
        """Read the whole round on the worker once the screen is shown; or now."""
        keep = self._selected_submission(), self.matrix.currentIndex().row()
        self.reader.supersede()  # what an earlier read finds is not shown
        if wait or not name:
            self._reading = self._unstarted = None
            opened = open_queue(self.workspace, name, keep[0]) if name else None
            self._show_round(name, opened, keep)
            return
        self._announce(name)
        self._reading, self._unstarted = name, keep
        if self.isVisible():
            self._start_read()

    def _announce(self, name: str) -> None:
        """Say which round is being read; another round's queue is not shown meanwhile."""
        if self.review is None or self.review.round.name != name:
            self._show_loading(name)
        self.header.subtitle.setText(f"Loading the moderation queue of {name}…")

    def _start_read(self) -> None:
        """Start the read on the worker; where it is quick, the round is shown whole at once
        (not first as loading), before the screen paints again."""
        keep, workspace = self._unstarted, self.workspace
        if keep is None:
            return
        self._unstarted = None
        name = self.round_choice.currentText()  # as chosen since, if it was
        if name != self._reading:  # chosen quietly since: say which round is read
            self._announce(name)
        self._reading = name
        self.reader.start(lambda: (name, keep, open_queue(workspace, name, keep[0])))
        self.reader.finish_within(SHOW_WHOLE_WITHIN_MS)

    def _show_loading(self, name: str) -> None:
        """An empty queue saying what is being read, with nothing to act on until it is."""
        self.review = None
        self.queue_model.set_records(())
        self._show_entry(QModelIndex(), QModelIndex())
        self.title.setText(f"Loading {name}…")
        self.outcome.setText("Each submission, its scores and the panel's work appear once read.")
        for widget in (self.agreed_choice, self.rationale, self.feedback):
            widget.setEnabled(False)
        for button in (self.save_button, self.adopt_button, self.decide_button):
            button.setEnabled(False)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        """The round is read once the screen is shown (a hidden screen reads nothing)."""
        self._start_read()
        super().showEvent(event)

    def _round_read(self, found: tuple[str, Keep, OpenedQueue]) -> None:
        name, keep, opened = found
        self._reading = None
        self._show_round(name, opened, keep)

    def _round_failed(self, message: str) -> None:
        self._reading = None
        self.header.subtitle.setText(message)
        if self.review is None:
            self.title.setText("The queue could not be read")
            self.outcome.setText("Choose the round again, or come back to this screen, to retry.")

    def _show_round(self, name: str, opened: OpenedQueue | None, keep: Keep) -> None:
        """Show a round just read whole, keeping the submission and criterion selected."""
        self.loaded = True
        self._token = opened.token if opened else change_token(self.workspace)
        self.review = opened.queue if opened else None
        self._details.clear()
        if opened is not None and opened.first is not None:
            self._details[opened.first.entry.review.submission_id] = opened.first
        self.queue_model.set_records(self.review.entries if self.review else ())
        self._after_change(name)
        self._select_submission(*keep)

    def _after_change(self, name: str) -> None:
        """The subtitle, tab and statistics for the round just read."""
        entries = self.review.entries if self.review else ()
        submitted = sum(e.facts.submitted > 0 for e in entries)
        decided = sum(e.decided for e in entries)
        conflicts = open_count(self.workspace, name) if name else 0
        waiting = (
            f" {conflicts} score conflict{'s' if conflicts != 1 else ''} from returned files "
            "wait on the Exchange screen; those scores count once resolved."
            if conflicts
            else ""
        )
        self.header.subtitle.setText(
            f"{len(entries)} submissions · {submitted} with submitted scores · {decided} decided. "
            "Open work first, ordered by decision risk (disagreements that would change the "
            "outcome first); decided submissions last." + waiting
            if entries
            else "No submissions in this round yet."
        )
        self.tabs.setCurrentIndex(self.tabs.currentIndex() if entries else 2)
        if not self._sized and entries:
            self._size_queue_columns()
        self._show_statistics_if_visible()

    def _reload_submissions(self, changed: set[int], token: str | None) -> None:
        """Read only the changed submissions and update their queue rows (or reorder it)."""
        assert self.review is not None
        keep_entry, keep_row = self._selected_submission(), self.matrix.currentIndex().row()
        old_order = [e.review.submission_id for e in self.review.entries]
        for submission_id in sorted(changed.intersection(old_order)):  # others: another round
            self.review = queue_one(self.workspace, self.review, submission_id)
            self._details.pop(submission_id, None)
        self._token = token
        entries = self.review.entries
        if [e.review.submission_id for e in entries] == old_order:
            for row, submission_id in enumerate(old_order):
                if submission_id in changed:
                    self.queue_model.replace(row, entries[row])
            if keep_entry in changed:
                self._show_entry(self.queue.currentIndex(), QModelIndex())
                if keep_row >= 0:
                    self.matrix.selectRow(min(keep_row, self.matrix_model.rowCount() - 1))
        else:
            self.queue_model.set_records(entries)
            self._select_submission(keep_entry, keep_row)
        self._after_change(self.review.round.name)

    def _show_statistics_if_visible(self) -> None:
        """Statistics are worked out off the window's thread when their tab is shown, once
        for each state of the round."""
        if self.tabs.currentWidget() is not self.statistics or self.review is None:
            return
        self.statistics_worker.show(self.review.round.name, self._token)

    def _size_queue_columns(self) -> None:
        """Fit the columns once, to the first rows only (a national round has hundreds)."""
        model = self.queue_model
        fit_columns(
            self.queue, lambda r, c: model.cell(r, c)[0], range(model.columnCount()), QUEUE_FIT_ROWS
        )
        self.queue.setColumnWidth(0, min(self.queue.columnWidth(0), QUEUE_NAME_WIDTH))
        self._sized = True

    def _selected_submission(self) -> int | None:
        entry = self.queue.currentIndex().data(RECORD_ROLE)
        return entry.review.submission_id if entry else None

    def _select_submission(self, submission_id: int | None, row: int) -> None:
        records = self.queue_model.records()
        target = next(
            (i for i, e in enumerate(records) if e.review.submission_id == submission_id), 0
        )
        if records:
            self.queue.selectRow(target)
            if row >= 0:
                self.matrix.selectRow(min(row, self.matrix_model.rowCount() - 1))
        else:
            self._show_entry(QModelIndex(), QModelIndex())
