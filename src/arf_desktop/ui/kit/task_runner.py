"""Background work (imports, exports, exchange) with a progress dialog after ~500 ms and Cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from arf_desktop.domain.errors import UserFacingError

SHOW_PROGRESS_AFTER_MS = 500
Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
Work = Callable[[Progress, Cancel], Any]


@dataclass(frozen=True)
class Wording:
    """What the progress dialog says for one kind of work."""

    noun: str = "export"  # "An export is already running"
    item: str = "file"  # "Stopping after the file being written now"
    verb: str = "Writing"  # "Writing 3 of 20: …"
    doing: str = "being written"
    done_note: str = "Every file already written is complete; nothing half-written was kept."


class TaskSignals(QObject):
    """Signals a task emits from its worker thread; Qt queues them to the window's thread."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """One call of a Qt-free function given `progress` and `cancel` callbacks, on a worker."""

    def __init__(self, work: Work, wording: Wording) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.wording = wording
        self.signals = TaskSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self._cancel.is_set)
        except UserFacingError as error:
            self.signals.failed.emit(error.message)
        except OSError as error:  # a closed folder, a full disk: the file and the reason
            where = error.filename or "A file"
            self.signals.failed.emit(
                f"{where} could not be written or read ({error.strerror or error}). "
                + self.wording.done_note
            )
        except Exception as error:  # a worker never lets an exception escape into Qt
            self.signals.failed.emit(
                f"The {self.wording.noun} stopped unexpectedly ({type(error).__name__}: {error}). "
                + self.wording.done_note
            )
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """One job at a time on its own thread (one write lane); progress with Cancel if slow."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget, wording: Wording | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.wording = wording or Wording()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.task: Task | None = None
        self.dialog: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_progress)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, title: str, work: Work) -> Task:
        if self.task is not None:
            raise UserFacingError(
                f"An {self.wording.noun} is already running; wait for it to finish."
            )
        task = Task(work, self.wording)
        task.signals.progress.connect(self._on_progress)
        task.signals.finished.connect(self._on_finished)
        task.signals.failed.connect(self._on_failed)
        self.task = task
        self.dialog = self._make_dialog(title)
        self._timer.start(SHOW_PROGRESS_AFTER_MS)
        self.pool.start(task)
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            if self.dialog is not None:
                self.dialog.setLabelText(
                    f"Stopping after the {self.wording.item} {self.wording.doing} now…"
                )

    def _make_dialog(self, title: str) -> QProgressDialog:
        dialog = QProgressDialog(
            "Preparing…", "Cancel", 0, 0, self.parent_widget, Qt.WindowType.Dialog
        )
        cancel = QPushButton(f"Cancel {self.wording.noun}")
        cancel.setAccessibleName(
            f"Cancel the {self.wording.noun} after the current {self.wording.item}"
        )
        cancel.setProperty("role", "secondary")
        dialog.setCancelButton(cancel)
        cancel.ensurePolished()  # size it with the style sheet's padding, not the bare style's
        cancel.setMinimumSize(cancel.sizeHint())
        dialog.setWindowTitle(title)
        dialog.setAccessibleName(f"{title} progress")
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
        if self.task is not None and self.dialog is not None:
            self.dialog.show()

    def _on_progress(self, done: int, total: int, name: str) -> None:
        if self.dialog is None or (self.task is not None and self.task.cancelled):
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        if name:
            self.dialog.setLabelText(f"{self.wording.verb} {done + 1} of {total}:\n{name}")

    def _close(self) -> None:
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        self.task = None

    def _on_finished(self, result: object) -> None:
        self._close()
        self.finished.emit(result)

    def _on_failed(self, message: str) -> None:
        self._close()
        self.failed.emit(message)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker is done (used when the window closes mid-job)."""
        return self.pool.waitForDone(msecs)
