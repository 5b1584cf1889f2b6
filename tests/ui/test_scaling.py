"""At large scaling the window and its dialogs fit the screen; screens scroll rather than clip."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea

from arf_desktop.ui.accessibility_walk import dialogs
from arf_desktop.ui.main_window import MainWindow

# A 1366×768 laptop at 150%, less the taskbar, in logical pixels.
LAPTOP_150 = (910, 480)


def test_the_window_can_be_as_small_as_a_laptop_at_150_percent(window: MainWindow) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= LAPTOP_150[0] and hint.height() <= LAPTOP_150[1]
    assert isinstance(window.stack.parentWidget().parentWidget(), QScrollArea)


def test_every_dialog_fits_a_laptop_at_150_percent(window: MainWindow) -> None:
    for title, make in dialogs(window.workspace).items():
        dialog = make()
        hint = dialog.minimumSizeHint()
        assert hint.width() <= LAPTOP_150[0] and hint.height() <= LAPTOP_150[1], title
        room = dialog.screen().availableGeometry()
        assert dialog.width() <= room.width() and dialog.height() <= room.height(), title
        dialog.deleteLater()
