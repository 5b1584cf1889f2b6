"""Runs a workbook import on the write lane in the background, with progress after ~500 ms."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.task_runner import Task, TaskRunner, Wording

IMPORT_WORDING = Wording(
    noun="import",
    item="workbook",
    verb="Importing",
    doing="being imported",
    done_note="Every workbook already imported is complete; nothing half-imported was kept.",
)


class ImportRunner(TaskRunner):
    """One import at a time; the SQLite writes happen on the worker thread."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, IMPORT_WORDING)

    def start_import(
        self, workspace: Workspace, actor: str, paths: Sequence[Path], round_name: str | None
    ) -> Task:
        from arf_desktop.importers.batch import import_paths

        chosen = list(paths)
        return self.start(
            "Importing workbooks",
            lambda progress, cancel: import_paths(
                workspace, actor, chosen, round_name, progress=progress, cancel=cancel
            ),
        )
