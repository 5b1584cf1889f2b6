"""Table models of the Scoring screen: the assessor's allocations and one submission's criteria."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from typing_extensions import override

from arf_desktop.domain.calibration import shown_as
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.scoring import AllocationRow
from arf_desktop.scoring.scores import CriterionRow
from arf_desktop.ui.kit.record_model import RECORD_ROLE, Column, RecordTableModel

Index = QModelIndex | QPersistentModelIndex

NOT_SCORED = "— Not scored"
COMMENT_WRITTEN = "✎ Written"
COMMENT_NEEDED = "! Needed"
UNSCORED_BACKGROUND = QColor("#FFF8E1")
NEEDED_BACKGROUND = QColor("#FDECEA")


SCORED_COLUMN = 2


class AllocationsModel(RecordTableModel[AllocationRow]):
    """The assessor's allocations; one row can be replaced as its progress changes."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(
                    "Organisation",
                    lambda a: shown_as(a.organisation, a.round_name),
                    tooltip=lambda a: shown_as(a.organisation, a.round_name),
                ),
                Column("Level applied for", lambda a: a.level_applied.capitalize()),
                Column("Scored", lambda a: a.scored, numeric=True, display=None),
                Column("Status", lambda a: a.state),
                Column("Round", lambda a: a.round_name),
            ],
            parent,
        )

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == SCORED_COLUMN
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
            and 0 <= index.row() < self.rowCount()
        ):
            return self.record(index.row()).progress
        return super().data(index, role)

    def row_of(self, allocation_id: int) -> int:
        for row, record in enumerate(self._records):
            if record.id == allocation_id:
                return row
        return -1

    def replace_record(self, record: AllocationRow) -> None:
        """Show one allocation's new state; only the cells that changed are repainted."""
        row = self.row_of(record.id)
        if row < 0:
            return
        old = self._records[row]
        if old == record:
            return
        self._records[row] = record
        first, last = 0, self.columnCount() - 1
        if replace(old, scored=record.scored) == record:
            first, last = SCORED_COLUMN, SCORED_COLUMN + 1  # progress while scoring, its status
        self.dataChanged.emit(self.index(row, first), self.index(row, last))


HEADERS = ("ID", "Principle", "Criterion", "Self-assessment", "Score", "Comment")
SCORE_COLUMN = HEADERS.index("Score")
COMMENT_COLUMN = HEADERS.index("Comment")


# A row's texts, tooltips and backgrounds per column, and whether it is still unscored.
_Cells = tuple[tuple[str, ...], tuple[str | None, ...], tuple[QBrush | None, ...], bool]
_TEXT_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole})
_CRITERIA_ROLES = _TEXT_ROLES | {
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.BackgroundRole,
    RECORD_ROLE,
}
_SHARED: dict[str, Any] = {}  # brushes and the italic font, made once the window exists


def _brush(colour: QColor) -> QBrush:
    key = colour.name()
    if key not in _SHARED:
        _SHARED[key] = QBrush(colour)
    return _SHARED[key]


def _italic() -> QFont:
    if "italic" not in _SHARED:
        font = QFont()
        font.setItalic(True)
        _SHARED["italic"] = font
    return _SHARED["italic"]


class CriteriaModel(QAbstractTableModel):
    """The criteria of one submission with the assessor's own score and comment marker."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CriterionRow] = []
        self._framework: Framework | None = None
        self._positions: dict[str, int] = {}
        self._cells: list[_Cells] = []  # what each row shows, worked out when it changes

    # -- content ---------------------------------------------------------
    def set_rows(
        self, rows: tuple[CriterionRow, ...] | list[CriterionRow], framework: Framework | None
    ) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._framework = framework
        self._positions = {row.id: n for n, row in enumerate(self._rows)}
        self._cells = [self._cells_of(row) for row in self._rows]
        self.endResetModel()

    def rows(self) -> list[CriterionRow]:
        return list(self._rows)

    def row(self, position: int) -> CriterionRow:
        return self._rows[position]

    def position(self, criterion_id: str) -> int:
        return self._positions.get(criterion_id, -1)

    def update(self, criterion_id: str, field: str, value: Any, revision: int) -> None:
        """Show a saved change: replace the row's record and repaint it."""
        position = self.position(criterion_id)
        if position < 0:
            return
        old = self._rows[position]
        self._rows[position] = replace(old, **{field: value}, revision=revision)
        self._cells[position] = self._cells_of(self._rows[position])
        # Only the cells a score or comment shows: the score, its marker and the comment.
        self.dataChanged.emit(
            self.index(position, SCORE_COLUMN), self.index(position, COMMENT_COLUMN)
        )

    def scored(self) -> int:
        return sum(1 for row in self._rows if row.score is not None)

    def caption(self, score: int | None) -> str:
        if score is None:
            return NOT_SCORED
        if self._framework is None:
            return str(score)
        try:
            return self._framework.scale_point(score).caption
        except KeyError:
            return str(score)

    def captions(self) -> list[str]:
        """Every caption the Score column can show."""
        scale = self._framework.scale if self._framework else ()
        return [NOT_SCORED, *(point.caption for point in scale)]

    def comment_marker(self, row: CriterionRow) -> str:
        if row.comment.strip():
            return COMMENT_WRITTEN
        threshold = self._framework.award_rule.threshold if self._framework else 0
        if row.score is not None and row.score < threshold:
            return COMMENT_NEEDED
        return ""

    # -- Qt model ----------------------------------------------------------
    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def _cells_of(self, row: CriterionRow) -> _Cells:
        """Texts, tooltips, font and backgrounds of one row's cells, as data() serves them."""
        marker = self.comment_marker(row)
        texts = (
            row.id,
            row.principle,
            row.title,
            row.self_assessment or "—",
            self.caption(row.score),
            marker,
        )
        tips = (
            f"{row.id} · {row.level_name}",
            f"{row.principle} {row.principle_name}",
            row.title,
            None,
            None,
            row.comment or None,
        )
        backgrounds: list[QBrush | None] = [None] * len(HEADERS)
        if row.score is None:
            backgrounds[SCORE_COLUMN] = _brush(UNSCORED_BACKGROUND)
        if marker == COMMENT_NEEDED:
            backgrounds[COMMENT_COLUMN] = _brush(NEEDED_BACKGROUND)
        return texts, tips, tuple(backgrounds), row.score is None

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _CRITERIA_ROLES or not index.isValid():
            return None
        position, column = index.row(), index.column()
        if not 0 <= position < len(self._cells):
            return None
        texts, tips, backgrounds, unscored = self._cells[position]
        if role in _TEXT_ROLES:
            return texts[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            return backgrounds[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tips[column]
        if role == Qt.ItemDataRole.FontRole:
            return _italic() if column == SCORE_COLUMN and unscored else None
        return self._rows[position]  # RECORD_ROLE

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return section + 1
        return None


class CriteriaFilter(QSortFilterProxyModel):
    """Level, principle, free text and "not scored yet" filters; order stays the framework's."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.level: str | None = None
        self.principle: str | None = None
        self.text = ""
        self.unscored_only = False
        self.setDynamicSortFilter(False)

    def set_filters(
        self,
        level: str | None = None,
        principle: str | None = None,
        text: str = "",
        unscored_only: bool = False,
    ) -> None:
        self.beginFilterChange()
        self.level, self.principle = level, principle
        self.text, self.unscored_only = text.strip().casefold(), unscored_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @override
    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, CriteriaModel):
            return True
        row = model.row(source_row)
        if self.level and row.level != self.level:
            return False
        if self.principle and row.principle != self.principle:
            return False
        if self.unscored_only and row.score is not None:
            return False
        if self.text:
            haystack = f"{row.id} {row.title} {row.summary} {row.comment}".casefold()
            return self.text in haystack
        return True
