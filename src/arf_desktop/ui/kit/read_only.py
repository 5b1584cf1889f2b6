"""A read-only workspace in the window: a banner saying so, and every editing control off."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenuBar, QPlainTextEdit, QPushButton, QTextEdit, QWidget
from typing_extensions import override

READS_ONLY = "reads_only"  # a control that only shows or verifies, never changes, the workspace


def reads_only(widget: QWidget) -> QWidget:
    """Mark a control that stays on in a read-only workspace (view, open, verify)."""
    widget.setProperty(READS_ONLY, True)
    return widget


def banner(reason: str) -> QLabel:
    """The line at the top of the window while the workspace is read-only."""
    shown = QLabel(
        f"Read-only workspace: {reason}. You can look at everything; "
        "changes, imports and exports are turned off."
    )
    shown.setObjectName("read-only-banner")
    shown.setWordWrap(True)
    shown.setAccessibleName("Read-only workspace")
    shown.setStyleSheet("padding: 8px; font-weight: 600; border-bottom: 2px solid palette(text);")
    return shown


class _KeepOff(QObject):
    """Turns an editing control off again whenever its screen turns it on (a row chosen)."""

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        changed = event.type() == QEvent.Type.EnabledChange
        if changed and isinstance(watched, QWidget) and watched.isEnabled():
            watched.setEnabled(False)
        return False


def lock_editing(root: QWidget) -> list[QObject]:
    """Turn off every control in `root` that changes the workspace; return what was turned off.

    Push buttons and actions go off unless marked with `reads_only`; text editors become
    read-only. Filters, choosers and check boxes that only change what is shown stay on.
    """
    keeper = root.findChild(_KeepOff) or _KeepOff(root)
    locked: list[QObject] = []
    for button in root.findChildren(QPushButton):
        if not button.property(READS_ONLY):
            button.setEnabled(False)
            button.installEventFilter(keeper)
            locked.append(button)
    for editor in [*root.findChildren(QPlainTextEdit), *root.findChildren(QTextEdit)]:
        if not editor.isReadOnly() and not editor.property(READS_ONLY):
            editor.setReadOnly(True)
            locked.append(editor)
    for action in root.findChildren(QAction):
        menu_bar = any(isinstance(o, QMenuBar) for o in action.associatedObjects())
        if action.text() and not menu_bar and not action.property(READS_ONLY):
            action.setEnabled(False)
            locked.append(action)
    return locked
