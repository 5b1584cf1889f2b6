"""Opening on a worker thread: results and refusals reach the window; titles hide passwords."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.ui.kit.opening import WorkspaceOpening, screen_frame, shown_location


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ("/home/ada/arf/workspace.arfdb", "/home/ada/arf/workspace.arfdb"),
        ("sqlite:////srv/arf.arfdb", "/srv/arf.arfdb"),
        ("postgresql+psycopg://arf@db.example/panel", "postgresql+psycopg://arf@db.example/panel"),
        (
            "postgresql+psycopg://arf:s3cret@db.example:5432/panel",
            "postgresql+psycopg://arf:***@db.example:5432/panel",
        ),
    ],
)
def test_the_title_names_the_workspace_without_its_password(location: str, shown: str) -> None:
    assert shown_location(location) == shown
    assert "s3cret" not in shown_location(location)


def test_the_frame_names_its_screen_and_says_it_is_opening(qapp) -> None:
    frame = screen_frame("Audit")
    texts = [w.text() for w in frame.findChildren(QWidget) if hasattr(w, "text")]
    assert texts == ["Audit", "Opening the workspace…"]


@pytest.mark.parametrize(
    ("work", "expected"),
    [
        (lambda: "opened", "opened"),
        (lambda: (_ for _ in ()).throw(UserFacingError("It is locked.")), "It is locked."),
        (
            lambda: (_ for _ in ()).throw(OSError("disk gone")),
            "could not be opened (OSError: disk gone).",
        ),
    ],
    ids=["result", "refusal", "unexpected"],
)
def test_the_window_thread_gets_the_result_or_a_message(qtbot, work, expected: str) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    got: list[object] = []
    opening = WorkspaceOpening(parent, work, got.append)
    opening.start()
    opening.start()  # once only
    qtbot.waitUntil(lambda: bool(got))
    value = got[0]
    assert (value.message if isinstance(value, UserFacingError) else value).endswith(expected)
    assert len(got) == 1 and opening.abandon() is None  # handed over: not the caller's to close


def test_what_opened_after_the_window_gave_up_is_handed_back(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    gate = threading.Event()
    got: list[object] = []
    opening = WorkspaceOpening(parent, lambda: gate.wait(10) and "late workspace", got.append)
    opening.start()
    threading.Timer(0.1, gate.set).start()
    assert opening.abandon() == "late workspace"
    qtbot.wait(50)
    assert got == []  # the window that closed never gets it
