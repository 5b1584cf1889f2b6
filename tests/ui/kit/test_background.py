"""A read on the worker hands its result to the window's thread; one finished within the time
asked is handed over at once, and nothing else waiting on that thread runs with it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from arf_desktop.app import make_application
from arf_desktop.ui.kit.background import BackgroundReader

Made = Callable[[list[object], list[str]], BackgroundReader]


@pytest.fixture
def reader_with() -> Iterator[Made]:
    """Readers telling what they found and what failed, owned by one object for the test."""
    make_application()
    owner = QObject()
    yield lambda found, failed: BackgroundReader(owner, found.append, failed.append)
    owner.deleteLater()  # its readers with it, each waiting for its read to end
    QCoreApplication.sendPostedEvents(owner, QEvent.Type.DeferredDelete)


def test_a_quick_read_is_handed_over_at_once_and_alone(reader_with: Made) -> None:
    found: list[object] = []
    others: list[str] = []
    reader = reader_with(found, [])
    QTimer.singleShot(0, lambda: others.append("a timer waiting on the window's thread"))
    reader.start(lambda: 42)
    assert reader.finish_within(5000)
    assert found == [42] and not reader.loading
    assert others == []  # it runs in its own turn, not inside the wait
    QCoreApplication.processEvents()
    assert others == ["a timer waiting on the window's thread"]


def test_a_slow_read_is_not_waited_for_beyond_the_time(reader_with: Made, qtbot) -> None:
    found: list[object] = []
    release = threading.Event()
    reader = reader_with(found, [])
    reader.start(lambda: release.wait(5) and "read")
    assert not reader.finish_within(20)  # still reading: nothing handed over
    assert found == [] and reader.loading
    assert not reader.finish_within(0)  # never waits for nothing
    release.set()
    qtbot.waitUntil(lambda: found == ["read"])
    assert not reader.loading


def test_a_failed_read_is_told_at_once(reader_with: Made) -> None:
    failed: list[str] = []
    reader = reader_with([], failed)

    def broken() -> object:
        raise ValueError("no such round")

    reader.start(broken)
    assert reader.finish_within(5000)
    assert failed == ["This could not be loaded (ValueError: no such round)."]
