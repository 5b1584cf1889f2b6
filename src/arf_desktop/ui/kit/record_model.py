"""A table model over a list of immutable records, described by columns, sorted in the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from typing_extensions import override

R = TypeVar("R")
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
# The roles as plain numbers: a view asks data() for every cell and role, and comparing
# numbers is far cheaper than comparing Qt's enum members.
DISPLAY = Qt.ItemDataRole.DisplayRole.value
ACCESSIBLE_TEXT = Qt.ItemDataRole.AccessibleTextRole.value
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
TEXT_ROLES = frozenset({DISPLAY, ACCESSIBLE_TEXT})
LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value
RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header, how to read the value, and how to show and sort it."""

    title: str
    value: Callable[[R], Any]
    numeric: bool = False
    display: Callable[[Any], str] | None = None
    tooltip: Callable[[R], str] | None = None

    def text(self, record: R) -> str:
        value = self.value(record)
        if self.display is not None:
            return self.display(value)
        return "" if value is None else str(value)

    def sort_key(self, record: R) -> tuple[int, Any]:
        value = self.value(record)
        if value is None:
            return (1, "")
        return (0, value.casefold() if isinstance(value, str) else value)


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Read-only rows; `set_records` replaces them all, `sort` reorders the Python list."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._records: list[R] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_records(self, records: Sequence[R]) -> None:
        self.beginResetModel()
        self._records = list(records)
        if self._sort is not None:
            self._sort_in_place(*self._sort)
        self.endResetModel()

    def record(self, row: int) -> R:
        return self._records[row]

    def records(self) -> list[R]:
        return list(self._records)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    @override
    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row = index.row()
        if not 0 <= row < len(self._records) or not index.isValid():
            return None
        role = int(role)
        column = self._columns[index.column()]
        if role in TEXT_ROLES:
            return column.text(self._records[row])
        if role == ALIGNMENT:
            return RIGHT if column.numeric else LEFT
        if role == TOOLTIP and column.tooltip is not None:
            return column.tooltip(self._records[row])
        if role == RECORD_ROLE:
            return self._records[row]
        if role == SORT_ROLE:
            key = column.sort_key(self._records[row])
            return key[1] if key[0] == 0 else None
        return None

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            column = self._columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                flag = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
                return int(flag | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_in_place(column, order)
        self.layoutChanged.emit()

    def _sort_in_place(self, column: int, order: Qt.SortOrder) -> None:
        key = self._columns[column].sort_key
        self._records.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
