"""The Moderation screen on a real round: queue order, matrix, agreeing, deciding, statistics."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from arf_desktop.app import make_application
from arf_desktop.domain.moderation import RISK_LABELS, RISK_OUTCOME
from arf_desktop.moderation.review import load_round
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.moderation import dialogs as moderation_dialogs
from arf_desktop.ui.moderation.models import SCORE_ROLE
from arf_desktop.ui.moderation.screen import ModerationScreen
from tests.moderation.conftest import ASSESSORS, ROUND, moderation_round, uniform  # noqa: F401

BOLTON = "Bolton NHS Foundation Trust"
STOCKPORT = "Stockport NHS Foundation Trust"


@pytest.fixture
def screen(qtbot, moderation_round, uniform):  # noqa: F811
    make_application()
    r = moderation_round
    first = r.criteria(BOLTON)[0]
    for index, assessor in enumerate(ASSESSORS):
        scores = uniform(r, BOLTON, 2)
        scores[first] = 1 if index == 0 else 2
        r.score(BOLTON, assessor, scores)
        r.score(STOCKPORT, assessor, uniform(r, STOCKPORT, 3))
    widget = ModerationScreen(r.workspace, lambda: "Panel chair")
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded)  # the round is read on a worker
    return widget


def test_queue_and_matrix(screen: ModerationScreen, qtmodeltester) -> None:
    qtmodeltester.check(screen.queue_model)
    qtmodeltester.check(screen.matrix_model)
    first = screen.queue_model.record(0)
    assert first.facts.organisation == BOLTON and first.review.risk == RISK_OUTCOME
    assert screen.queue_model.index(0, 2).data() == RISK_LABELS[RISK_OUTCOME]
    assert screen.matrix_model.columnCount() == 1 + 3 + 4
    cell = screen.matrix_model.index(0, 1)
    assert cell.data() == "1 · Partially evidenced" and cell.data(SCORE_ROLE) == 1
    assert screen.matrix_model.index(0, 6).data() == "To agree"
    assert screen.matrix_model.index(1, 6).data() == "Unanimous"
    assert screen.matrix_model.headerData(7, Qt.Orientation.Horizontal) == "Feedback"
    assert screen.matrix_model.index(1, 7).data() == "—"
    assert "Open (1 to agree)" in screen.outcome.text()


def test_agree_needs_rationale_then_decide(
    screen: ModerationScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    screen.matrix.selectRow(0)
    screen.agreed_choice.setCurrentIndex(screen.agreed_choice.findData(2))
    assert "required" in screen.rationale.placeholderText()
    assert not screen.save_agreed() and "rationale is required" in errors[-1]
    screen.rationale.setPlainText("The minute was in the appendix.")
    screen.feedback.setPlainText("Clear, board-approved statement.")
    assert screen.save_agreed()
    assert screen.current_entry().facts.organisation == BOLTON
    assert screen.matrix_model.index(0, 6).data() == "Agreed"
    assert "Awarded" in screen.outcome.text()
    monkeypatch.setattr(
        moderation_dialogs,
        "ask_decision",
        lambda *a: moderation_dialogs.DecisionRequest("2026-03-01", ("Siân Evans",)),
    )
    assert screen.record_decision()
    review = load_round(screen.workspace, ROUND)
    decided = review.find(BOLTON)
    assert decided is not None and decided.decision is not None
    assert decided.decision.outcome == "awarded" and decided.decision.panel_date == "2026-03-01"


def test_statistics_tab(screen: ModerationScreen, qtbot) -> None:
    screen.tabs.setCurrentIndex(1)
    assert screen.statistics_worker.working  # worked out off the window's thread
    qtbot.waitUntil(lambda: not screen.statistics_worker.working)
    assert "items scored by 3 assessors" in screen.statistics.headline.text()
    assert len(screen.statistics.severity.bars) == 3
    assert screen.statistics.criteria.bars[0].value <= screen.statistics.criteria.bars[-1].value
    grab = screen.grab()
    assert not grab.isNull()


def test_keyboard_reaches_the_editor(screen: ModerationScreen, qtbot) -> None:
    screen.matrix.setFocus()
    qtbot.keyClick(screen.matrix, Qt.Key.Key_Down)
    assert screen.matrix.currentIndex().row() == 1


@pytest.fixture
def gaps_screen(qtbot, moderation_round, uniform):  # noqa: F811
    """Bolton with two criteria every assessor scored 1, each with what they found missing."""
    from tests.moderation.test_feedback import gaps_round

    make_application()
    low = gaps_round(moderation_round, uniform)
    widget = ModerationScreen(moderation_round.workspace, lambda: "Panel chair")
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded)
    return widget, low


def test_a_draft_from_the_assessors_comments_is_offered_and_adopted(gaps_screen) -> None:
    screen, low = gaps_screen
    row = next(i for i in range(screen.matrix_model.rowCount())
               if screen.matrix_model.line(i).criterion_id == low[0])  # fmt: skip
    assert screen.matrix_model.index(row, 7).data() == "Needed"
    screen.matrix.selectRow(row)
    draft = "No board approval of the plan. Plan not approved."
    assert screen.feedback.toPlainText() == draft
    assert "Drafted for" in screen.draft_note.text() and screen.adopt_button.isEnabled()
    assert not any(name in screen.feedback.toPlainText() for name in ASSESSORS)
    screen.grab().save(str(Path(os.environ.get("ARF_GRAB_DIR", "/tmp")) / "moderation-draft.png"))
    assert screen.adopt_draft()
    line = screen.matrix_model.line(row)
    assert line.agreed is not None and line.agreed.feedback == draft and line.agreed.score == 1
    assert screen.matrix_model.index(row, 7).data() == "Written"
    assert not screen.adopt_button.isEnabled() and screen.draft_note.text() == ""


def test_an_edited_draft_is_saved_as_written(gaps_screen) -> None:
    screen, low = gaps_screen
    row = next(i for i in range(screen.matrix_model.rowCount())
               if screen.matrix_model.line(i).criterion_id == low[1])  # fmt: skip
    screen.matrix.selectRow(row)
    screen.feedback.setPlainText(screen.feedback.toPlainText() + " Add it to the plan.")
    assert screen.save_agreed()
    assert screen.matrix_model.line(row).agreed.feedback.endswith("Add it to the plan.")


def test_deciding_asks_before_adopting_the_comments(gaps_screen, monkeypatch) -> None:
    screen, low = gaps_screen
    asked: list[str] = []
    answers = iter([False, True])

    def confirm(_parent, _title, text):  # type: ignore[no-untyped-def]
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(dialogs, "confirm", confirm)
    request = moderation_dialogs.DecisionRequest(date.today().isoformat(), ("Siân Evans",))
    monkeypatch.setattr(moderation_dialogs, "ask_decision", lambda *a: request)
    assert not screen.record_decision()
    assert all(criterion in asked[0] for criterion in low) and "Plan not approved." in asked[0]
    assert load_round(screen.workspace, ROUND).find(BOLTON).decision is None
    assert screen.record_decision()
    decided = load_round(screen.workspace, ROUND).find(BOLTON)
    assert decided.decision.outcome == "minor_revisions"
    agreed = {ln.criterion_id: ln.agreed for ln in decided.review.lines if ln.agreed}
    assert set(agreed) == set(low)


def test_the_panel_date_cannot_be_ahead_of_today(qtbot) -> None:
    from arf_desktop.importers.framework_file import default_framework_path, load_framework_file

    make_application()
    framework = load_framework_file(default_framework_path())[0]
    dialog = moderation_dialogs.DecisionDialog(None, framework, "Awarded · Bronze")
    qtbot.addWidget(dialog)
    dialog.panel_date.setDate(QDate.currentDate().addDays(7))
    assert dialog.request().panel_date == date.today().isoformat()
