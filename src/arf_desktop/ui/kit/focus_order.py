"""Focus order checks: Tab visits controls in reading order, and every action has a key."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

# Two blocks whose edges are this close (pixels) are side by side or stacked, not overlapping.
TOLERANCE = 6


def tab_stops(root: QWidget) -> list[QWidget]:
    """The widgets inside `root` that Tab stops at, in the order Tab visits them.

    The focus chain is followed as Qt's own Tab handling does: a widget is a stop when it
    takes focus by Tab, has no focus proxy, is shown and enabled.
    """
    stops: list[QWidget] = []
    seen: set[int] = set()
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and id(widget) not in seen:
        seen.add(id(widget))
        if _is_stop(widget, root):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def _is_stop(widget: QWidget, root: QWidget) -> bool:
    return (
        root.isAncestorOf(widget)
        and (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
        and widget.isVisibleTo(root)
        and widget.isEnabled()
    )


def _branch(widget: QWidget, ancestor: QWidget) -> QWidget:
    """The child of `ancestor` that holds `widget` (or `widget` itself)."""
    while widget.parentWidget() is not ancestor:
        widget = widget.parentWidget()
    return widget


def _common_ancestor(first: QWidget, second: QWidget) -> QWidget | None:
    ancestor = first.parentWidget()
    while ancestor is not None and not ancestor.isAncestorOf(second):
        ancestor = ancestor.parentWidget()
    return ancestor


def comes_before(later: QWidget, earlier: QWidget) -> bool:
    """Whether `later` is read before `earlier`: Tab going from `earlier` to it goes back.

    Reading order is taken block by block: within the innermost container holding both,
    the two blocks that hold them are compared by their places there — a block wholly
    above the other is read first; blocks side by side are read left to right (right to
    left in a right-to-left layout). So a pane is read whole before the pane beside it.
    """
    ancestor = _common_ancestor(earlier, later)
    if ancestor is None:
        return False
    a = _branch(earlier, ancestor).geometry()
    b = _branch(later, ancestor).geometry()
    if b.bottom() <= a.top() + TOLERANCE:
        return True  # the later block stands above the earlier one
    if a.bottom() <= b.top() + TOLERANCE:
        return False
    if ancestor.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        return b.left() >= a.right() - TOLERANCE
    return b.right() <= a.left() + TOLERANCE  # side by side: the later block is to the left


def describe(widget: QWidget) -> str:
    name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or ""
    name = name if isinstance(name, str) else ""
    label = name.replace("&", "") or widget.objectName()
    return f"{type(widget).__name__} “{label}”" if label else type(widget).__name__


def order_problems(root: QWidget) -> list[tuple[str, str]]:
    """(control, problem) for each Tab step inside `root` that goes against reading order."""
    stops = tab_stops(root)
    problems = []
    for earlier, later in pairwise(stops):
        if comes_before(later, earlier):
            problems.append(
                (describe(later), f"Tab reaches it after {describe(earlier)}, which it precedes")
            )
    return problems


def action_problems(root: QWidget) -> list[tuple[str, str]]:
    """(action, problem) for each enabled action in `root` with no keyboard route.

    An action is reachable when it has a shortcut or sits in a menu or the menu bar (menus
    open from the menu bar or from a button, and are walked with the arrow keys).
    """
    problems = []
    for action in root.findChildren(QAction):
        if not action.isVisible() or not action.isEnabled() or action.isSeparator():
            continue
        if not action.text() or not action.shortcut().isEmpty():
            continue
        in_menu = any(isinstance(o, (QMenu, QMenuBar)) for o in action.associatedObjects())
        if not in_menu:
            problems.append(
                (f"action “{action.text().replace('&', '')}”", "has no shortcut and no menu")
            )
    return problems
