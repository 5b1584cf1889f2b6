"""The Submissions screen: every organisation's latest submission in the workspace's rounds."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from arf_desktop.domain.records import SubmissionRow
from arf_desktop.storage.rounds import submission_rows
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.record_model import Column, RecordTableModel
from arf_desktop.ui.widgets import (
    EmptyState,
    FilterProxy,
    ScreenHeader,
    enable_sorting,
    filter_box,
    make_table,
)


class SubmissionsScreen(QWidget):
    """Lists submissions; shows what to do when there are none."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.workspace = workspace
        self.header = ScreenHeader("Submissions", "")
        self.filter = filter_box("Filter submissions", "Filter by organisation, ICB or level…")
        self.count = QLabel()
        self.count.setAccessibleName("Submissions shown")
        self.model: RecordTableModel[SubmissionRow] = RecordTableModel(
            [
                Column("Organisation", lambda s: s.organisation),
                Column("ICB", lambda s: s.icb),
                Column("Round", lambda s: s.round_name),
                Column("Level applied for", lambda s: s.level_applied.capitalize()),
                Column("Version", lambda s: s.version_no, numeric=True),
                Column("Evidence files", lambda s: s.evidence_files, numeric=True),
                Column("Warnings", lambda s: s.warnings, numeric=True),
                Column("Imported", lambda s: s.imported_at[:16].replace("T", " ")),
            ]
        )
        self.proxy = FilterProxy()
        self.proxy.setSourceModel(self.model)
        self.table = make_table("Submissions table")
        self.table.setModel(self.proxy)
        enable_sorting(self.table, 0)
        self.empty = EmptyState(
            "No submissions yet",
            "Import workbooks to start a round: generate the blank workbook with "
            "`arf-desktop template`, send it to each organisation, then import the returned files.",
        )
        self.stack = QStackedWidget()
        table_page = QWidget()
        page_layout = QVBoxLayout(table_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.count)
        page_layout.addLayout(filters)
        page_layout.addWidget(self.table, 1)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(table_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(self._update_count)
        self.refresh()

    def refresh(self) -> None:
        with self.workspace.read() as conn:
            rows = submission_rows(conn)
        self.model.set_records(rows)
        rounds = len({r.round_name for r in rows})
        self.header.subtitle.setText(
            f"{len(rows)} submissions in {rounds} round{'s' if rounds != 1 else ''}"
            if rows
            else "Submissions arrive as workbooks from each organisation."
        )
        self.stack.setCurrentIndex(1 if rows else 0)
        self.table.resizeColumnsToContents()
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()} shown")
