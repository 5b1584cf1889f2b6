"""The Moderation score grid: every cell follows the submission shown, and the delegate paints
the cells exactly as the style would, tints included."""

from __future__ import annotations

import statistics
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from arf_desktop.domain.moderation import SubmissionReview
from arf_desktop.ui.kit.theme import STYLE_SHEET
from arf_desktop.ui.moderation.grid_delegate import GridDelegate
from arf_desktop.ui.moderation.models import SCORE_ROLE, SCORE_TINTS, MatrixModel
from arf_desktop.ui.moderation.screen import ModerationScreen
from tests.moderation.conftest import ASSESSORS, moderation_round, uniform  # noqa: F401
from tests.ui.moderation.test_moderation_screen import BOLTON, STOCKPORT
from tests.ui.moderation.test_moderation_screen import screen as screen

ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.TextAlignmentRole,
    SCORE_ROLE,
)


def headers(model: MatrixModel) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def cells(model: MatrixModel) -> list[list[tuple[object, ...]]]:
    """Every cell of the grid, in every role the view or an accessibility tool reads."""
    return [
        [
            tuple(model.index(row, column).data(role) for role in ROLES)
            for column in range(model.columnCount())
        ]
        for row in range(model.rowCount())
    ]


def shown_afresh(screen: ModerationScreen, review: SubmissionReview) -> MatrixModel:
    fresh = MatrixModel()
    fresh.show(screen.review.framework, review)
    return fresh


def assert_same_grid(model: MatrixModel, fresh: MatrixModel) -> None:
    assert (model.rowCount(), model.columnCount()) == (fresh.rowCount(), fresh.columnCount())
    assert headers(model) == headers(fresh)
    assert cells(model) == cells(fresh)


def test_moving_to_the_next_submission_updates_every_cell(screen: ModerationScreen, qtbot) -> None:
    screen.queue.setFocus()
    screen.queue.selectRow(0)
    seen = []
    for _ in range(screen.queue_model.rowCount()):
        entry = screen.current_entry()
        seen.append(entry.facts.organisation)
        assert_same_grid(screen.matrix_model, shown_afresh(screen, entry.review))
        for row, line in enumerate(entry.review.lines):
            for column, name in enumerate(entry.review.assessors, start=1):
                cell = screen.matrix_model.index(row, column)
                score = line.scores.get(name)
                assert cell.data(SCORE_ROLE) == score
                tinted = cell.data(Qt.ItemDataRole.BackgroundRole)
                assert (tinted.color() if tinted else None) == (
                    QColor(SCORE_TINTS[score]) if score is not None else None
                )
                assert cell.data().startswith(f"{score} · " if score is not None else "—")
        qtbot.keyClick(screen.queue, Qt.Key.Key_Down)
    assert {BOLTON, STOCKPORT} <= set(seen) and len(set(seen)) == len(seen)


def test_another_number_of_assessors_or_criteria_reshapes_the_grid(
    screen: ModerationScreen,
) -> None:
    bolton = screen._detail(screen.queue_model.record(0)).entry.review
    stockport_row = [e.facts.organisation for e in screen.queue_model.records()].index(STOCKPORT)
    stockport = screen._detail(screen.queue_model.record(stockport_row)).entry.review
    assert len(stockport.lines) > len(bolton.lines)  # silver has more criteria than bronze
    two = replace(bolton, assessors=bolton.assessors[:2])
    model = MatrixModel()
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    for review in (bolton, two, stockport, bolton, None):
        model.show(screen.review.framework, review)
        assert_same_grid(model, shown_afresh(screen, review))
    assert len(resets) == 5
    model.show(screen.review.framework, two)
    assert model.columnCount() == 1 + 2 + 4
    first_two = list(bolton.assessors[:2])
    assert headers(model) == ["Criterion", *first_two, "Spread", "Agreed", "Status", "Feedback"]
    assert model.rowCount() == len(bolton.lines)
    model.show(screen.review.framework, stockport)
    assert model.columnCount() == 1 + 3 + 4 and model.rowCount() == len(stockport.lines)
    assert sorted(headers(model)[1:4]) == sorted(ASSESSORS)


def test_the_current_lines_detail_follows_the_new_submission(
    screen: ModerationScreen, qtbot
) -> None:
    screen.queue.selectRow(0)
    for matrix_row in (2, 0):  # the first line is current afterwards, whichever was before
        screen.matrix.selectRow(matrix_row)
        screen.queue.setFocus()
        qtbot.keyClick(screen.queue, Qt.Key.Key_Down)
        entry, line = screen.current_entry(), screen.current_line()
        assert screen.matrix.currentIndex().row() == 0
        assert line == entry.review.lines[0]
        text = screen.comments.toPlainText()
        assert line.criterion_id in text
        for name in entry.review.assessors:
            assert f"{name} ({line.scores.get(name, '—')})" in text
        expected = line.effective
        if expected is None and line.given:
            expected = statistics.median_low(line.given)
        if expected is not None:
            assert screen.agreed_choice.currentData() == expected
        agreed = line.agreed.rationale if line.agreed else ""
        assert screen.rationale.toPlainText() == agreed
        qtbot.keyClick(screen.queue, Qt.Key.Key_Up)
        assert screen.current_entry().facts.organisation == BOLTON
        assert screen.current_line() == screen.current_entry().review.lines[0]


def test_the_cells_keep_their_accessible_names(screen: ModerationScreen) -> None:
    model = screen.matrix_model
    assert screen.matrix.accessibleName() == "Criteria by assessor"
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            name = index.data(Qt.ItemDataRole.AccessibleTextRole)
            assert name and name == index.data()


@pytest.fixture
def styled(screen: ModerationScreen):
    """The screen under the application's style sheet, as the app shows it."""
    app = QApplication.instance()
    before = app.styleSheet()
    app.setStyleSheet(STYLE_SHEET)
    try:
        yield screen
    finally:
        app.setStyleSheet(before)


def painted(screen: ModerationScreen) -> QImage:
    viewport = screen.matrix.viewport()
    viewport.repaint()
    return viewport.grab().toImage()


def test_a_tinted_cell_is_painted_in_its_tint_under_its_text(styled: ModerationScreen) -> None:
    screen = styled
    assert isinstance(screen.matrix.itemDelegate(), GridDelegate)
    screen.matrix.selectRow(0)
    image = painted(screen)
    model = screen.matrix_model
    checked = 0
    for row in range(1, model.rowCount()):
        for column in range(1, model.columnCount()):
            score = model.index(row, column).data(SCORE_ROLE)
            rect = screen.matrix.visualRect(model.index(row, column))
            if score is None or not image.rect().contains(rect):
                continue
            corner = image.pixelColor(rect.right() - 2, rect.bottom() - 2)
            assert corner == QColor(SCORE_TINTS[score])
            middle = [image.pixelColor(x, rect.center().y()) for x in range(rect.x(), rect.right())]
            assert any(c.lightness() < 128 for c in middle)  # its caption is written on it
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("focused", [False, True])
def test_the_delegate_paints_the_grid_as_the_style_does(
    styled: ModerationScreen, focused: bool
) -> None:
    screen = styled
    screen.matrix.selectRow(1)
    if focused:  # the current cell then carries the focus frame
        screen.matrix.setFocus()
        screen.matrix.setCurrentIndex(screen.matrix_model.index(1, 2))
    ours = painted(screen)
    screen.matrix.setItemDelegate(QStyledItemDelegate(screen.matrix))
    styles = painted(screen)
    assert ours.size() == styles.size()
    assert ours == styles
    screen.matrix.setEnabled(False)
    disabled_styles = painted(screen)
    screen.matrix.setItemDelegate(GridDelegate(screen.matrix_model, screen.matrix))
    assert painted(screen) == disabled_styles
