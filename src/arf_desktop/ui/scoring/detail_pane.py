"""The pane beside the criteria table showing detail.py's page; evidence links open the file."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

from arf_desktop.scoring.scores import CriterionRow
from arf_desktop.ui.kit import evidence_viewer
from arf_desktop.ui.scoring.detail import EVIDENCE_SCHEME

NO_MATCH = "<p>No criteria match the filters. Clear them to see every criterion.</p>"


class DetailPane(QTextBrowser):
    """Evidence, files, guidance, scale and other assessors' scores for one criterion."""

    def __init__(self, evidence: Callable[[int], bytes], parent: QWidget | None = None) -> None:
        """`evidence` reads a stored evidence file's bytes by its id."""
        super().__init__(parent)
        self.setAccessibleName("Criterion, evidence and guidance")
        self.setOpenLinks(False)
        self._evidence = evidence
        self._row: CriterionRow | None = None
        self._page: str | None = None  # what is shown, so the same page is not laid out again
        self.anchorClicked.connect(self._open_link)

    def show_criterion(self, row: CriterionRow, page: str) -> None:
        """Show a criterion's page (detail.criterion_detail_html); its links are its files."""
        self._row = row
        if page != self._page:
            self._page = page
            self.setHtml(page)

    def show_no_criterion(self, filtered_out: bool) -> None:
        """Nothing is current: say why when the filters hide every criterion."""
        self._row = None
        self._page = None
        self.setHtml(NO_MATCH if filtered_out else "")

    def forget(self) -> None:
        self._row = None
        self._page = None
        self.clear()

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() != EVIDENCE_SCHEME or not url.path().isdigit():
            return
        file_id = int(url.path())
        row = self._row
        name = next((f.name for f in row.files if f.file_id == file_id), "evidence") if row else "x"
        evidence_viewer.open_evidence(self, file_id, name, lambda: self._evidence(file_id))
