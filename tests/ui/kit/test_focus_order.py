"""Focus order: Tab follows reading order, pane by pane; actions need a keyboard route."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.ui.exchange.dialogs import RevokeKeyDialog
from arf_desktop.ui.kit.accessibility import check_widgets
from arf_desktop.ui.kit.focus_order import action_problems, order_problems, tab_stops


def named(text: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(text)
    return edit


def two_panes(qtbot) -> tuple[QWidget, list[QLineEdit]]:
    """A left pane (two fields, one above the other) beside a right pane (two fields)."""
    root = QWidget()
    qtbot.addWidget(root)
    fields = [named(n) for n in ("left top", "left bottom", "right top", "right bottom")]
    row = QHBoxLayout(root)
    for pair in (fields[:2], fields[2:]):
        pane = QWidget()
        column = QVBoxLayout(pane)
        for field in pair:
            column.addWidget(field)
        row.addWidget(pane)
    root.resize(400, 200)
    root.show()
    qtbot.waitExposed(root)
    return root, fields


def test_a_pane_is_read_whole_before_the_pane_beside_it(qtbot) -> None:
    root, _fields = two_panes(qtbot)
    assert [w.accessibleName() for w in tab_stops(root)] == [
        "left top", "left bottom", "right top", "right bottom",
    ]  # fmt: skip
    assert order_problems(root) == []


def test_tab_jumping_between_panes_row_by_row_is_found(qtbot) -> None:
    root, (left_top, left_bottom, right_top, _right_bottom) = two_panes(qtbot)
    for first, second in ((left_top, right_top), (right_top, left_bottom)):
        QWidget.setTabOrder(first, second)
    found = order_problems(root)
    assert found and found[0][0] == "QLineEdit “left bottom”"
    assert "right top" in found[0][1]
    assert any(f.problem.startswith("Tab reaches it after") for f in check_widgets(root, "t"))


def test_a_field_placed_above_the_one_tab_left_is_found(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    lower, upper, last = named("lower"), named("upper"), named("last")
    layout.addWidget(lower)
    layout.insertWidget(0, upper)  # parented first, placed second: Tab goes down then up
    layout.addWidget(last)
    root.show()
    qtbot.waitExposed(root)
    assert order_problems(root) == [
        ("QLineEdit “upper”", "Tab reaches it after QLineEdit “lower”, which it precedes")
    ]
    QWidget.setTabOrder(upper, lower)
    assert order_problems(root) == []


def test_right_to_left_layouts_read_from_the_right(qtbot) -> None:
    root, (left_top, *_rest) = two_panes(qtbot)
    root.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    QApplication.processEvents()
    assert left_top.mapTo(root, left_top.rect().topLeft()).x() > 100  # the first pane, mirrored
    assert order_problems(root) == []  # ...is still read first


def test_the_stops_are_those_real_tab_presses_visit(qtbot) -> None:
    dialog = RevokeKeyDialog(None, "Spring 2026", ["Ada Lovelace", "Grace Hopper"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    stops = tab_stops(dialog)
    stops[0].setFocus()
    visited = [dialog.focusWidget()]
    for _ in range(len(stops) - 1):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        visited.append(dialog.focusWidget())
    assert visited == stops
    assert order_problems(dialog) == []


def test_an_action_without_a_shortcut_or_menu_is_found(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    button = QPushButton("Go", root)
    button.setAccessibleName("Go")
    hidden_route = QAction("Submit scores", root)
    root.addAction(hidden_route)
    with_key = QAction("Save", root)
    with_key.setShortcut(QKeySequence("Ctrl+S"))
    root.addAction(with_key)
    in_menu = QAction("Rename", root)
    menu = QMenu(root)
    menu.addAction(in_menu)
    assert action_problems(root) == [("action “Submit scores”", "has no shortcut and no menu")]
