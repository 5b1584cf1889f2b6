"""Runs a workbook import on the write lane in the background, with progress after ~500 ms."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.importers.batch import BatchResult, import_paths
from arf_desktop.storage.workspace import Workspace

SHOW_PROGRESS_AFTER_MS = 500


class JobSignals(QObject):
    """Signals a job emits from the worker thread; Qt queues them to the window's thread."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)


class ImportJob(QRunnable):
    """One call of the Qt-free import service; the SQLite write happens on this worker thread."""

    def __init__(
        self, workspace: Workspace, actor: str, paths: Sequence[Path], round_name: str | None
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.workspace = workspace
        self.actor = actor
        self.paths = list(paths)
        self.round_name = round_name
        self.signals = JobSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = import_paths(
                self.workspace,
                self.actor,
                self.paths,
                self.round_name,
                progress=self.signals.progress.emit,
                cancel=self._cancel.is_set,
            )
        except UserFacingError as error:
            self.signals.failed.emit(error.message)
        except Exception as error:  # a worker never lets an exception escape into Qt
            self.signals.failed.emit(
                f"The import stopped unexpectedly ({type(error).__name__}: {error}). "
                "Every workbook already imported is complete; nothing half-imported was kept."
            )
        else:
            self.signals.finished.emit(result)


class ImportRunner(QObject):
    """One import at a time on a single-thread pool; a progress dialog with Cancel if it is slow."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.job: ImportJob | None = None
        self.dialog: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_progress)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(
        self, workspace: Workspace, actor: str, paths: Sequence[Path], round_name: str | None
    ) -> ImportJob:
        if self.job is not None:
            raise UserFacingError("An import is already running; wait for it to finish.")
        job = ImportJob(workspace, actor, paths, round_name)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        self.job = job
        self.dialog = self._make_dialog(job)
        self._timer.start(SHOW_PROGRESS_AFTER_MS)
        self.pool.start(job)
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            if self.dialog is not None:
                self.dialog.setLabelText("Stopping after the workbook being imported now…")

    def _make_dialog(self, job: ImportJob) -> QProgressDialog:
        dialog = QProgressDialog(
            "Checking the files…", "Cancel", 0, 0, self.parent_widget, Qt.WindowType.Dialog
        )
        cancel = QPushButton("Cancel import")
        cancel.setAccessibleName("Cancel the import after the current workbook")
        cancel.setProperty("role", "secondary")
        dialog.setCancelButton(cancel)
        cancel.ensurePolished()  # size it with the style sheet's padding, not the bare style's
        cancel.setMinimumSize(cancel.sizeHint())
        dialog.setWindowTitle("Importing workbooks")
        dialog.setAccessibleName("Import progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(10**9)  # shown by our own timer, not by QProgressDialog's guess
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(460)
        dialog.canceled.disconnect()
        dialog.canceled.connect(self.cancel)
        dialog.hide()
        return dialog

    def _show_progress(self) -> None:
        if self.job is not None and self.dialog is not None:
            self.dialog.show()

    def _on_progress(self, done: int, total: int, name: str) -> None:
        if self.dialog is None or (self.job is not None and self.job.cancelled):
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        if name:
            self.dialog.setLabelText(f"Importing {done + 1} of {total}:\n{name}")

    def _close(self) -> None:
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        self.job = None

    def _on_finished(self, result: BatchResult) -> None:
        self._close()
        self.finished.emit(result)

    def _on_failed(self, message: str) -> None:
        self._close()
        self.failed.emit(message)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker is done (used when the window closes mid-import)."""
        return self.pool.waitForDone(msecs)
