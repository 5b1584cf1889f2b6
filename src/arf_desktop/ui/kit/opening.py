"""Opening the workspace after the window's first paint: on a worker thread, with a screen frame.

The window shows at once with its navigation and the chosen screen's frame; the workspace
(storage, its services and the first screen's data) opens on a worker thread, and its result,
or the refusal that explains why it did not open, comes back on the window's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.ui.kit.background import BackgroundReader
from arf_desktop.ui.kit.widgets import ScreenHeader

OPENING = "Opening the workspace…"


def shown_location(location: str) -> str:
    """The workspace as the title names it before it opens: a path, or a URL without password."""
    if "://" not in location or location.startswith("sqlite:"):
        return location.removeprefix("sqlite:///")
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def opening_status(location: str) -> str:
    """The status line while the workspace opens."""
    return f"Opening the workspace {shown_location(location)}…"


def screen_frame(name: str) -> QWidget:
    """What a screen shows while the workspace opens: its title, and that it is opening."""
    frame = QWidget()
    frame.setObjectName("opening-frame")
    layout = QVBoxLayout(frame)
    layout.addWidget(ScreenHeader(name, OPENING))
    layout.addStretch(1)
    frame.setAccessibleName(f"{name} screen (opening)")
    return frame


class WorkspaceOpening(QObject):
    """Runs `work` (which opens the workspace) once on a worker thread and hands `done` what it
    returned, or the `UserFacingError` that refused it, on the window's thread."""

    def __init__(
        self, parent: QObject, work: Callable[[], Any], done: Callable[[Any], None]
    ) -> None:
        super().__init__(parent)
        self._work, self._done = work, done
        self.result: Any = None  # what the worker returned, also when nobody took it
        self.started = self.handed_over = False
        self.reader = BackgroundReader(self, self._deliver, self._fail)

    def start(self) -> None:
        """Start the worker, once."""
        if not self.started:
            self.started = True
            self.reader.start(self._run)

    def _run(self) -> Any:
        try:
            self.result = self._work()
        except UserFacingError as refusal:  # shown on the window's thread, with its details
            self.result = refusal
        except Exception as error:  # a worker never lets an exception escape into Qt
            self.result = UserFacingError(
                f"The workspace could not be opened ({type(error).__name__}: {error})."
            )
        return self.result

    def _deliver(self, value: Any) -> None:
        self.handed_over = True
        self._done(value)

    def _fail(self, message: str) -> None:
        self.handed_over = True
        self._done(UserFacingError(message))

    def abandon(self) -> Any:
        """The window closes before the workspace opened: wait for the worker and return what it
        opened that nobody took (for the caller to close), or None."""
        self.reader.supersede()
        self.reader.wait()
        left = None if self.handed_over else self.result
        return None if isinstance(left, BaseException) else left
