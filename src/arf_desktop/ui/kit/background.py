"""Slow reads for a screen on a worker thread; only the newest result reaches the screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, Signal

from arf_desktop.domain.errors import UserFacingError


class _Signals(QObject):
    """Lives on the window's thread, so what the worker emits is queued to that thread."""

    done = Signal(int, object)
    failed = Signal(int, str)


class _Read(QRunnable):
    def __init__(self, number: int, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.number, self.work, self.signals = number, work, signals

    def run(self) -> None:
        try:
            value = self.work()
        except UserFacingError as error:
            self.signals.failed.emit(self.number, error.message)
        except Exception as error:  # a worker never lets an exception escape into Qt
            self.signals.failed.emit(
                self.number, f"This could not be loaded ({type(error).__name__}: {error})."
            )
        else:
            self.signals.done.emit(self.number, value)


class BackgroundReader(QObject):
    """Runs reads one after another off the window's thread; a newer read outdates older ones."""

    def __init__(
        self, parent: QObject, done: Callable[[Any], None], failed: Callable[[str], None]
    ) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)  # destroyed first: it waits for a read still running
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._deliver)
        self._signals.failed.connect(self._fail)
        self._done, self._failed = done, failed
        self._latest = 0
        self.loading = False

    def start(self, work: Callable[[], Any]) -> None:
        self._latest += 1
        self.loading = True
        self._pool.start(_Read(self._latest, work, self._signals))

    def supersede(self) -> None:
        """Ignore the result of any read still running (the screen is showing something newer)."""
        self._latest += 1
        self.loading = False

    def wait(self) -> None:
        self._pool.waitForDone()

    def finish_within(self, milliseconds: int) -> bool:
        """Wait up to `milliseconds` for the read under way and hand its result over now, not
        on a later round of events; whether it was handed over (never waits for 0 or less)."""
        if not self.loading or milliseconds <= 0 or not self._pool.waitForDone(milliseconds):
            return False
        # the queued result, and nothing else waiting on the window's thread
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        return not self.loading

    def _deliver(self, number: int, value: Any) -> None:
        if number == self._latest:
            self.loading = False
            self._done(value)

    def _fail(self, number: int, message: str) -> None:
        if number == self._latest:
            self.loading = False
            self._failed(message)
