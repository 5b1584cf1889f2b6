"""The pane beside the criteria table showing detail.py's page; evidence links open the file."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from arf_desktop.scoring.scores import CriterionRow
from arf_desktop.ui.kit import evidence_viewer
from arf_desktop.ui.scoring.detail import EVIDENCE_SCHEME

NO_MATCH = "<p>No criteria match the filters. Clear them to see every criterion.</p>"
KEPT_PAGES = 96  # laid-out pages kept for moving back and forth (a sheet has up to 45)


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
        self._kept = QObject(self)  # parent of the pane's documents (the view deletes its own)
        self._pages: dict[str, QTextDocument] = {}
        self._own = self._new_document()  # shows what is not a kept page
        self.setDocument(self._own)
        self.anchorClicked.connect(self._open_link)

    def show_criterion(self, row: CriterionRow, page: str) -> None:
        """Show a criterion's page (detail.criterion_detail_html); its links are its files.

        Each page is laid out once into a document of its own and kept, so moving back to
        a criterion shows its document again instead of parsing and laying out its HTML.
        """
        self._row = row
        if page == self._page:
            return
        self._page = page
        document = self._pages.get(page)
        if document is None:
            if len(self._pages) >= KEPT_PAGES:
                self.forget_pages()
            document = self._pages[page] = self._new_document()
            document.setHtml(page)
        self.setDocument(document)
        self.verticalScrollBar().setValue(0)  # each page opens at its top, as a new page does

    def _new_document(self) -> QTextDocument:
        """A document set up as the view's own first one is (font, margin, text options)."""
        document, first = QTextDocument(self._kept), self.document()
        document.setDefaultFont(first.defaultFont())
        document.setDocumentMargin(first.documentMargin())
        document.setDefaultTextOption(first.defaultTextOption())
        document.setIndentWidth(first.indentWidth())
        document.setDefaultStyleSheet(first.defaultStyleSheet())
        return document

    def forget_pages(self) -> None:
        """Drop the kept pages (a new sheet: none of them will be shown again)."""
        if self.document() is not self._own:
            self.setDocument(self._own)
        for document in self._pages.values():
            document.deleteLater()
        self._pages.clear()

    def changeEvent(self, event: QEvent) -> None:
        """A new font (text size setting) lays the pages out again: the kept ones are dropped."""
        if event.type() == QEvent.Type.FontChange:
            self.forget_pages()
            self._own.setDefaultFont(self.font())
        super().changeEvent(event)

    def _show_own(self, html: str) -> None:
        if self.document() is not self._own:
            self.setDocument(self._own)
        self.setHtml(html)

    def show_no_criterion(self, filtered_out: bool) -> None:
        """Nothing is current: say why when the filters hide every criterion."""
        self._row = None
        self._page = None
        self._show_own(NO_MATCH if filtered_out else "")

    def forget(self) -> None:
        self._row = None
        self._page = None
        self._show_own("")

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() != EVIDENCE_SCHEME or not url.path().isdigit():
            return
        file_id = int(url.path())
        row = self._row
        name = next((f.name for f in row.files if f.file_id == file_id), "evidence") if row else "x"
        evidence_viewer.open_evidence(self, file_id, name, lambda: self._evidence(file_id))
