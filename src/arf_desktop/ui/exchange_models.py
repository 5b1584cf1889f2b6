"""Tables, drop handling and the background runner of the Exchange screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QLabel, QPushButton
from typing_extensions import override

from arf_desktop.exchange.conflicts_queue import QueuedConflict
from arf_desktop.exchange.overview import MergedReturn
from arf_desktop.ui.export_task import ExportRunner
from arf_desktop.ui.record_model import Column
from arf_desktop.ui.widgets import label

EXCHANGE_SUFFIXES = (".arfreturn", ".arfpack")
DROP_HINT = "Drop score returns (.arfreturn) or a work pack (.arfpack) here to import them."
CONFLICT_COLUMNS: list[Column[QueuedConflict]] = [
    Column("Organisation", lambda c: c.organisation),
    Column("Criterion", lambda c: c.item_label),
    Column("Assessor", lambda c: c.assessor),
    Column("Why", lambda c: c.kind_text),
    Column("Status", lambda c: c.status.capitalize()),
    Column(
        "Values", lambda c: c.values_text, tooltip=lambda c: "\n".join(x.label for x in c.choices)
    ),
]
MERGE_COLUMNS: list[Column[MergedReturn]] = [
    Column("Assessor", lambda m: m.assessor),
    Column("Records", lambda m: m.records, numeric=True),
    Column("New", lambda m: m.new, numeric=True),
    Column("Updated", lambda m: m.updated, numeric=True),
    Column("Unchanged", lambda m: m.unchanged + m.older, numeric=True),
    Column("Conflicts", lambda m: m.conflicts, numeric=True),
    Column("Merged (UTC)", lambda m: m.merged_at[:16].replace("T", " ")),
    Column("File", lambda m: m.file),
]


def exchange_paths(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    found = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in found if p.suffix.lower() in EXCHANGE_SUFFIXES]


class ExchangeRunner(ExportRunner):
    """The export runner's progress dialog, worded for any exchange job."""

    verb = "Working on"

    @override
    def _on_progress(self, done: int, total: int, name: str) -> None:
        if self.dialog is None or (self.task is not None and self.task.cancelled):
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        if name:
            self.dialog.setLabelText(f"{self.verb} {done + 1} of {total}:\n{name}")


def heading(text: str) -> QLabel:
    """A section heading: bold and a little larger than body text."""
    widget = label(text, "", f"{text} heading")
    font = widget.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    widget.setFont(font)
    return widget


def button(text: str, name: str, secondary: bool = False) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(name)
    if secondary:
        widget.setProperty("role", "secondary")
    return widget
