"""The accessibility walk: each control's name, role and keyboard route, through QAccessible."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

from arf_desktop.ui.kit import focus_order
from arf_desktop.ui.kit.theme import (
    HIGH_CONTRAST_DARK,
    HIGH_CONTRAST_LIGHT,
    STANDARD,
    failing_pairs,
)

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
)
NO_ROLES = {QAccessible.Role.NoRole, QAccessible.Role.Client}


@dataclass(frozen=True)
class Finding:
    """One control (or colour pair) that a keyboard or screen-reader user cannot use well."""

    where: str
    control: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.control}: {self.problem}"


def check_widgets(root: QWidget, where: str) -> list[Finding]:
    """Findings for every visible interactive control in `root` (a screen or a dialog)."""
    QApplication.processEvents()
    findings: list[Finding] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _checked(widget, root):
            continue
        control = _describe(widget)
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.isValid():
            findings.append(Finding(where, control, "no accessible interface"))
            continue
        if not interface.text(QAccessible.Text.Name).strip():
            findings.append(Finding(where, control, "no accessible name"))
        if interface.role() in NO_ROLES:
            findings.append(Finding(where, control, "no accessible role"))
        if not _reachable(widget):
            findings.append(Finding(where, control, "cannot be reached with the keyboard"))
        findings += _headers(widget, where, control)
    keyboard = focus_order.order_problems(root) + focus_order.action_problems(root)
    return findings + [Finding(where, control, problem) for control, problem in keyboard]


def colour_findings() -> list[Finding]:
    """Colour pairs of every palette below WCAG AA contrast."""
    palettes = {"standard": STANDARD, "high contrast": HIGH_CONTRAST_LIGHT}
    palettes["high contrast, dark"] = HIGH_CONTRAST_DARK
    return [
        Finding(f"theme ({name})", line.split(":")[0], line.split(": ", 1)[1])
        for name, palette in palettes.items()
        for line in failing_pairs(palette)
    ]


def _checked(widget: QWidget, root: QWidget) -> bool:
    """A control a user meets: interactive, shown, enabled, and not a part of another control."""
    if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView):
        return False
    if not widget.isVisibleTo(root) or not widget.isEnabled():
        return False
    parent = widget.parentWidget()
    inner = isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView, QTabBar))
    return not inner and type(widget).__name__ != "QTableCornerButton"


def _reachable(widget: QWidget) -> bool:
    """Tab reaches it, or a shortcut (its own, or its label's mnemonic) does."""
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return True
    if isinstance(widget, QAbstractButton) and not widget.shortcut().isEmpty():
        return True
    if isinstance(widget, QRadioButton) and _arrow_reachable(widget):
        return True
    labels = widget.window().findChildren(QLabel)
    return any(label.buddy() is widget and "&" in label.text() for label in labels)


def _arrow_reachable(button: QRadioButton) -> bool:
    """Qt puts one radio button of an exclusive group in the Tab chain; arrows reach the rest."""
    group = button.group()
    if group is not None and group.exclusive():
        mates = group.buttons()
    elif button.autoExclusive():
        mates = button.parentWidget().findChildren(QRadioButton) if button.parentWidget() else []
    else:
        return False
    return any(m.focusPolicy() & Qt.FocusPolicy.TabFocus for m in mates if m is not button)


def _headers(widget: QWidget, where: str, control: str) -> list[Finding]:
    """Tables must name their columns, so a screen reader can say what each cell is."""
    from PySide6.QtWidgets import QTableView

    if not isinstance(widget, QTableView) or widget.model() is None:
        return []
    model = widget.model()
    missing = [
        column + 1
        for column in range(model.columnCount())
        if not widget.isColumnHidden(column)
        and not str(model.headerData(column, Qt.Orientation.Horizontal) or "").strip()
    ]
    if not missing:
        return []
    return [Finding(where, control, f"column {missing[0]} has no header name")]


def _describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) and isinstance(widget, QAbstractButton) else ""
    name = widget.accessibleName() or shown or widget.objectName() or ""
    return f"{type(widget).__name__} “{name.replace('&', '')}”" if name else type(widget).__name__
