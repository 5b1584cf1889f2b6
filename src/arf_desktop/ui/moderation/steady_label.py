"""Labels whose size does not follow their text: a new text repaints the label and nothing else."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget
from typing_extensions import override


class SteadyLabel(QWidget):
    """A styled label (`role`, accessible `name`) kept in a box of its own whose height comes
    from the font, not the text, so showing another submission does not lay the screen out.

    With `lines` == 1 the text stays on one line, elided at the width, the whole of it in
    the tooltip (when elided) and the accessible description. With more, it wraps; the box
    keeps room for `lines` lines and grows (never shrinks, until the width changes) when a
    text needs more, so an empty text leaves its room in place rather than closing it.
    """

    def __init__(self, role: str, name: str, lines: int = 1) -> None:
        super().__init__()
        self.lines = lines
        self.label = QLabel(self)
        self.label.setProperty("role", role)
        self.label.setAccessibleName(name)
        self.label.setWordWrap(lines > 1)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self._text = ""
        self._height = 0  # the room kept, worked out once the label is styled
        self._line = 0  # the height of the lines kept, to see a new font or style change it
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(80)

    def text(self) -> str:
        """The whole text, as given (the label may show it elided)."""
        return self._text

    def setText(self, text: str) -> None:  # named as QLabel's
        if text == self._text:
            return
        self._text = text
        self.label.setAccessibleDescription(text)
        self._fit()

    def _line_height(self) -> int:
        """One line of the styled label, with its margins: what the label asks for one line."""
        self.label.ensurePolished()
        margins = self.label.contentsMargins()
        extra = margins.top() + margins.bottom() + 2 * self.label.margin()
        return self.label.fontMetrics().height() * self.lines + extra

    def _needed(self) -> int:
        if self.lines == 1 or not self._text or self.width() <= 0:
            return self._line_height()
        return max(self._line_height(), self.label.heightForWidth(self.width()))

    def _fit(self) -> None:
        """Show the text at the present width; ask for more room only where it needs it."""
        if self.lines == 1:
            room = self.label.contentsRect().width() - 2 * self.label.margin()
            shown = self.label.fontMetrics().elidedText(
                self._text, Qt.TextElideMode.ElideRight, max(room, 0)
            )
            self.label.setText(shown)
            tip = self._text if shown != self._text else ""
            if self.label.toolTip() != tip:
                self.label.setToolTip(tip)
        else:
            self.label.setText(self._text)
        self._keep(max(self._needed(), self._height))

    def _keep(self, height: int) -> None:
        """Keep `height` as the room asked for; the layout is told only when it changes."""
        if height != self._height:
            self._height = height
            self.updateGeometry()

    @override
    def sizeHint(self) -> QSize:
        if not self._height:
            self._height, self._line = self._needed(), self._line_height()
        return QSize(self.minimumWidth(), self._height)

    @override
    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())
        if event.oldSize().width() != event.size().width():
            self._fit()
            self._keep(self._needed())  # another width: the room is worked out afresh

    @override
    def event(self, event: QEvent) -> bool:
        """The label's own requests for room (a new text) stop here; a new font or style,
        which changes the height of a line, is passed on."""
        if event.type() == QEvent.Type.LayoutRequest:
            line = self._line_height()
            if line != self._line:
                self._line = line
                self._fit()
                self._keep(self._needed())
            return True
        return super().event(event)
