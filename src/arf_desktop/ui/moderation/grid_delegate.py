"""Paints the score grid's cells as the style does, from texts laid out once for each width."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem
from typing_extensions import override

from arf_desktop.ui.moderation.models import MatrixModel

Index = QModelIndex | QPersistentModelIndex

_FOCUSED = QStyle.StateFlag.State_HasFocus.value
_SELECTED = QStyle.StateFlag.State_Selected.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ALTERNATE = QStyleOptionViewItem.ViewItemFeature.Alternate.value
_NORMAL, _INACTIVE, _DISABLED = (
    QPalette.ColorGroup.Normal,
    QPalette.ColorGroup.Inactive,
    QPalette.ColorGroup.Disabled,
)
_HIGHLIGHT, _HIGHLIGHTED_TEXT = QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText
_ALTERNATE_BASE, _TEXT = QPalette.ColorRole.AlternateBase, QPalette.ColorRole.Text
_ELIDE = Qt.TextElideMode.ElideRight
# Texts laid out for the widths the columns have had; forgotten when there are more than this.
_CACHE_LIMIT = 4000


class _Look:
    """How a cell in one state, palette and row parity is painted: the fill under the tint
    (selection or alternate row), whether the tint shows, and the text's colour."""

    __slots__ = ("fill", "pen", "tinted")

    def __init__(self, fill: QBrush | None, tinted: bool, pen: QColor) -> None:
        self.fill, self.tinted, self.pen = fill, tinted, pen


_UNKNOWN = _Look(None, False, QColor())  # a combination not met yet


class GridDelegate(QStyledItemDelegate):
    """Paints a cell as the style does (selection or alternate row, tint, text elided on the
    right, the same margins) from the model's precomputed cell.

    A view paints every visible cell on each change of submission, so the work for one cell is
    kept to a few look-ups: how each combination of state, palette and row parity is painted
    is worked out once, and each text is laid out once for each column width. The cell with
    the keyboard focus is painted by the style itself, with its focus frame.
    """

    def __init__(self, cells: MatrixModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._cells = cells
        self._looks: dict[tuple[Any, Any, int], _Look | None] = {}
        self._texts: dict[tuple[str, int], tuple[QStaticText, float, float]] = {}
        self._font = QFont()
        self._metrics = QFontMetricsF(self._font)
        self._font_height = 0
        self._margin = -1

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        palette = option.palette
        # The state and features as Qt's flag objects: hashing them is far cheaper than
        # reading their values, and a grid has only a handful of combinations.
        key = (option.state, option.features, palette.cacheKey())
        look = self._looks.get(key, _UNKNOWN)
        if look is _UNKNOWN:
            look = self._look(key, palette)
        if look is None:
            super().paint(painter, option, index)
            return
        text, tint, right = self._cells.cell(index.row(), index.column())
        rect = option.rect
        if look.fill is not None:
            painter.fillRect(rect, look.fill)
        if tint is not None and look.tinted:
            painter.fillRect(rect, tint)
        if not text:
            return
        font = option.font
        if font != self._font or self._margin < 0:
            self._use(font, option)
        static, left, right_x = self._laid_out(text, rect.width())
        painter.setPen(look.pen)
        painter.setFont(font)
        top = rect.y() + (rect.height() - self._font_height) // 2
        painter.drawStaticText(QPointF(rect.x() + (right_x if right else left), top), static)

    def _look(self, key: tuple[Any, Any, int], palette: QPalette) -> _Look | None:
        """Work out, once, how cells in this state and palette are painted (None: the cell
        has the keyboard focus and the style paints it, with its focus frame)."""
        if len(self._looks) > 64:  # palettes come and go with the theme
            self._looks.clear()
        state, features, _palette = key
        flags = state.value
        look: _Look | None = None
        if not flags & _FOCUSED:
            group = _NORMAL if flags & _ENABLED else _DISABLED
            if group == _NORMAL and not flags & _ACTIVE:
                group = _INACTIVE
            if flags & _SELECTED:
                highlight = palette.brush(group, _HIGHLIGHT)
                look = _Look(highlight, False, palette.color(group, _HIGHLIGHTED_TEXT))
            else:
                alternate = features.value & _ALTERNATE
                fill = palette.brush(group, _ALTERNATE_BASE) if alternate else None
                look = _Look(fill, True, palette.color(group, _TEXT))
        self._looks[key] = look
        return look

    def _use(self, font: QFont, option: QStyleOptionViewItem) -> None:
        """Lay texts out in `font` from now on, with the style's margins."""
        self._font = QFont(font)
        self._metrics = QFontMetricsF(font)
        self._font_height = option.fontMetrics.height()
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        self._texts.clear()

    def _laid_out(self, text: str, width: int) -> tuple[QStaticText, float, float]:
        """The text elided to a cell `width` wide, laid out, with where it starts in the cell
        aligned left and aligned right."""
        found = self._texts.get((text, width))
        if found is None:
            if len(self._texts) > _CACHE_LIMIT:
                self._texts.clear()
            metrics, margin = self._metrics, self._margin
            room = width - 2 * margin
            shown = text
            if metrics.horizontalAdvance(text) > room:
                shown = metrics.elidedText(text, _ELIDE, room)
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=self._font)
            natural = metrics.horizontalAdvance(shown)
            right = margin + (room - natural if natural < room else 0)
            found = self._texts[(text, width)] = (static, margin, right)
        return found
