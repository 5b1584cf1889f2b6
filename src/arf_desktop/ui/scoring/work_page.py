"""The Scoring screen's working page: allocations above; criteria, detail and comment below."""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from arf_desktop.ui.kit.widgets import EmptyState
from arf_desktop.ui.scoring.allocations_panel import AllocationsPanel
from arf_desktop.ui.scoring.comment_editor import CommentEditor
from arf_desktop.ui.scoring.criteria_panel import CriteriaPanel
from arf_desktop.ui.scoring.detail_pane import DetailPane
from arf_desktop.ui.scoring.status_lines import StatusLines

SHEET, NOTICE = range(2)


def _column(*widgets: QWidget) -> QWidget:
    """Widgets one above the other, the first taking the spare height."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    for position, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if position == 0 else 0)
    return column


class WorkPage(QSplitter):
    """Allocations over either the open sheet (criteria | detail and comment) or a notice."""

    def __init__(
        self, scale: Callable[[], Collection[int] | None], evidence: Callable[[int], bytes]
    ) -> None:
        """`scale` and `evidence` are handed to the criteria panel and the detail pane."""
        super().__init__(Qt.Orientation.Vertical)
        self.allocations = AllocationsPanel()
        self.criteria = CriteriaPanel(scale)
        self.status = StatusLines()
        self.detail = DetailPane(evidence)
        self.editor = CommentEditor()
        self.notice = EmptyState("Choose a submission", "")

        self.sheet_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.sheet_splitter.addWidget(_column(self.criteria, self.status))
        self.sheet_splitter.addWidget(_column(self.detail, self.editor))
        self.sheet_splitter.setStretchFactor(0, 5)
        self.sheet_splitter.setStretchFactor(1, 3)
        self.sheet_splitter.setSizes([660, 360])
        self.right_stack = QStackedWidget()
        self.right_stack.addWidget(self.sheet_splitter)
        self.right_stack.addWidget(self.notice)
        self.addWidget(self.allocations)
        self.addWidget(self.right_stack)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([170, 600])

    def size_columns(self) -> None:
        self.criteria.size_columns()
        self.allocations.size_columns()

    def show_sheet(self) -> None:
        self.right_stack.setCurrentIndex(SHEET)

    def show_notice(self, title: str, body: str) -> None:
        """Say why no sheet is shown (a conflict of interest, a submission that cannot open)."""
        self.notice.title.setText(title)
        self.notice.body.setText(body)
        self.right_stack.setCurrentIndex(NOTICE)

    def focus_order(self) -> list[QWidget]:
        """Its controls in reading order: list, filters, table, detail, comment, bank."""
        criteria, editor = self.criteria, self.editor
        return [
            self.allocations.table,
            criteria.level_choice,
            criteria.principle_choice,
            criteria.filter,
            criteria.unscored_only,
            criteria.table,
            self.detail,
            editor.comment,
            editor.bank_choice,
            editor.bank_insert,
            editor.bank_save,
        ]
