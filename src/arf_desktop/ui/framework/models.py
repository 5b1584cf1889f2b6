"""The Framework screen's filter over the criteria table: free text, a level and a principle."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from arf_desktop.domain.framework import Criterion
from arf_desktop.ui.kit.widgets import FilterProxy


class CriteriaFilter(FilterProxy):
    """Text filter plus level and principle choices."""

    def __init__(self) -> None:
        super().__init__()
        self.level: str | None = None
        self.principle: str | None = None

    def set_choice(self, level: str | None, principle: str | None) -> None:
        def change() -> None:
            self.level, self.principle = level, principle

        self.refilter(change)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        criterion: Criterion = self.sourceModel().record(source_row)
        if self.level and criterion.level != self.level:
            return False
        if self.principle and criterion.principle != self.principle:
            return False
        return super().filterAcceptsRow(source_row, source_parent)
