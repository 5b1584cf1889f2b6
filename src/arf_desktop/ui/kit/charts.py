"""Small bar charts painted with QPainter: labels and values are always written beside the bars."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget
from typing_extensions import override

from arf_desktop.ui.kit.theme import NHS_BLUE, NHS_DARK_BLUE, SECONDARY_TEXT, TEXT


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    colour: str = NHS_BLUE


class BarChart(QWidget):
    """Horizontal bars from `low` to `high`, with a zero line when the range crosses zero."""

    ROW = 22

    def __init__(self, title: str, low: float = 0.0, high: float = 1.0) -> None:
        super().__init__()
        self.title = title
        self.low, self.high = low, high
        self.bars: list[Bar] = []
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = bars
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.text}" for b in bars))
        self.updateGeometry()
        self.update()

    @override
    def sizeHint(self) -> QSize:
        return QSize(420, 34 + self.ROW * max(1, len(self.bars)))

    @override
    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor(NHS_DARK_BLUE))
        painter.drawText(QRectF(0, 0, self.width(), 22), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        if not self.bars:
            painter.setPen(QColor(SECONDARY_TEXT))
            painter.drawText(QRectF(0, 26, self.width(), 20), "No scores yet")
            return
        label_width = min(200.0, self.width() * 0.35)
        value_width = 110.0
        plot_left = label_width + 8
        plot_width = max(20.0, self.width() - plot_left - value_width - 8)
        span = (self.high - self.low) or 1.0

        def x_of(value: float) -> float:
            clamped = min(max(value, self.low), self.high)
            return plot_left + (clamped - self.low) / span * plot_width

        zero = x_of(0.0)
        for row, bar in enumerate(self.bars):
            top = 28 + row * self.ROW
            painter.setPen(QColor(TEXT))
            painter.drawText(
                QRectF(0, top, label_width, self.ROW - 4),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                painter.fontMetrics().elidedText(
                    bar.label, Qt.TextElideMode.ElideRight, int(label_width)
                ),
            )
            start, end = sorted((zero, x_of(bar.value)))
            painter.fillRect(QRectF(start, top + 3, max(1.0, end - start), self.ROW - 10),
                             QColor(bar.colour))  # fmt: skip
            painter.setPen(QColor(TEXT))
            painter.drawText(
                QRectF(plot_left + plot_width + 6, top, value_width, self.ROW - 4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                bar.text,
            )
        if self.low < 0 < self.high:
            painter.setPen(QPen(QColor(SECONDARY_TEXT), 1, Qt.PenStyle.DashLine))
            painter.drawLine(int(zero), 26, int(zero), 28 + self.ROW * len(self.bars))
