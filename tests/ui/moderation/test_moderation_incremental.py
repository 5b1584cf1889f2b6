"""The Moderation screen reads only what changed: nothing on a quiet visit, one submission after
an agreement, the whole round after a change made elsewhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from arf_desktop.moderation import review as review_service
from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.feedback import ADOPT_ACTION
from arf_desktop.moderation.queue import load_queue
from arf_desktop.moderation.review import load_round
from arf_desktop.registers.assessors import AssessorDraft, add_assessor
from arf_desktop.ui.moderation import loading as loading_module
from arf_desktop.ui.moderation.models import SCORE_ROLE, tint
from arf_desktop.ui.moderation.screen import ModerationScreen
from tests.moderation.conftest import ROUND, moderation_round, uniform  # noqa: F401
from tests.ui.moderation.test_moderation_screen import BOLTON, STOCKPORT
from tests.ui.moderation.test_moderation_screen import gaps_screen as gaps_screen
from tests.ui.moderation.test_moderation_screen import screen as screen


def counted(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(owner, name)

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def watch(model) -> tuple[list[tuple[int, int]], list[int]]:
    changed: list[tuple[int, int]] = []
    resets: list[int] = []
    model.dataChanged.connect(lambda a, b, _r: changed.append((a.row(), b.row())))
    model.modelReset.connect(lambda: resets.append(1))
    return changed, resets


def test_an_agreement_refreshes_one_submission(
    screen: ModerationScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [e.facts.organisation for e in screen.queue_model.records()]
    row = rows.index(STOCKPORT)
    screen.queue.selectRow(row)
    screen.matrix.selectRow(2)
    criterion = screen.current_line().criterion_id
    loads = counted(monkeypatch, loading_module, "open_queue")
    one = counted(monkeypatch, loading_module, "queue_one")
    changed, resets = watch(screen.queue_model)

    assert screen.save_agreed()  # unanimous 3 agreed as 3: the queue order stays

    assert loads == [] and len(one) == 1
    assert resets == [] and changed == [(row, row)]
    assert screen.current_entry().facts.organisation == STOCKPORT
    assert screen.current_line().criterion_id == criterion
    assert screen.current_line().status == "Agreed"
    fresh = load_queue(screen.workspace, ROUND)
    assert screen.review.entries == fresh.entries  # the same as reading the whole round


def test_an_agreement_that_reorders_the_queue_keeps_the_submission(
    screen: ModerationScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen.queue.selectRow(0)
    assert screen.current_entry().facts.organisation == BOLTON
    screen.matrix.selectRow(0)
    screen.agreed_choice.setCurrentIndex(screen.agreed_choice.findData(2))
    screen.rationale.setPlainText("Two of three saw the evidence.")
    loads = counted(monkeypatch, loading_module, "open_queue")
    assert screen.save_agreed()
    assert loads == []
    assert screen.current_entry().facts.organisation == BOLTON
    assert screen.review.entries == load_queue(screen.workspace, ROUND).entries
    assert [e.review.submission_id for e in screen.queue_model.records()] == [
        e.review.submission_id for e in screen.review.entries
    ]


def test_a_visit_reads_the_round_only_when_something_changed(
    screen: ModerationScreen, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    loads = counted(monkeypatch, loading_module, "open_queue")
    one = counted(monkeypatch, loading_module, "queue_one")
    changed, resets = watch(screen.queue_model)
    screen.refresh()
    assert loads == [] and one == [] and resets == [] and changed == []
    # An agreement made elsewhere: that submission alone is read on the next visit.
    line = load_round(screen.workspace, ROUND).find(STOCKPORT).review.lines[0]
    agree_score(screen.workspace, "Panel member", ROUND, STOCKPORT, line.criterion_id, 3)
    screen.refresh()
    assert loads == [] and len(one) == 1 and resets == []
    row = [e.facts.organisation for e in screen.queue_model.records()].index(STOCKPORT)
    assert changed == [(row, row)]
    assert screen.review.find(STOCKPORT).review.to_agree == 0
    screen.queue.selectRow(row)
    assert screen.current_entry().review.lines[0].status == "Agreed"
    assert screen.review.entries == load_queue(screen.workspace, ROUND).entries
    # Any other change: the whole round is read again.
    add_assessor(screen.workspace, "Coordinator", AssessorDraft("Priya Shah"))
    screen.refresh()  # a quick read: shown whole at once
    assert not screen.loading and screen.queue_model.rowCount() == 3
    assert len(loads) == 1 and resets == [1]
    assert review_service.change_token(screen.workspace) == screen._token


def test_score_cells_are_tinted_by_the_model(screen: ModerationScreen) -> None:
    cell = screen.matrix_model.index(0, 1)
    score = cell.data(SCORE_ROLE)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == tint(score)
    assert screen.matrix_model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    spread = len(screen.matrix_model.assessors) + 1
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert screen.matrix_model.index(0, spread).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert screen.matrix_model.data(screen.matrix_model.index(0, 0).parent()) is None


def test_moving_between_criteria_refills_the_rationale_only_when_it_differs(
    screen: ModerationScreen,
) -> None:
    screen.matrix.selectRow(0)
    assert screen.rationale.toPlainText() == ""
    edits: list[int] = []
    screen.rationale.textChanged.connect(lambda: edits.append(1))

    screen.matrix.selectRow(1)  # no rationale agreed on either: the box is left as it is
    assert edits == [] and screen.rationale.toPlainText() == ""

    screen.rationale.setPlainText("Typed but not saved.")
    screen.matrix.selectRow(0)  # what was typed gives way to this criterion's rationale
    assert screen.rationale.toPlainText() == ""
    screen.rationale.insertPlainText("again")
    screen.rationale.clear()  # typed and removed: the next criterion still starts afresh
    screen.matrix.selectRow(1)
    assert screen.rationale.toPlainText() == ""
    assert not screen.rationale.document().isUndoAvailable()


def test_an_adopted_draft_is_read_alone(gaps_screen, monkeypatch: pytest.MonkeyPatch) -> None:
    """Adopting the assessors' comments as feedback is an agreement on one submission: only
    that submission is read again, at once."""
    screen, low = gaps_screen
    assert ADOPT_ACTION in review_service.ONE_SUBMISSION_CHANGES
    row = next(i for i in range(screen.matrix_model.rowCount())
               if screen.matrix_model.line(i).criterion_id == low[0])  # fmt: skip
    screen.matrix.selectRow(row)
    loads = counted(monkeypatch, loading_module, "open_queue")
    one = counted(monkeypatch, loading_module, "queue_one")
    assert screen.adopt_draft()
    assert loads == [] and len(one) == 1 and not screen.loading
    assert screen.matrix_model.line(row).agreed is not None
