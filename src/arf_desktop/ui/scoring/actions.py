"""The Scoring screen's header buttons and its keyboard shortcuts (undo, redo, comment, submit).

Shortcuts: Ctrl+Z undoes, Ctrl+Shift+Z or Ctrl+Y redoes, Ctrl+M goes to the comment box,
Alt+S submits. They work anywhere inside the screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QWidget

from arf_desktop.scoring.scores import ScoringSheet
from arf_desktop.ui.kit.widgets import ScreenHeader, make_button


class ScoringActions:
    """Change who I am, Undo, Redo, Reopen and Submit, and the screen's shortcuts."""

    def __init__(self, screen: QWidget, header: ScreenHeader, undo_group: QUndoGroup) -> None:
        self.change_identity = make_button("Change who I am…", "Change who you are", True)
        self.undo_button = make_button("Undo", "Undo the last change", True)
        self.redo_button = make_button("Redo", "Redo the change", True)
        self.submit_button = make_button("Submit scores…", "Submit scores for this submission")
        self.reopen_button = make_button("Reopen…", "Reopen submitted scores", True)
        for button in (
            self.change_identity,
            self.undo_button,
            self.redo_button,
            self.reopen_button,
            self.submit_button,
        ):
            header.add_action(button)
        self.undo = undo_group.createUndoAction(screen, "Undo")
        self.undo.setShortcuts([QKeySequence.StandardKey.Undo])
        self.redo = undo_group.createRedoAction(screen, "Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.go_to_comment = QAction("Go to comment", screen)
        self.go_to_comment.setShortcut(QKeySequence("Ctrl+M"))
        self.submit = QAction("Submit scores", screen)
        self.submit.setShortcut(QKeySequence("Alt+S"))
        self.submit_button.setToolTip("Submit and lock your scores for this submission (Alt+S)")
        for action in (self.undo, self.redo, self.go_to_comment, self.submit):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            screen.addAction(action)
        self.undo_button.clicked.connect(self.undo.trigger)
        self.redo_button.clicked.connect(self.redo.trigger)
        undo_group.canUndoChanged.connect(self.undo_button.setEnabled)
        undo_group.canRedoChanged.connect(self.redo_button.setEnabled)
        self._group = undo_group

    def show_working(self, working: bool) -> None:
        """Undo, Redo, Submit and Reopen are shown only while scoring."""
        for button in (self.undo_button, self.redo_button, self.submit_button, self.reopen_button):
            button.setVisible(working)

    def update(self, working: bool, sheet: ScoringSheet | None) -> None:
        """Submit while the scores are open, Reopen once they are locked; Undo when it can."""
        self.submit_button.setVisible(working and (sheet is None or not sheet.locked))
        self.reopen_button.setVisible(working and sheet is not None and sheet.locked)
        self.submit_button.setEnabled(sheet is not None and not sheet.locked)
        self.reopen_button.setEnabled(sheet is not None and sheet.locked)
        self.undo_button.setEnabled(self._group.canUndo())
        self.redo_button.setEnabled(self._group.canRedo())
