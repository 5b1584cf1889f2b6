"""The Moderation screen on a real round: queue order, matrix, agreeing, deciding, statistics."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

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
    return widget


def test_queue_and_matrix(screen: ModerationScreen, qtmodeltester) -> None:
    qtmodeltester.check(screen.queue_model)
    qtmodeltester.check(screen.matrix_model)
    first = screen.queue_model.record(0)
    assert first.facts.organisation == BOLTON and first.review.risk == RISK_OUTCOME
    assert screen.queue_model.index(0, 2).data() == RISK_LABELS[RISK_OUTCOME]
    assert screen.matrix_model.columnCount() == 1 + 3 + 3
    cell = screen.matrix_model.index(0, 1)
    assert cell.data() == "1 · Partially evidenced" and cell.data(SCORE_ROLE) == 1
    assert screen.matrix_model.index(0, 6).data() == "To agree"
    assert screen.matrix_model.index(1, 6).data() == "Unanimous"
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


def test_statistics_tab(screen: ModerationScreen) -> None:
    screen.tabs.setCurrentIndex(1)
    assert "items scored by 3 assessors" in screen.statistics.headline.text()
    assert len(screen.statistics.severity.bars) == 3
    assert screen.statistics.criteria.bars[0].value <= screen.statistics.criteria.bars[-1].value
    grab = screen.grab()
    assert not grab.isNull()


def test_keyboard_reaches_the_editor(screen: ModerationScreen, qtbot) -> None:
    screen.matrix.setFocus()
    qtbot.keyClick(screen.matrix, Qt.Key.Key_Down)
    assert screen.matrix.currentIndex().row() == 1
