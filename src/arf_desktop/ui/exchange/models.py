"""Tables, drop handling and the background runner of the Exchange screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QLabel, QWidget

from arf_desktop.exchange.edit_clashes import QueuedClash
from arf_desktop.exchange.overview import MergedReturn
from arf_desktop.ui.kit.record_model import Column
from arf_desktop.ui.kit.task_runner import TaskRunner, Wording
from arf_desktop.ui.kit.widgets import label

EXCHANGE_SUFFIXES = (".arfreturn", ".arfpack")
DROP_HINT = (
    "Drop score returns (.arfreturn) or a work pack (.arfpack) here to import them. Both are "
    "encrypted: packs with the passphrase chosen when they are written, returns with the key "
    "of their pack."
)
CLASH_COLUMNS: list[Column[QueuedClash]] = [
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
    Column("Conflicts", lambda m: m.clashes, numeric=True),
    Column("Merged (UTC)", lambda m: m.merged_at[:16].replace("T", " ")),
    Column("File", lambda m: m.file),
]


def exchange_paths(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    found = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in found if p.suffix.lower() in EXCHANGE_SUFFIXES]


EXCHANGE_WORDING = Wording(
    noun="exchange job",
    item="file",
    verb="Working on",
    doing="in hand",
    done_note="Each file already handled is complete; nothing half-merged was kept.",
)


def exchange_runner(parent: QWidget) -> TaskRunner:
    """The shared task runner, worded for packs and returns."""
    return TaskRunner(parent, EXCHANGE_WORDING)


def heading(text: str) -> QLabel:
    """A section heading: bold and a little larger than body text."""
    widget = label(text, "", f"{text} heading")
    font = widget.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    widget.setFont(font)
    return widget
