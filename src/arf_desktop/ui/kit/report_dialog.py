"""A dialog that shows a report as copyable text under a one-line summary."""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.domain.wording import sentence
from arf_desktop.ui.kit.widgets import fit_to_screen


class ReportDialog(QDialog):
    """Summary (text, not only colour), optional advice, the report, Copy and Close."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        what: str,
        headline: str,
        good: bool,
        report: str,
        advice: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        fit_to_screen(self, 860, 560)
        self.headline = QLabel(headline)
        self.headline.setProperty("role", "status-ok" if good else "status-bad")
        self.headline.setAccessibleName(f"{sentence(what)} summary")
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        if advice:
            self.advice = QLabel(advice)
            self.advice.setWordWrap(True)
            self.advice.setAccessibleName("What to do next")
            layout.addWidget(self.advice)
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(f"{sentence(what)} report text")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.text.setFont(font)
        self.copy_button = QPushButton("Copy report")
        self.copy_button.setAccessibleName(f"Copy the {what} report")
        self.copy_button.setProperty("role", "secondary")
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(f"Close the {what} report")
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.setTabOrder(self.text, self.copy_button)
        self.setTabOrder(self.copy_button, close)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copy_button.setText("Copied")
