"""The Moderation screen reads its round on a worker once shown: a quick read is shown whole
at once; a slow one shows the frame with a clear loading state first and the queue fills in
when read; a failed, outdated or abandoned read is safe."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from arf_desktop.app import make_application
from arf_desktop.registers.rounds import RoundDraft, create_round, rename_round
from arf_desktop.ui.main_window import SCREENS
from arf_desktop.ui.moderation import loading as loading_module
from arf_desktop.ui.moderation.screen import ModerationScreen
from tests.moderation.conftest import ASSESSORS, PANEL, ROUND, moderation_round, uniform  # noqa: F401
from tests.ui.moderation.test_moderation_screen import BOLTON, STOCKPORT


def grab(widget, name: str) -> None:
    widget.grab().save(str(Path(os.environ.get("ARF_GRAB_DIR", "/tmp")) / name))


@pytest.fixture
def scored(moderation_round, uniform):  # noqa: F811
    make_application()
    for assessor in ASSESSORS:
        moderation_round.score(BOLTON, assessor, uniform(moderation_round, BOLTON, 2))
        moderation_round.score(STOCKPORT, assessor, uniform(moderation_round, STOCKPORT, 3))
    return moderation_round


@pytest.fixture
def slow_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The screen does not wait for any read before painting: every read shows as loading."""
    monkeypatch.setattr(loading_module, "SHOW_WHOLE_WITHIN_MS", 0)


@pytest.fixture
def patient_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The screen waits for its read as long as it takes (a busy machine may take longer than
    the quarter second it waits in use): every read is shown whole at once."""
    monkeypatch.setattr(loading_module, "SHOW_WHOLE_WITHIN_MS", 60_000)


def opened(qtbot, workspace) -> ModerationScreen:
    screen = ModerationScreen(workspace, lambda: PANEL)
    qtbot.addWidget(screen)
    screen.resize(1300, 800)
    screen.show()
    return screen


def test_a_quick_read_is_shown_whole_at_once(qtbot, scored, patient_reads) -> None:
    screen = ModerationScreen(scored.workspace, lambda: PANEL)
    qtbot.addWidget(screen)
    assert screen.loading and not screen.reader.loading  # nothing is read until it is shown
    screen.show()  # the read, well within the time waited, is shown before the first paint
    assert screen.loaded and not screen.loading and not screen.reader.loading
    assert screen.queue_model.rowCount() == 3 and screen.current_entry() is not None
    assert screen.header.subtitle.text().startswith("3 submissions · 2 with submitted scores")


def test_the_frame_shows_at_once_and_the_queue_fills_in(qtbot, scored, slow_reads) -> None:
    screen = opened(qtbot, scored.workspace)
    assert screen.loading and not screen.loaded
    assert screen.header.subtitle.text() == f"Loading the moderation queue of {ROUND}…"
    assert screen.queue_model.rowCount() == 0 and screen.current_entry() is None
    assert screen.round_choice.isEnabled() and screen.tabs.currentIndex() == 0
    assert screen.title.text() == f"Loading {ROUND}…"
    assert not screen.save_button.isEnabled() and not screen.rationale.isEnabled()
    qtbot.waitExposed(screen)
    grab(screen, "moderation-loading.png")
    qtbot.waitUntil(lambda: screen.loaded)
    assert not screen.loading and not screen.reader.loading
    assert screen.queue_model.rowCount() == 3
    assert screen.current_entry() is not None and screen.matrix_model.rowCount()
    assert screen.save_button.isEnabled() and screen.title.text().startswith(BOLTON)
    assert screen.header.subtitle.text().startswith("3 submissions · 2 with submitted scores")
    grab(screen, "moderation-filled.png")


def test_a_read_that_fails_is_told(qtbot, scored, slow_reads) -> None:
    screen = ModerationScreen(scored.workspace, lambda: PANEL)
    qtbot.addWidget(screen)
    rename_round(scored.workspace, PANEL, ROUND, "Renamed round")  # before it is shown and read
    screen.show()
    qtbot.waitUntil(lambda: not screen.loading)
    assert not screen.loaded and screen.queue_model.rowCount() == 0
    assert ROUND in screen.header.subtitle.text() and "Loading" not in screen.header.subtitle.text()
    assert screen.title.text() == "The queue could not be read"
    screen.refresh()  # the next visit lists the round by its new name and reads it
    qtbot.waitUntil(lambda: screen.loaded)
    assert screen.round_choice.currentText() == "Renamed round"
    assert screen.queue_model.rowCount() == 3


def test_another_round_chosen_while_reading_is_the_one_shown(qtbot, scored, slow_reads) -> None:
    create_round(scored.workspace, PANEL, RoundDraft("Empty round", assessors_per_submission=3))
    screen = opened(qtbot, scored.workspace)
    first = screen.round_choice.currentText()
    assert screen.reader.loading  # the first round's read is under way on the worker
    other = next(n for n in ("Empty round", ROUND) if n != first)
    screen.round_choice.setCurrentText(other)
    assert screen.loading and screen.queue_model.rowCount() == 0
    qtbot.waitUntil(lambda: screen.loaded and not screen.loading)
    qtbot.wait(50)  # the outdated read has had its chance to arrive
    assert screen.review is not None and screen.review.round.name == other
    assert screen.queue_model.rowCount() == (3 if other == ROUND else 0)


def test_closing_the_screen_while_reading_is_safe(qtbot, scored, slow_reads) -> None:
    screen = ModerationScreen(scored.workspace, lambda: PANEL)
    screen.show()  # the read starts on the worker
    screen.close()
    screen.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # waits for the read
    qtbot.wait(50)  # what the read found, if it was under way, reaches nothing
    again = opened(qtbot, scored.workspace)  # the workspace is as it was
    qtbot.waitUntil(lambda: again.loaded)
    assert again.queue_model.rowCount() == 3


def test_closing_the_window_while_reading_is_safe(qtbot, window, slow_reads) -> None:
    window.show_screen(SCREENS.index("Moderation"))
    screen = window.screens["Moderation"]
    assert screen.loading  # the window did not wait for the round
    window.close()
    assert not screen.reader.loading
    window.workspace.close()


def test_the_window_asks_for_the_queue_when_it_needs_it_now(qtbot, window) -> None:
    """`window.moderation` (the window's own actions use it) has the round read at once."""
    screen = window.moderation
    assert screen.loaded and not screen.loading and screen.review is not None
    assert screen.queue_model.rowCount() == len(screen.review.entries) > 0


def test_the_screen_first_shows_the_round_last_used(qtbot, window, reopened) -> None:
    names = [window.moderation.round_choice.itemText(i) for i in range(2)]
    assert len(set(names)) == 2
    again = reopened(names[1])  # not the round listed first
    again.show_screen(SCREENS.index("Moderation"))
    screen = again.screens["Moderation"]
    qtbot.waitUntil(lambda: screen.loaded)
    assert screen.round_choice.currentText() == names[1]
    assert screen.review is not None and screen.review.round.name == names[1]


def test_a_slow_read_of_the_round_last_used_names_that_round(
    qtbot, window, reopened, slow_reads
) -> None:
    names = [window.moderation.round_choice.itemText(i) for i in range(2)]
    again = reopened(names[1])  # chosen before the screen is shown
    again.show_screen(SCREENS.index("Moderation"))
    screen = again.screens["Moderation"]
    assert screen.loading
    assert screen.header.subtitle.text() == f"Loading the moderation queue of {names[1]}…"
    assert screen.title.text() == f"Loading {names[1]}…"
    qtbot.waitUntil(lambda: screen.loaded)
    assert screen.review is not None and screen.review.round.name == names[1]


def test_a_hidden_screen_reads_the_round_chosen_when_asked(qtbot, scored, patient_reads) -> None:
    create_round(scored.workspace, PANEL, RoundDraft("Empty round", assessors_per_submission=3))
    screen = opened(qtbot, scored.workspace)
    assert screen.loaded
    first = screen.review.round.name
    screen.hide()
    other = next(n for n in ("Empty round", ROUND) if n != first)
    screen.round_choice.setCurrentText(other)  # hidden: the read waits to be shown
    assert screen.loading and not screen.reader.loading
    screen.ensure_loaded()  # unless it is needed now
    assert not screen.loading and screen.review.round.name == other
