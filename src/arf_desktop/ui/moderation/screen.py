"""The Moderation screen: risk-ordered queue, score matrix, agreed scores and decisions."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.moderation import CriterionLine, outcome_label
from arf_desktop.domain.wording import sentence
from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.decide import Override, decide
from arf_desktop.moderation.feedback import FeedbackGap, feedback_gaps, lacking_feedback
from arf_desktop.moderation.queue import (
    EntryDetail,
    QueueRow,
    RoundQueue,
    entry_detail,
)
from arf_desktop.moderation.review import QueueEntry
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.record_model import RECORD_ROLE
from arf_desktop.ui.kit.widgets import EmptyState, ScreenHeader, make_table
from arf_desktop.ui.moderation import dialogs as moderation_dialogs
from arf_desktop.ui.moderation.agreement_editor import AgreementEditor, set_plain_text
from arf_desktop.ui.moderation.column_fit import fit_columns
from arf_desktop.ui.moderation.grid_delegate import GridDelegate
from arf_desktop.ui.moderation.loading import QueueLoading
from arf_desktop.ui.moderation.models import MatrixModel, QueueModel, outcome_text
from arf_desktop.ui.moderation.statistics_panel import StatisticsPanel, StatisticsWorker
from arf_desktop.ui.moderation.steady_label import SteadyLabel

# Queue width: room for the grid of every assessor at 1280×800
QUEUE_WIDTH = 290
SCORE_WIDTH = 96
MATRIX_FIT_ROWS = 10  # the grid's columns are fitted to this many of its first rows


class ModerationScreen(QueueLoading):
    """Where the panel turns several assessors' scores into one decision it can defend."""

    def __init__(self, workspace: Workspace, actor: Callable[[], str]) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.workspace = workspace
        self.actor = actor
        self.review: RoundQueue | None = None
        self._details: dict[int, EntryDetail] = {}  # full reviews of submissions looked at
        self._sized = False
        self._token: str | None = None  # the workspace's change token when the round was read
        self._scale_for: object = None  # the framework whose scale the agreed choice offers
        self._matrix_sized_for = -1  # assessors the matrix columns were fitted to
        self.header = ScreenHeader("Moderation", "")
        self.round_choice = QComboBox()
        self.round_choice.setAccessibleName("Round")
        self.header.add_action(self.round_choice)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Moderation views")
        self.empty = EmptyState(
            "Nothing to moderate yet",
            "When assessors have submitted their scores, the panel compares them here and agrees "
            "the final scores.",
        )
        self.queue_model = QueueModel()
        self.queue = make_table("Moderation queue")
        self.queue.setModel(self.queue_model)
        self.matrix_model = MatrixModel()
        self.matrix = make_table("Criteria by assessor")
        self.matrix.setModel(self.matrix_model)
        self.matrix.setItemDelegate(GridDelegate(self.matrix_model, self.matrix))
        self.title = SteadyLabel("title", "Selected submission")
        self.outcome = SteadyLabel("subtitle", "Outcome from the agreed scores")
        self.comments = QTextBrowser()
        self.comments.setAccessibleName("Assessors' comments")
        # Comments wrap at the width, long words too: no horizontal scroll bar, which would
        # otherwise come and go while each criterion's comments are laid out and make the
        # whole screen lay itself out and repaint.
        self.comments.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.comments.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor = AgreementEditor()
        editor = self.editor
        self.agreed_choice, self.rationale, self.feedback = (
            editor.agreed_choice,
            editor.rationale,
            editor.feedback,
        )
        self.draft_note, self.adopt_button = editor.draft_note, editor.adopt_button
        self.save_button, self.decide_button = editor.save_button, editor.decide_button
        self.statistics = StatisticsPanel()
        self.statistics_worker = StatisticsWorker(self, self.statistics, workspace)
        self._start_loading()
        self._build_layout()
        self.round_choice.currentIndexChanged.connect(lambda _i: self.reload())
        self.tabs.currentChanged.connect(lambda _i: self._show_statistics_if_visible())
        self.queue.selectionModel().currentRowChanged.connect(self._show_entry)
        self.matrix.selectionModel().currentRowChanged.connect(self._show_line)
        self.agreed_choice.currentIndexChanged.connect(lambda _i: self._update_hint())
        self.save_button.clicked.connect(self.save_agreed)
        self.adopt_button.clicked.connect(self.adopt_draft)
        self.decide_button.clicked.connect(self.record_decision)
        self.refresh()

    def _build_layout(self) -> None:
        """Built from the screen down: each part joins a tree already under the screen, so the
        style sheet is worked out for it once (a part built first and added later is worked
        out again at each level it is added to)."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        queue_page = QSplitter(Qt.Orientation.Horizontal)
        queue_page.setObjectName("moderationQueueSplitter")
        self.tabs.addTab(queue_page, "Queue")
        self.tabs.addTab(self.statistics, "Statistics")
        self.tabs.addTab(self.empty, "Help")
        detail = QWidget()
        queue_page.addWidget(self.queue)
        queue_page.addWidget(detail)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.title)
        detail_layout.addWidget(self.outcome)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("moderationDetailSplitter")
        detail_layout.addWidget(right, 1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        right.addWidget(self.matrix)
        right.addWidget(lower)
        lower.addWidget(self.comments)
        lower.addWidget(self.editor)
        # the grid of scores gets most of the height: every criterion row counts at the panel
        right.setStretchFactor(0, 5)
        right.setStretchFactor(1, 2)
        right.setSizes([500, 200])
        # a narrow queue (organisation, level, risk) leaves the grid room for every assessor
        queue_page.setStretchFactor(0, 0)
        queue_page.setStretchFactor(1, 1)
        queue_page.setSizes([QUEUE_WIDTH, 1000])
        self.queue_splitter, self.detail_splitter = queue_page, right
        criterion_column = self.matrix.horizontalHeader()
        criterion_column.setMinimumSectionSize(48)
        criterion_column.setStretchLastSection(False)
        criterion_column.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for first, second in (
            (self.round_choice, self.tabs),
            (self.tabs, self.queue),
            (self.queue, self.matrix),
            (self.matrix, self.comments),
            (self.comments, self.agreed_choice),
            (self.agreed_choice, self.rationale),
            (self.rationale, self.feedback),
            (self.feedback, self.save_button),
            (self.save_button, self.adopt_button),
            (self.adopt_button, self.decide_button),
        ):
            self.setTabOrder(first, second)

    # -- showing -----------------------------------------------------------
    def current_entry(self) -> QueueEntry | None:
        """The selected submission with its criterion lines."""
        detail = self._detail(self.queue.currentIndex().data(RECORD_ROLE))
        return detail.entry if detail else None

    def _detail(self, row: QueueRow | None) -> EntryDetail | None:
        """One submission's lines and comments, read when it is first looked at."""
        if row is None or self.review is None:
            return None
        detail = self._details.get(row.review.submission_id)
        if detail is None:
            detail = entry_detail(self.workspace, self.review, row)
            self._details[row.review.submission_id] = detail
        return detail

    def _show_entry(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row: QueueRow | None = current.data(RECORD_ROLE) if current.isValid() else None
        detail = self._detail(row)
        entry = detail.entry if detail else None
        framework = self.review.framework if self.review else None
        self.matrix_model.show(framework, entry.review if entry else None)
        if framework is not self._scale_for:  # the scale offered changes with the framework
            self._scale_for = framework
            self.agreed_choice.blockSignals(True)
            self.agreed_choice.clear()
            for point in framework.scale if framework else ():
                self.agreed_choice.addItem(point.caption, point.value)
            self.agreed_choice.blockSignals(False)
        if entry is None:
            self.title.setText("")
            self.outcome.setText("")
            return
        self.title.setText(f"{entry.facts.organisation} · {entry.facts.level_applied.capitalize()}")
        decided = (
            f" · Decided: {outcome_label(entry.decision.outcome, entry.decision.level_awarded)}"
            if entry.decision
            else ""
        )
        self.outcome.setText(f"Outcome from agreed scores: {outcome_text(entry.review)}{decided}")
        for widget in (self.agreed_choice, self.rationale, self.feedback, self.save_button):
            widget.setEnabled(not entry.decided)
        self.adopt_button.setEnabled(False)
        ready = entry.review.live is not None and entry.review.live.complete
        self.decide_button.setEnabled(ready and not entry.decided)
        self.decide_button.setText("Decided" if entry.decided else "Record decision…")
        tip = (
            "" if ready else "Agree every open criterion first; the outcome is computed from them."
        )
        if self.decide_button.toolTip() != tip:  # a new tooltip is an event, though the same
            self.decide_button.setToolTip(tip)
        if len(entry.review.assessors) != self._matrix_sized_for:  # fitted once per panel size
            self._matrix_sized_for = len(entry.review.assessors)
            # the criterion column stretches, so only the others are fitted to their contents
            # (of the first rows), no wider than a score ("1 · Partially evid…" elides)
            cells, columns = self.matrix_model, range(1, self.matrix_model.columnCount())
            fit_columns(self.matrix, lambda r, c: cells.cell(r, c)[0], columns, MATRIX_FIT_ROWS)
            for column in columns:
                self.matrix.setColumnWidth(
                    column, min(self.matrix.columnWidth(column), SCORE_WIDTH)
                )
            # the criterion column takes what the assessors' columns and the spread leave
            self.matrix.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if self.matrix_model.rowCount():
            self.matrix.selectRow(0)

    def _comments(self, entry: QueueEntry) -> dict[str, dict[str, str]]:
        detail = self._details.get(entry.review.submission_id)
        return detail.comments if detail else {}

    def current_line(self) -> CriterionLine | None:
        index = self.matrix.currentIndex()
        return self.matrix_model.line(index.row()) if index.isValid() else None

    def _show_line(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry, line = self.current_entry(), self.current_line()
        if entry is None or line is None:
            self.comments.clear()
            return
        said = self._comments(entry).get(line.criterion_id, {})
        parts = [
            f"<p><b>{escape(name)}</b> ({escape(str(line.scores.get(name, '—')))}): "
            f"{escape(said.get(name, 'no comment'))}</p>"
            for name in entry.review.assessors
        ]
        self.comments.setHtml(f"<h3>{escape(line.criterion_id)}</h3>" + "".join(parts))
        score = line.effective
        if score is None and line.given:
            score = statistics.median_low(line.given)
        found = self.agreed_choice.findData(score)
        self.agreed_choice.setCurrentIndex(max(found, 0))
        set_plain_text(self.rationale, line.agreed.rationale if line.agreed else "")
        self._show_feedback(entry, line, said)
        self._update_hint()

    def _show_feedback(self, entry: QueueEntry, line: CriterionLine, said: dict[str, str]) -> None:
        threshold = self.review.framework.award_rule.threshold if self.review else 2
        self.editor.show_feedback(line, said, threshold, entry.decided)

    def _update_hint(self) -> None:
        self.editor.update_hint(self.current_line())

    # -- actions -----------------------------------------------------------
    def save_agreed(self) -> bool:
        return self._agree(self.feedback.toPlainText(), "Agreed score not saved")

    def adopt_draft(self) -> bool:
        """Save the agreed score with the draft from the assessors' comments, as it is."""
        if not self.editor.draft:
            return False
        return self._agree(self.editor.draft, "Draft not adopted", adopted=True)

    def _agree(self, feedback: str, failure: str, adopted: bool = False) -> bool:
        entry, line = self.current_entry(), self.current_line()
        if entry is None or line is None or self.review is None:
            return False
        try:
            agree_score(
                self.workspace,
                self.actor(),
                self.review.round.name,
                entry.facts.organisation,
                line.criterion_id,
                self.agreed_choice.currentData(),
                self.rationale.toPlainText(),
                feedback,
                adopted=adopted,
            )
        except UserFacingError as error:
            dialogs.show_error(self, failure, error.message)
            return False
        self.reload()  # reads only this submission again
        return True

    def _feedback_gaps(self, entry: QueueEntry) -> list[FeedbackGap]:
        if self.review is None or not lacking_feedback(self.review.framework, entry):
            return []
        return feedback_gaps(self.review.framework, entry, self._comments(entry))

    def _confirm_adopting(self, gaps: list[FeedbackGap]) -> bool | None:
        """None to stop; True to adopt the comments; False when nothing is missing."""
        if not gaps:
            return False
        listed = "\n".join(f"• {gap.describe()}" for gap in gaps)
        question = (
            f"{len(gaps)} criteri{'a' if len(gaps) > 1 else 'on'} below the threshold "
            f"{'have' if len(gaps) > 1 else 'has'} no feedback for the organisation:\n\n"
            f"{listed}\n\nAdopt the assessors' comments as the panel's feedback and record the "
            "decision? Choose No to write the feedback first."
        )
        return True if dialogs.confirm(self, "Feedback for the organisation", question) else None

    def record_decision(self) -> bool:
        entry = self.current_entry()
        if entry is None or self.review is None:
            return False
        adopt = self._confirm_adopting(self._feedback_gaps(entry))
        if adopt is None:
            return False
        request = moderation_dialogs.ask_decision(
            self, self.review.framework, outcome_text(entry.review)
        )
        if request is None:
            return False
        override = None
        if request.override_outcome:
            override = Override(
                request.override_outcome, request.override_level, request.override_reason
            )
        try:
            result = decide(
                self.workspace,
                self.actor(),
                self.review.round.name,
                entry.facts.organisation,
                request.panel_date,
                request.members,
                override,
                adopt=adopt,
            )
        except UserFacingError as error:
            dialogs.show_error(self, "Decision not recorded", error.message)
            return False
        if result.refused:
            dialogs.show_error(self, "Decision not recorded", sentence(result.refused[0][1]))
            return False
        self.reload()  # reads only this submission again
        return True
