"""What one key press does on the Scoring screen: only the row it changes, one page, no reload."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from arf_desktop.scoring import comment_bank
from arf_desktop.scoring import scores as service
from arf_desktop.scoring.scores import stored_scores
from arf_desktop.ui.scoring.models import COMMENT_COLUMN, SCORE_COLUMN, SCORED_COLUMN
from arf_desktop.ui.scoring.screen import ScoringScreen
from tests.scoring.conftest import Scene
from tests.scoring.conftest import scene as scene
from tests.ui.scoring.test_scoring_screen import SIAN, assessor_id, key
from tests.ui.scoring.test_scoring_screen import screen as screen


def counted(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Count the calls of `owner.name` (still doing what it did)."""
    calls: list[int] = []
    original = getattr(owner, name)

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def test_recording_a_score_repaints_only_its_row_and_shows_one_page(
    qtbot, screen: ScoringScreen, scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen.choose_assessor(assessor_id(scene, SIAN))
    screen.table.setFocus()
    screen.table.setCurrentIndex(screen.proxy.index(0, 0))
    allocation_row = screen.allocation_table.currentIndex().row()
    criteria_changed: list[tuple[int, int, int, int]] = []
    allocations_changed: list[tuple[int, int, int, int]] = []
    resets: list[str] = []
    for model, changes in (
        (screen.criteria, criteria_changed),
        (screen.allocations, allocations_changed),
    ):
        model.dataChanged.connect(
            lambda first, last, _roles, into=changes: into.append(
                (first.row(), last.row(), first.column(), last.column())
            )
        )
        model.modelReset.connect(lambda: resets.append("reset"))
    pages = counted(monkeypatch, screen.detail, "setDocument")  # one per page shown
    opened = counted(monkeypatch, service, "open_sheet")
    bank_reads = counted(monkeypatch, comment_bank, "whole_bank")
    first = screen.criteria.row(0).id

    key(qtbot, screen.table, Qt.Key.Key_2)

    assert stored_scores(scene.workspace, screen.sheet.allocation.id)[first].score == 2
    assert criteria_changed == [(0, 0, SCORE_COLUMN, COMMENT_COLUMN)]
    assert allocations_changed == [
        (allocation_row, allocation_row, SCORED_COLUMN, SCORED_COLUMN + 1)
    ]
    assert resets == [] and opened == [] and bank_reads == []
    assert len(pages) == 1  # the next criterion's page only
    assert screen.table.currentIndex().row() == 1
    assert "Saved" in screen.message.text()

    for _ in range(3):  # moving reads nothing from the workspace
        key(qtbot, screen.table, Qt.Key.Key_Down)
    assert bank_reads == [] and opened == [] and len(pages) == 4


def test_a_refresh_opens_the_kept_submission_once(
    screen: ScoringScreen, scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen.choose_assessor(assessor_id(scene, SIAN))
    screen.allocation_table.selectRow(1)
    kept = screen.sheet.allocation.id
    opened = counted(monkeypatch, service, "open_sheet")
    bank_reads = counted(monkeypatch, comment_bank, "whole_bank")
    screen.refresh()
    assert len(opened) == 1 and screen.sheet.allocation.id == kept
    assert len(bank_reads) == 1  # the bank is read again on a visit, once


def test_scoring_the_last_criterion_shows_its_new_score(
    qtbot, screen: ScoringScreen, scene: Scene
) -> None:
    screen.choose_assessor(assessor_id(scene, SIAN))
    screen.table.setFocus()
    last = screen.proxy.rowCount() - 1
    screen.table.setCurrentIndex(screen.proxy.index(last, 0))
    key(qtbot, screen.table, Qt.Key.Key_3)
    assert screen.table.currentIndex().row() == last
    assert screen.criteria.row(last).score == 3
    shown = screen.detail.toPlainText()
    assert shown.count("◀ your score") == 1
    marked = next(line for line in shown.splitlines() if "◀ your score" in line)
    assert screen.criteria.caption(3).split(" · ")[-1] in marked or "3" in marked
