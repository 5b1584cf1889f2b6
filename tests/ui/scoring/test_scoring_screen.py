"""The Scoring screen with real key presses on a real workspace file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTableView
from sqlalchemy import text

from arf_desktop.app import make_application
from arf_desktop.registers.assessors import list_all
from arf_desktop.registers.interests import ConflictDraft, add_conflict
from arf_desktop.scoring.allocation import allocate_by_hand, list_allocations
from arf_desktop.scoring.scores import open_sheet, record_score, stored_scores, submit
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.theme import STYLE_SHEET
from arf_desktop.ui.scoring import dialogs as scoring_dialogs
from arf_desktop.ui.scoring.models import AllocationsModel, CriteriaFilter, CriteriaModel
from arf_desktop.ui.scoring.screen import ScoringScreen
from tests.scoring.conftest import COORDINATOR, ROUND, Scene
from tests.scoring.conftest import scene as scene  # the fixture, shared with tests/scoring

BLACKPOOL = "Blackpool Teaching Hospitals NHS Foundation Trust"  # Bronze: 17 criteria
LANCS = "Lancashire Teaching Hospitals NHS Foundation Trust"
SIAN, ZOE = "Siân Evans", "Zoë Brontë-Adeyemi"


def assessor_id(scene: Scene, name: str) -> int:
    return next(a.id for a in list_all(scene.workspace) if a.name == name)


@pytest.fixture
def screen(qtbot, scene: Scene) -> Iterator[ScoringScreen]:
    make_application()
    for organisation in (BLACKPOOL, LANCS):
        allocate_by_hand(scene.workspace, COORDINATOR, ROUND, organisation, SIAN)
    allocate_by_hand(scene.workspace, COORDINATOR, ROUND, BLACKPOOL, ZOE)
    widget = ScoringScreen(scene.workspace, lambda: COORDINATOR)
    widget.setStyleSheet(STYLE_SHEET)  # on the screen alone: other tests' widgets are not re-styled
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitActive(widget)
    yield widget
    widget.close()


def key(qtbot, widget, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, modifier)


def test_a_whole_submission_scored_with_key_presses_only(
    qtbot, screen: ScoringScreen, scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Who are you?" answered from the keyboard: the combo is in register order.
    assert screen.pages.currentIndex() == ScoringScreen.WHO
    screen.who.choice.setFocus()
    names = [screen.who.choice.itemText(i) for i in range(screen.who.choice.count())]
    target = next(i for i, n in enumerate(names) if n.startswith(SIAN))
    for _ in range(target):
        key(qtbot, screen.who.choice, Qt.Key.Key_Down)
    key(qtbot, screen.who.choice, Qt.Key.Key_Tab)
    assert screen.focusWidget() is screen.who.confirm
    key(qtbot, screen.who.confirm, Qt.Key.Key_Space)
    assert screen.assessor is not None and screen.assessor.name == SIAN
    assert screen.pages.currentIndex() == ScoringScreen.WORK
    assert screen.focusWidget() is screen.allocation_table
    assert [screen.allocations.record(r).organisation for r in range(2)] == [BLACKPOOL, LANCS]
    # Reading order: allocations → filters → criteria table.
    for expected in (
        screen.level_choice,
        screen.principle_choice,
        screen.filter,
        screen.unscored_only,
        screen.table,
    ):
        key(qtbot, screen.focusWidget(), Qt.Key.Key_Tab)
        assert screen.focusWidget() is expected
    rows = screen.criteria.rows()
    assert len(rows) == 17 and screen.current_row() == rows[0]
    for _ in range(16):
        key(qtbot, screen.table, Qt.Key.Key_2)
    assert screen.current_row().id == rows[-1].id
    key(qtbot, screen.table, Qt.Key.Key_1)
    assert screen.criteria.scored() == 17
    assert screen.allocations.record(0).progress == "17 / 17"
    # A score below 2 needs a comment: Ctrl+M, type, Esc goes back to the table.
    key(qtbot, screen.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert screen.focusWidget() is screen.comment
    qtbot.keyClicks(screen.comment, "No dated board minute.")
    key(qtbot, screen.comment, Qt.Key.Key_Escape)
    assert screen.focusWidget() is screen.table
    last = rows[-1].id
    allocation = screen.sheet.allocation.id
    saved = stored_scores(scene.workspace, allocation)[last]
    assert (saved.score, saved.comment) == (1, "No dated board minute.")
    # Undo the comment, then the score; redo both. Every step is on disk at once.
    key(qtbot, screen.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_scores(scene.workspace, allocation)[last].comment == ""
    key(qtbot, screen.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_scores(scene.workspace, allocation)[last].score is None
    assert screen.criteria.row(16).score is None and screen.criteria.scored() == 16
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    key(qtbot, screen.table, Qt.Key.Key_Z, redo)
    key(qtbot, screen.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    saved = stored_scores(scene.workspace, allocation)[last]
    assert (saved.score, saved.comment, saved.revision) == (1, "No dated board minute.", 6)
    assert screen.comment.toPlainText() == "No dated board minute."
    # Submit with Alt+S (the confirmation is a function the test answers).
    monkeypatch.setattr(scoring_dialogs, "confirm_submit", lambda parent, org, n: n == 17)
    key(qtbot, screen.table, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert screen.sheet.locked and screen.reopen_button.isVisible()
    with Workspace.open(scene.path) as other, other.read() as raw:  # a separate connection
        status, submitted_at = raw.execute(
            text("SELECT status, submitted_at FROM allocations WHERE id = :a"), {"a": allocation}
        ).one()
        scores = {
            criterion: score
            for criterion, score in raw.execute(
                text("SELECT criterion_id, score FROM scores WHERE allocation_id = :a"),
                {"a": allocation},
            )
        }
    assert status == "submitted" and submitted_at
    assert scores == {r.id: 2 for r in rows[:-1]} | {last: 1}
    with scene.workspace.read() as conn:
        entries = audit.page(conn, 0, 30)
        assert audit.verify(conn).ok
    assert entries[0].action == "allocation.submit" and entries[0].actor == SIAN
    undo_redo = [e for e in entries[1:6]]
    assert [(e.action, e.details["from"], e.details["to"]) for e in undo_redo] == [
        ("comment.change", "", "No dated board minute."),
        ("score.change", None, 1),
        ("score.change", 1, None),
        ("comment.change", "No dated board minute.", ""),
        ("comment.change", "", "No dated board minute."),
    ]
    # Locked: a score key changes nothing and says why.
    key(qtbot, screen.table, Qt.Key.Key_3)
    assert stored_scores(scene.workspace, allocation)[screen.current_row().id].score != 3
    assert "locked" in screen.message.text()


def test_blind_until_submitted_in_the_window(
    qtbot, screen: ScoringScreen, scene: Scene, monkeypatch
) -> None:
    zoe = open_sheet(scene.workspace, list_allocations(scene.workspace, ROUND, ZOE)[0].id)
    for row in zoe.rows:
        record_score(scene.workspace, ZOE, zoe.allocation.id, row.id, 3)
    screen.choose_assessor(assessor_id(scene, SIAN))
    html = screen.detail.toPlainText()
    assert "Hidden until you submit" in html and ZOE not in html
    for _ in range(17):
        key(qtbot, screen.table, Qt.Key.Key_2)
    monkeypatch.setattr(scoring_dialogs, "confirm_submit", lambda *a: True)
    assert screen.submit()
    screen.table.setCurrentIndex(screen.proxy.index(0, 0))
    html = screen.detail.toPlainText()
    assert "Hidden until you submit" not in html
    assert f"{ZOE} (not yet submitted): 3 · Exemplary" in html
    # Reopening asks for a reason; an empty answer changes nothing.
    monkeypatch.setattr(scoring_dialogs, "ask_reopen_reason", lambda *a: "  ")
    assert not screen.reopen() and screen.sheet.locked
    assert "Say why" in screen.message.text()
    monkeypatch.setattr(scoring_dialogs, "ask_reopen_reason", lambda *a: "Mis-keyed B-P1-01")
    assert screen.reopen() and not screen.sheet.locked
    assert "Hidden until you submit" in screen.detail.toPlainText()


def test_a_conflicted_allocation_is_explained_and_cannot_be_scored(
    qtbot, screen: ScoringScreen, scene: Scene
) -> None:
    add_conflict(
        scene.workspace, COORDINATOR, ConflictDraft(SIAN, LANCS, "Partner is on the board")
    )
    screen.choose_assessor(assessor_id(scene, SIAN))
    assert screen.allocations.record(1).state == "Conflict of interest"
    screen.allocation_table.selectRow(1)
    assert screen.right_stack.currentIndex() == 1
    assert screen.notice.title.text() == "You cannot score this submission"
    assert "Partner is on the board" in screen.notice.body.text()
    assert screen.criteria.rowCount() == 0 and not screen.submit_button.isEnabled()
    key(qtbot, screen.table, Qt.Key.Key_2)
    with scene.workspace.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM scores").scalar_one() == 0


def test_a_refusal_during_scoring_is_shown_and_dropped_from_undo(
    qtbot, screen: ScoringScreen, scene: Scene
) -> None:
    screen.choose_assessor(assessor_id(scene, SIAN))
    key(qtbot, screen.table, Qt.Key.Key_2)
    allocation = screen.sheet.allocation.id
    # Submitted elsewhere (say, by a returned scoring sheet) while the window was open.
    for row in screen.criteria.rows():
        record_score(scene.workspace, SIAN, allocation, row.id, 2)
    submit(scene.workspace, SIAN, allocation)
    key(qtbot, screen.table, Qt.Key.Key_3)
    assert "Not saved" in screen.message.text() and "locked" in screen.message.text()
    assert screen.undo_group.activeStack().count() == 1  # the refused edit was not kept


def test_comment_bank_and_undo_per_submission(qtbot, screen: ScoringScreen, scene: Scene) -> None:
    screen.choose_assessor(assessor_id(scene, SIAN))
    screen.focus_comment()
    qtbot.keyClicks(screen.comment, "Statement does not name racism.")
    screen.save_to_bank()
    assert (
        screen.bank_choice.count() == 2 and screen.bank_choice.itemText(0) == "Banked comments (1)"
    )
    screen.allocation_table.selectRow(1)  # another submission: its own undo history
    assert not screen.undo_group.canUndo()
    screen.bank_choice.setCurrentIndex(1)
    screen.use_banked_comment()
    first = screen.criteria.row(0)
    assert first.comment == "Statement does not name racism."
    assert screen.undo_group.canUndo()
    screen.allocation_table.selectRow(0)
    assert screen.undo_group.canUndo()  # Blackpool's comment edit is still undoable there


def test_every_control_named_and_models_pass_the_tester(
    qtbot, qtmodeltester, screen: ScoringScreen, scene: Scene
) -> None:
    screen.choose_assessor(assessor_id(scene, SIAN))
    for kind in (QAbstractButton, QLineEdit, QComboBox, QTableView, QPlainTextEdit):
        for control in screen.findChildren(kind):
            if control.isVisibleTo(screen):
                assert control.accessibleName(), f"unnamed {kind.__name__}: {control}"
    qtmodeltester.check(screen.criteria)
    qtmodeltester.check(screen.proxy)
    qtmodeltester.check(screen.allocations)
    screen.proxy.set_filters(level="bronze", principle="P2", unscored_only=True)
    assert screen.proxy.rowCount() == 3
    qtmodeltester.check(screen.proxy)
    fresh = CriteriaModel()
    qtmodeltester.check(fresh)
    proxy = CriteriaFilter()
    proxy.setSourceModel(fresh)
    qtmodeltester.check(proxy)
    qtmodeltester.check(AllocationsModel())


def test_submit_says_what_is_missing_before_asking(
    qtbot, screen: ScoringScreen, scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen.choose_assessor(assessor_id(scene, SIAN))
    key(qtbot, screen.table, Qt.Key.Key_2)
    asked: list[str] = []
    monkeypatch.setattr(
        scoring_dialogs, "confirm_submit", lambda parent, org, n: asked.append(org) or True
    )
    assert not screen.submit()
    assert asked == []  # no question when the answer could only be a refusal
    assert "Not submitted yet" in screen.message.text()
    assert "have no score yet" in screen.message.text()
    assert not screen.sheet.locked
