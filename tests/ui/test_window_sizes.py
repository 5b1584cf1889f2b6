"""The window at 1280×800 and 1366×768: the moderation grid shows every assessor and the spread,
the Submissions table every column, and the moderation splitters are remembered."""

from __future__ import annotations

import pytest

from arf_desktop.app import build_window
from arf_desktop.ui.main_window import SCREENS, MainWindow
from arf_desktop.ui.moderation.screen import SCORE_WIDTH


def settle(qtbot, window: MainWindow) -> None:
    """Wait for the shown screen's rows (read on a worker) and the layout that follows them."""
    shown = window.stack.currentWidget()
    qtbot.waitUntil(lambda: not getattr(shown, "loading", False))
    qtbot.wait(50)


def columns_in_view(view) -> list[str]:
    """Header titles of the shown columns whose right edge lies outside the visible area."""
    header, model = view.horizontalHeader(), view.model()
    cut = []
    for column in range(model.columnCount()):
        if view.isColumnHidden(column):
            continue
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        if right > view.viewport().width() + 1:
            cut.append(str(model.headerData(column, header.orientation())))
    return cut


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_moderation_grid_shows_every_assessor_and_the_spread(qtbot, window, size) -> None:
    window.resize(*size)
    window.show_screen(SCREENS.index("Moderation"))
    screen = window.moderation
    screen.queue.selectRow(0)
    settle(qtbot, window)
    assert screen.matrix_model.columnCount() >= 4  # criterion, the assessors, spread...
    headers = [
        str(screen.matrix_model.headerData(c, screen.matrix.horizontalHeader().orientation()))
        for c in range(screen.matrix_model.columnCount())
    ]
    assert "Spread" in headers and all(name in headers for name in screen.matrix_model.assessors)
    assert columns_in_view(screen.matrix) == []
    criterion = screen.matrix.horizontalHeader().sectionSize(0)
    assert criterion >= 90  # criterion ids stay readable
    if len(screen.matrix_model.assessors) == 2:  # a third assessor's column would fit as well
        assert criterion - SCORE_WIDTH >= 90
    assert screen.matrix.viewport().height() >= 10 * screen.matrix.rowHeight(0)


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_submissions_show_every_column(qtbot, window, size) -> None:
    window.resize(*size)
    window.show_screen(SCREENS.index("Submissions"))
    settle(qtbot, window)
    table = window.submissions.table
    assert columns_in_view(table) == []
    assert table.horizontalHeader().sectionSize(0) >= 180  # the organisation's name


def test_moderation_splitters_are_remembered(qtbot, window) -> None:
    window.resize(1280, 800)
    window.show_screen(SCREENS.index("Moderation"))
    settle(qtbot, window)
    window.moderation.queue_splitter.setSizes([420, 600])
    window.moderation.detail_splitter.setSizes([300, 300])
    chosen = (window.moderation.queue_splitter.sizes(), window.moderation.detail_splitter.sizes())
    window.save_state()
    again = build_window(window.workspace, window.registry, "Window tester")
    qtbot.addWidget(again)
    again.resize(1280, 800)
    again.show()
    again.show_screen(SCREENS.index("Moderation"))
    settle(qtbot, again)
    restored = (again.moderation.queue_splitter.sizes(), again.moderation.detail_splitter.sizes())
    assert restored == chosen
    again.close()
