"""The regional dashboard: level bars per ICB painted with QPainter, target line, PNG/PDF export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.exporters.dashboard import Dashboard, GroupProgress, dashboard_for, describe
from arf_desktop.registers.rounds import list_rounds
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.theme import BACKGROUND, BORDER, NHS_DARK_BLUE, TEXT
from arf_desktop.ui.outcomes import dialogs as output_dialogs
from arf_desktop.ui.outcomes.trend_view import TrendPanel

LEGEND, ROW, BAR, BOTTOM = 34, 36, 22, 28


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def ink_on(colour: QColor) -> QColor:
    """Black or white, whichever has the higher WCAG contrast on `colour`."""
    light = _luminance(colour)
    on_white = 1.05 / (light + 0.05)
    on_black = (light + 0.05) / 0.05
    return QColor("#FFFFFF") if on_white >= on_black else QColor("#000000")


class DashboardChart(QWidget):
    """Stacked bars of organisations at each level, a number on every segment, the target."""

    def __init__(self) -> None:
        super().__init__()
        self.dashboard: Dashboard | None = None
        self.setAccessibleName("Regional progress chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(640)

    def set_dashboard(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        self.setAccessibleDescription("; ".join(describe(dashboard)))
        self.updateGeometry()
        self.update()

    def rows(self) -> list[GroupProgress]:
        if self.dashboard is None:
            return []
        return [*self.dashboard.groups, self.dashboard.region]

    @override
    def sizeHint(self) -> QSize:
        return QSize(900, LEGEND + ROW * max(1, len(self.rows())) + BOTTOM)

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(640, self.sizeHint().height())

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        if self.dashboard is not None and self.dashboard.levels:
            self._paint(painter, self.dashboard)
        painter.end()

    def _paint(self, painter: QPainter, dashboard: Dashboard) -> None:
        width = self.width()
        label_w = min(300.0, width * 0.3)
        value_w = 200.0
        track = max(width - label_w - value_w - 16, 80.0)
        self._legend(painter, dashboard)
        bold = QFont(self.font())
        bold.setBold(True)
        for index, group in enumerate(self.rows()):
            top = LEGEND + index * ROW
            is_region = group is dashboard.region
            painter.setFont(bold if is_region else self.font())
            if is_region:
                painter.setPen(QPen(QColor(BORDER), 1))
                painter.drawLine(0, top + 2, width, top + 2)
            painter.setPen(QColor(TEXT))
            label = painter.fontMetrics().elidedText(
                group.name, Qt.TextElideMode.ElideRight, int(label_w - 10)
            )
            row = QRectF(0, top, label_w - 8, ROW)
            painter.drawText(row, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            bar = QRectF(label_w, top + (ROW - BAR) / 2, track, BAR)
            self._bar(painter, dashboard, group, bar, bold)
            painter.setFont(bold if is_region else self.font())
            painter.setPen(QColor(TEXT))
            value = f"{group.recognised} of {group.organisations} ({group.share:.0%})"
            if dashboard.meets_target(group):
                value += " ✓ target met"
            text_box = QRectF(label_w + track + 8, top, value_w + 8, ROW)
            painter.drawText(
                text_box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, value
            )
        x = label_w + track * dashboard.target
        bottom = LEGEND + ROW * len(self.rows())
        painter.setPen(QPen(QColor(TEXT), 2, Qt.PenStyle.DashLine))
        painter.drawLine(int(x), LEGEND - 4, int(x), bottom + 2)
        painter.setFont(self.font())
        painter.drawText(
            QRectF(x - 40, bottom + 4, 80, BOTTOM - 6),
            Qt.AlignmentFlag.AlignCenter,
            f"Target {dashboard.target:.0%}",
        )

    def _legend(self, painter: QPainter, dashboard: Dashboard) -> None:
        x = 0.0
        metrics = painter.fontMetrics()
        painter.setPen(QColor(TEXT))
        for level in dashboard.levels:
            painter.fillRect(QRectF(x, 9, 14, 14), QColor(level.colour))
            painter.drawText(QRectF(x + 19, 0, 200, 32), Qt.AlignmentFlag.AlignVCenter, level.name)
            x += 19 + metrics.horizontalAdvance(level.name) + 22
        painter.setPen(QPen(QColor(TEXT), 2, Qt.PenStyle.DashLine))
        painter.drawLine(int(x), 16, int(x + 22), 16)
        painter.setPen(QColor(TEXT))
        text = (
            f"Target: {dashboard.target:.0%} of organisations at {dashboard.lowest_level} or above"
        )
        painter.drawText(QRectF(x + 28, 0, 520, 32), Qt.AlignmentFlag.AlignVCenter, text)

    def _bar(
        self,
        painter: QPainter,
        dashboard: Dashboard,
        group: GroupProgress,
        bar: QRectF,
        bold: QFont,
    ) -> None:
        painter.fillRect(bar, QColor(BACKGROUND))
        painter.setPen(QPen(QColor(BORDER), 1))
        painter.drawRect(bar)
        left = bar.left()
        painter.setFont(bold)
        for level in dashboard.levels:
            count = group.held.get(level.id, 0)
            if not count or not group.organisations:
                continue
            width = bar.width() * count / group.organisations
            segment = QRectF(left, bar.top(), width, bar.height())
            colour = QColor(level.colour)
            painter.fillRect(segment, colour)
            painter.setPen(QPen(QColor("#FFFFFF"), 1))
            painter.drawLine(segment.topRight(), segment.bottomRight())
            if painter.fontMetrics().horizontalAdvance(str(count)) + 4 <= width:
                painter.setPen(ink_on(colour))
                painter.drawText(segment, Qt.AlignmentFlag.AlignCenter, str(count))
            left += width


class DashboardPanel(QWidget):
    """The dashboard with its scope chooser, the figures in words and the export buttons."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.scope = QComboBox()
        self.scope.setAccessibleName("Dashboard scope")
        self.chart = DashboardChart()
        self.summary = QLabel()
        self.summary.setAccessibleName("Regional progress in words")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.png_button = self._button("Save chart as PNG…", "Save the chart as a PNG image")
        self.pdf_button = self._button("Save as PDF…", "Save the dashboard as a PDF")
        top = QHBoxLayout()
        scope_label = QLabel("Show:")
        scope_label.setBuddy(self.scope)
        top.addWidget(scope_label)
        top.addWidget(self.scope, 1)
        top.addWidget(self.png_button)
        top.addWidget(self.pdf_button)
        title = QLabel("Organisations at each level by ICB")
        title.setStyleSheet(f"font-weight: bold; color: {NHS_DARK_BLUE};")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(title)
        layout.addWidget(self.chart)
        layout.addWidget(self.summary)
        self.trend = TrendPanel(workspace)
        layout.addWidget(self.trend)
        layout.addStretch(1)
        self.setTabOrder(self.scope, self.png_button)
        self.setTabOrder(self.png_button, self.pdf_button)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.png_button.clicked.connect(lambda: self.save_png())
        self.pdf_button.clicked.connect(lambda: self.save_pdf())

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setProperty("role", "secondary")
        return button

    def refresh(self) -> None:
        chosen = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem("All rounds (awards still valid)", None)
        for item in list_rounds(self.workspace):
            self.scope.addItem(f"Round: {item.name}", item.name)
        self.scope.setCurrentIndex(max(self.scope.findData(chosen), 0))
        self.scope.blockSignals(False)
        self.reload()
        self.trend.refresh()

    def reload(self) -> None:
        try:
            dashboard = dashboard_for(self.workspace, self.scope.currentData())
        except UserFacingError as error:
            self.summary.setText(error.message)
            return
        self.chart.set_dashboard(dashboard)
        self.summary.setText(
            "\n".join(describe(dashboard))
            + "\nCounted: active trusts, ICBs and the regional team in the register."
        )

    def png_bytes(self) -> bytes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image = self.chart.grab().toImage()
        image.setText("Software", "ARF Desktop")  # tells a later save it may replace this file
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    def _save(
        self, title: str, suggested: str, filters: str, make: Callable[[], bytes], kind: str
    ) -> Path | None:
        from arf_desktop.files.atomic import write_atomic
        from arf_desktop.files.output_guard import guarding
        from arf_desktop.ui.kit import outputs

        path = output_dialogs.ask_save_file(self, title, suggested, filters)
        if path is None:
            return None
        policy = outputs.approve(self, self.workspace, [(path, kind)])
        if policy is None:
            return None
        try:
            with guarding(policy):
                write_atomic(path, make())
        except UserFacingError as error:
            dialogs.show_error(self, "Not saved", error.message)
            return None
        except OSError as error:
            dialogs.show_error(self, "Not saved", f"{path} could not be written: {error}.")
            return None
        return path

    def save_png(self) -> Path | None:
        return self._save(
            "Save chart as PNG", "regional-progress.png", "PNG image (*.png)", self.png_bytes, "png"
        )

    def save_pdf(self) -> Path | None:
        from arf_desktop.exporters.dashboard_pdf import INFO, render_dashboard

        dashboard = self.chart.dashboard
        if dashboard is None:
            return None
        return self._save(
            "Save dashboard as PDF",
            "regional-progress.pdf",
            "PDF (*.pdf)",
            lambda: render_dashboard(dashboard),
            f"pdf:{INFO['title']}",
        )
