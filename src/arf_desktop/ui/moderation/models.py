"""Models for the Moderation screen: the risk-ordered queue and the criteria × assessors matrix."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from typing_extensions import override

from arf_desktop.domain.feedback import needs_feedback
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.moderation import (
    RISK_LABELS,
    CriterionLine,
    SubmissionReview,
    SubmissionSummary,
    outcome_label,
)
from arf_desktop.moderation.queue import QueueRow
from arf_desktop.ui.kit.record_model import (
    ACCESSIBLE_TEXT,
    ALIGNMENT,
    DISPLAY,
    LEFT,
    RECORD_ROLE,
    RIGHT,
    SORT_ROLE,
    TEXT_ROLES,
    TOOLTIP,
    Column,
    RecordTableModel,
)

Index = QModelIndex | QPersistentModelIndex
SCORE_ROLE = Qt.ItemDataRole.UserRole + 10
LINE_ROLE = Qt.ItemDataRole.UserRole + 11
# Roles as plain numbers: the view asks data() for every visible cell and role.
_SCORE, _LINE = int(SCORE_ROLE), int(LINE_ROLE)
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_CELL_TEXT = frozenset({DISPLAY, ACCESSIBLE_TEXT, TOOLTIP})

# Light tints keep dark text at AA contrast; the number is always printed too.
SCORE_TINTS = {0: "#F6D5D7", 1: "#FBE7C6", 2: "#D5EDDC", 3: "#C7E0F4"}
_TINT_BRUSHES: dict[int, QBrush] = {}
_SEEN_LIMIT = 64  # submissions whose grid cells are kept for going back to them


def tint(score: int | None) -> QBrush | None:
    """The background of a score cell (the view paints the selection over it)."""
    if score not in SCORE_TINTS:
        return None
    brush = _TINT_BRUSHES.get(score)  # type: ignore[arg-type]
    if brush is None:
        brush = _TINT_BRUSHES[score] = QBrush(QColor(SCORE_TINTS[score]))  # type: ignore[index]
    return brush


def outcome_text(review: SubmissionReview | SubmissionSummary) -> str:
    live = review.live
    if live is None or live.outcome is None:
        return f"Open ({review.to_agree} to agree)"
    return outcome_label(live.outcome, live.level_awarded)


def flags_text(review: SubmissionReview | SubmissionSummary) -> str:
    parts = []
    if review.outcome_differs:
        parts.append("outcome differs")
    if review.wide_spreads:
        parts.append(f"{review.wide_spreads} wide")
    if review.disagreements:
        parts.append(f"{review.disagreements} disagree")
    return ", ".join(parts) or "none"


QUEUE_COLUMNS: list[Column[QueueRow]] = [
    Column("Organisation", lambda e: e.facts.organisation),
    Column("Level", lambda e: e.facts.level_applied.capitalize()),
    Column("Risk", lambda e: e.review.risk, display=lambda risk: RISK_LABELS[risk]),
    Column("Flags", lambda e: flags_text(e.review)),
    Column("Submitted", lambda e: f"{e.facts.submitted} of {e.facts.allocated}", numeric=True),
    Column("To agree", lambda e: e.review.to_agree, numeric=True),
    Column("Outcome", lambda e: outcome_text(e.review)),
    Column("Decided", lambda e: "Decided" if e.decided else "—"),
]


_MATRIX_ROLES = frozenset({*_CELL_TEXT, _BACKGROUND, _ALIGNMENT, _SCORE, _LINE})


_QUEUE_ALIGNMENT = tuple(RIGHT if c.numeric else LEFT for c in QUEUE_COLUMNS)
_QUEUE_RIGHT = tuple(c.numeric for c in QUEUE_COLUMNS)
_QUEUE_OTHER_ROLES = frozenset({TOOLTIP, RECORD_ROLE, SORT_ROLE})  # served by the record model


class QueueModel(RecordTableModel[QueueRow]):
    """The queue; one entry can be replaced in place when only its submission changed.

    Each row's texts are worked out once, when the row is first painted, not per cell and role.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(QUEUE_COLUMNS, parent)
        self._texts: dict[int, tuple[str, ...]] = {}  # by row

    def set_records(self, records: Any) -> None:
        self._texts.clear()
        super().set_records(records)

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._texts.clear()
        super().sort(column, order)

    def replace(self, row: int, entry: QueueRow) -> None:
        self._records[row] = entry
        self._texts.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    @override
    def data(self, index: Index, role: int = DISPLAY) -> Any:
        role = int(role)
        if role not in TEXT_ROLES:
            if role == ALIGNMENT and index.isValid():
                return _QUEUE_ALIGNMENT[index.column()]
            return super().data(index, role) if role in _QUEUE_OTHER_ROLES else None
        row = index.row()
        texts = self._texts.get(row)
        if texts is None:
            if not 0 <= row < len(self._records) or not index.isValid():
                return None
            record = self._records[row]
            texts = self._texts[row] = tuple(c.text(record) for c in QUEUE_COLUMNS)
        return texts[index.column()]

    def cell(self, row: int, column: int) -> tuple[str, QBrush | None, bool]:
        """One cell: its text, no tint, and whether it is aligned right."""
        texts = self._texts.get(row)
        if texts is None:
            texts = self._texts[row] = tuple(c.text(self._records[row]) for c in QUEUE_COLUMNS)
        return texts[column], None, _QUEUE_RIGHT[column]


class MatrixModel(QAbstractTableModel):
    """Rows are criteria; columns: criterion, one per assessor, spread, agreed, status, feedback."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._framework: Framework | None = None
        self._assessors: tuple[str, ...] = ()
        self._lines: tuple[CriterionLine, ...] = ()
        self._cells: list[list[tuple[str, int | None]]] = []
        self._roles: list[list[dict[int, Any]]] = []  # by row and column: role -> value
        self._row_count = self._column_count = 0
        # the cells of submissions shown before, by review (reviews are never changed: a
        # submission read again is a new review), so going back to one costs no work
        self._seen: dict[int, tuple[Any, Any, list[Any], list[Any]]] = {}

    def show(self, framework: Framework | None, review: SubmissionReview | None) -> None:
        """Show one submission; each cell's text and score are worked out here, once."""
        self.beginResetModel()
        self._framework = framework
        self._assessors = review.assessors if review else ()
        self._lines = review.lines if review else ()
        seen = self._seen.get(id(review))
        if seen is not None and seen[0] is framework and seen[1] is review:
            self._cells, self._roles = seen[2], seen[3]  # a submission shown before, unchanged
        else:
            self._work_out_cells()
            if review is not None:
                if len(self._seen) >= _SEEN_LIMIT:
                    self._seen.clear()
                self._seen[id(review)] = (framework, review, self._cells, self._roles)
        self._row_count = len(self._lines)
        self._column_count = self._columns() if self._lines else 0
        self.endResetModel()

    def _work_out_cells(self) -> None:
        columns = range(self._columns())
        self._cells = [[self._value(line, c) for c in columns] for line in self._lines]
        spread = len(self._assessors) + 1
        self._roles = [
            [
                self._cell_roles(text, score, line, c == spread)
                for c, (text, score) in enumerate(cells)
            ]
            for line, cells in zip(self._lines, self._cells, strict=True)
        ]

    @staticmethod
    def _cell_roles(
        text: str, score: int | None, line: CriterionLine, right: bool
    ) -> dict[int, Any]:
        """Every role the view asks of one cell, answered by one look-up when it paints."""
        roles: dict[int, Any] = dict.fromkeys(_CELL_TEXT, text)
        roles[_BACKGROUND] = tint(score)
        roles[_SCORE] = score
        roles[_LINE] = line
        if right:
            roles[_ALIGNMENT] = RIGHT
        return roles

    def cell(self, row: int, column: int) -> tuple[str, QBrush | None, bool]:
        """One cell as the grid paints it: its text, its tint and whether it is aligned right."""
        roles = self._roles[row][column]
        return roles[DISPLAY], roles[_BACKGROUND], _ALIGNMENT in roles

    def line(self, row: int) -> CriterionLine:
        return self._lines[row]

    @property
    def assessors(self) -> tuple[str, ...]:
        return self._assessors

    def _headers(self) -> list[str]:
        return ["Criterion", *self._assessors, "Spread", "Agreed", "Status", "Feedback"]

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._row_count

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._column_count

    def _columns(self) -> int:
        return len(self._assessors) + 5  # criterion, assessors, spread, agreed, status, feedback

    def _caption(self, score: int | None) -> str:
        if score is None:
            return "—"
        if self._framework is None:
            return str(score)
        return self._framework.scale_point(score).caption

    def _value(self, line: CriterionLine, column: int) -> tuple[str, int | None]:
        count = len(self._assessors)
        if column == 0:
            title = self._framework.criterion(line.criterion_id).title if self._framework else ""
            return f"{line.criterion_id} · {title}", None
        if column <= count:
            score = line.scores.get(self._assessors[column - 1])
            return self._caption(score), score
        if column == count + 1:
            return str(line.spread), None
        if column == count + 2:
            return self._caption(line.effective), line.effective
        if column == count + 3:
            return line.status, None
        return self._feedback(line), None

    def _feedback(self, line: CriterionLine) -> str:
        """Whether the organisation will read the panel's feedback on this criterion."""
        if line.agreed is not None and line.agreed.feedback.strip():
            return "Written"
        threshold = self._framework.award_rule.threshold if self._framework else 2
        return "Needed" if needs_feedback(line, threshold) else "—"

    @override
    def data(self, index: Index, role: int = DISPLAY) -> Any:
        role = int(role)
        if role not in _MATRIX_ROLES:
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < self._row_count or not 0 <= column < self._column_count:
            return None  # also an invalid index: row and column -1
        return self._roles[row][column].get(role)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        headers = self._headers()
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(headers)
        ):
            return headers[section]
        return None
