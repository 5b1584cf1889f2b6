"""Rounds and withdrawals in the window: the Round menu, Withdraw/Restore, the remembered round."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from arf_desktop.demo.history import EARLIER_ROUND
from arf_desktop.demo.retention import OLD_ROUND
from arf_desktop.demo.workspace import DEMO_ROUND
from arf_desktop.registers.rounds import list_rounds
from arf_desktop.ui.kit import dialogs, settings
from arf_desktop.ui.main_window import SCREENS, MainWindow
from arf_desktop.ui.submissions import dialogs as submission_dialogs


def rows(window: MainWindow) -> list:
    model = window.submissions.model
    return [model.record(i) for i in range(model.rowCount())]


def select(window: MainWindow, organisation: str) -> None:
    screen = window.submissions
    for row in range(screen.proxy.rowCount()):
        index = screen.proxy.index(row, 0)
        if index.data() == organisation:
            screen.table.setCurrentIndex(index)
            return
    raise AssertionError(organisation)


def status_of(window: MainWindow, organisation: str) -> str:
    screen = window.submissions
    for row in range(screen.proxy.rowCount()):
        if screen.proxy.index(row, 0).data() == organisation:
            return screen.proxy.index(row, 4).data()
    raise AssertionError(organisation)


def test_withdrawn_submission_is_marked_and_restored(window, monkeypatch) -> None:
    window.show_screen(SCREENS.index("Submissions"))
    screen = window.submissions
    screen.round.setCurrentIndex(screen.round.findData(DEMO_ROUND))
    withdrawn = [r for r in rows(window) if r.withdrawn]
    assert len(withdrawn) == 1 and withdrawn[0].round_name == DEMO_ROUND
    name = withdrawn[0].organisation
    assert status_of(window, name) == "Withdrawn"
    headers = [
        screen.model.headerData(i, Qt.Orientation.Horizontal)
        for i in range(screen.model.columnCount())
    ]
    assert "Round" in headers

    window.show_screen(SCREENS.index("Moderation"))
    queue = [e.facts.organisation for e in window.moderation.review.entries]
    assert name not in queue and queue

    window.show_screen(SCREENS.index("Submissions"))
    select(window, name)
    assert screen.round_actions.restore_button.isEnabled()
    assert not screen.round_actions.withdraw_button.isEnabled()
    monkeypatch.setattr(submission_dialogs, "ask_text", lambda *_a, **_k: "Trust confirmed")
    assert screen.round_actions.restore()
    assert status_of(window, name) != "Withdrawn"
    select(window, name)
    assert screen.round_actions.withdraw()
    assert status_of(window, name) == "Withdrawn"


def test_round_menu_renames_closes_and_refuses_to_delete(window, monkeypatch) -> None:
    screen = window.submissions
    window.show_screen(SCREENS.index("Submissions"))
    screen.round.setCurrentIndex(screen.round.findData(EARLIER_ROUND))
    actions = screen.round_actions
    assert actions.reopen_action.isEnabled() and not actions.close_action.isEnabled()
    monkeypatch.setattr(submission_dialogs, "ask_text", lambda *_a, **_k: "2024/25 round")
    assert actions.rename()
    assert screen.round.currentData() == "2024/25 round"
    assert actions.set_status("open")
    assert actions.close_action.isEnabled() and not actions.reopen_action.isEnabled()
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, message: errors.append(message))
    assert not actions.delete()
    assert "holds 1 submission" in errors[0] and "only an empty round" in errors[0]
    names = [r.name for r in list_rounds(window.workspace)]
    assert names == [DEMO_ROUND, "2024/25 round", OLD_ROUND]


@pytest.mark.parametrize("first", ["Outcomes & exports", "Moderation"])
def test_every_round_chooser_opens_on_the_round_last_used(window, first) -> None:
    boxes = {
        "Submissions": window.submissions.round,
        "Moderation": window.moderation.round_choice,
        "Outcomes & exports": window.outcomes.round,
    }
    window.show_screen(SCREENS.index(first))
    box = boxes[first]
    start = EARLIER_ROUND if box.currentText() == DEMO_ROUND else DEMO_ROUND
    target = DEMO_ROUND if start == EARLIER_ROUND else EARLIER_ROUND
    box.setCurrentIndex(box.findText(start))
    assert window.registry.get(settings.LAST_ROUND) == start
    box.setCurrentIndex(box.findText(target))
    assert window.registry.get(settings.LAST_ROUND) == target
    for name, other in boxes.items():
        window.show_screen(SCREENS.index(name))
        assert other.currentText() == target, name
    box = boxes["Submissions"]
    box.setCurrentIndex(box.findText(settings.ALL_ROUNDS))
    assert window.registry.get(settings.LAST_ROUND) == target


def test_new_round_dialog_asks_for_the_round_dates(qtbot, window) -> None:
    dialog = submission_dialogs.RoundDialog(window, "2026/27 recognition round", "ARF draft")
    qtbot.addWidget(dialog)
    draft = dialog.draft()
    assert draft.submission_deadline < draft.scoring_deadline < draft.panel_date
    assert draft.resubmission_opens < draft.resubmission_closes


@pytest.mark.parametrize("name", ["Submissions", "Moderation", "Outcomes & exports"])
def test_a_screen_first_shown_reads_the_round_last_used(qtbot, reopened, name) -> None:
    """Its chooser set to the round last used (an earlier round, which no screen would choose
    itself), a screen built on its first visit shows that round's rows."""
    again = reopened(EARLIER_ROUND)
    qtbot.waitUntil(lambda: again.painted)
    again.show_screen(SCREENS.index(name))
    screen = again.screens[name]
    if name == "Submissions":  # the screen shown first: it reads its rows after the paint
        qtbot.waitUntil(lambda: screen.loaded)
        assert screen.round.currentText() == EARLIER_ROUND
        assert {row.round_name for row in screen.model.records()} == {EARLIER_ROUND}
    elif name == "Moderation":
        assert screen.round_choice.currentText() == EARLIER_ROUND
        qtbot.waitUntil(lambda: screen.loaded and not screen.loading)
        assert screen.review.round.name == EARLIER_ROUND
    else:
        assert screen.round.currentText() == EARLIER_ROUND
        qtbot.waitUntil(lambda: not screen.reader.loading)
        assert screen.header.subtitle.text().endswith(f" in {EARLIER_ROUND}.")
