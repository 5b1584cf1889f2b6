"""The Framework screen: criteria table with filters beside the criterion's guidance and scale.

Loading another framework file makes it the workspace's current version.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.framework import Criterion, Framework
from arf_desktop.registers.frameworks import current_framework, load_framework
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.framework.detail import criterion_html
from arf_desktop.ui.framework.models import CriteriaFilter
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.record_model import RECORD_ROLE, Column, RecordTableModel
from arf_desktop.ui.kit.widgets import (
    ScreenHeader,
    enable_sorting,
    filter_box,
    label,
    make_table,
)


class FrameworkScreen(QWidget):
    """Browse the current framework; load another version."""

    loaded = Signal()  # another framework version was loaded and is now the current one

    def __init__(self, workspace: Workspace, actor: Callable[[], str]) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.workspace = workspace
        self.actor = actor
        self.framework: Framework | None = None
        self.header = ScreenHeader("Framework", "")
        self.draft_badge = label("DRAFT — not the Assembly's official wording", "badge-draft")
        self.draft_badge.setAccessibleName("Draft framework warning")
        self.header.add_action(self.draft_badge)
        self.load_button = QPushButton("Load framework…")
        self.load_button.setAccessibleName("Load framework file")
        self.load_button.setProperty("role", "secondary")
        self.header.add_action(self.load_button)

        self.filter = filter_box("Filter criteria", "Filter by id, title or text…")
        self.level_choice = QComboBox()
        self.level_choice.setAccessibleName("Filter by level")
        self.principle_choice = QComboBox()
        self.principle_choice.setAccessibleName("Filter by principle")
        self.count = QLabel()
        self.count.setAccessibleName("Criteria shown")

        self.model: RecordTableModel[Criterion] = RecordTableModel(
            [
                Column("ID", lambda c: c.id),
                Column("Level", lambda c: self._level_name(c.level)),
                Column("Principle", lambda c: c.principle),
                Column("Criterion", lambda c: c.title, tooltip=lambda c: c.title),
                Column("Must meet", lambda c: "Yes" if c.must_meet else "No"),
            ]
        )
        self.proxy = CriteriaFilter()
        self.proxy.setSourceModel(self.model)
        self.table = make_table("Criteria table")
        self.table.setModel(self.proxy)
        enable_sorting(self.table, None)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Criterion detail")
        self.detail.setOpenExternalLinks(False)

        filters = QHBoxLayout()
        filters.addWidget(self.filter, 2)
        filters.addWidget(self.level_choice, 1)
        filters.addWidget(self.principle_choice, 1)
        filters.addWidget(self.count)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        self._connect()
        found = current_framework(workspace)
        self.show_framework(found[1] if found else None)

    def _connect(self) -> None:
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(self._update_count)
        self.level_choice.currentIndexChanged.connect(self._apply_choices)
        self.principle_choice.currentIndexChanged.connect(self._apply_choices)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.load_button.clicked.connect(self._ask_and_load)
        self.setTabOrder(self.load_button, self.filter)
        self.setTabOrder(self.filter, self.level_choice)
        self.setTabOrder(self.level_choice, self.principle_choice)
        self.setTabOrder(self.principle_choice, self.table)
        self.setTabOrder(self.table, self.detail)

    def _level_name(self, level_id: str) -> str:
        if self.framework is None:
            return level_id
        return self.framework.level(level_id).name

    def show_framework(self, framework: Framework | None) -> None:
        self.framework = framework
        self.level_choice.blockSignals(True)
        self.principle_choice.blockSignals(True)
        self.level_choice.clear()
        self.principle_choice.clear()
        self.level_choice.addItem("All levels", None)
        self.principle_choice.addItem("All principles", None)
        if framework is None:
            self.header.subtitle.setText("No framework is loaded. Load a framework file to begin.")
            self.draft_badge.setVisible(False)
            self.model.set_records([])
        else:
            for level in framework.levels:
                self.level_choice.addItem(level.name, level.id)
            for principle in framework.principles:
                self.principle_choice.addItem(f"{principle.id} {principle.name}", principle.id)
            self.header.subtitle.setText(
                f"{framework.name} · version {framework.version} · {len(framework.criteria)} "
                f"criteria in {len(framework.levels)} levels and {len(framework.principles)} "
                "principles"
            )
            self.draft_badge.setVisible(framework.is_draft)
            self.model.set_records(framework.criteria)
        self.level_choice.blockSignals(False)
        self.principle_choice.blockSignals(False)
        for column in (0, 1, 2, 4):  # the criterion's title is given a set width instead
            self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(3, 340)
        self._update_count()
        if self.proxy.rowCount() > 0:
            self.table.selectRow(0)

    def _apply_choices(self) -> None:
        self.proxy.set_choice(self.level_choice.currentData(), self.principle_choice.currentData())
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()}")

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        criterion = current.data(RECORD_ROLE) if current.isValid() else None
        if criterion is None or self.framework is None:
            self.detail.clear()
            return
        self.detail.setHtml(criterion_html(self.framework, criterion))

    def _ask_and_load(self) -> None:
        chosen = dialogs.ask_open_file(self, "Load framework", "Framework definition (*.json)")
        if chosen is not None:
            self.load_file(chosen)

    def load_file(self, path: Path) -> None:
        """Load a framework file into the workspace, make it current and show it."""
        try:
            result = load_framework(self.workspace, self.actor(), path)
        except UserFacingError as error:
            dialogs.show_error(self, "Framework not loaded", error.message)
            return
        self.show_framework(result.framework)
        self.loaded.emit()
        verb = "loaded" if result.new else "was already loaded"
        dialogs.show_info(
            self,
            "Framework loaded",
            f"{result.framework.label} {verb}. New rounds will use it; existing submissions keep "
            "the version they were made for.",
        )
