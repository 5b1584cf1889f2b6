"""The Moderation screen stays put while moving through the queue: the submission's title,
outcome and draft note keep their size whatever their text (long texts elided, in full in the
tooltip and accessible description), and the columns are fitted as Qt fits them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from arf_desktop.ui.kit.theme import STYLE_SHEET
from arf_desktop.ui.moderation.screen import MATRIX_FIT_ROWS, SCORE_WIDTH, ModerationScreen
from arf_desktop.ui.moderation.steady_label import SteadyLabel
from tests.moderation.conftest import moderation_round, uniform  # noqa: F401
from tests.ui.moderation.test_moderation_screen import BOLTON, STOCKPORT
from tests.ui.moderation.test_moderation_screen import screen as screen


class Watch(QObject):
    """Counts layout requests, and paint events covering the whole widget, per widget."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.widgets = widgets
        self.layouts = 0
        self.whole_paints = 0
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.layouts += 1
        elif event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            whole: QRect = watched.rect()
            if event.region().boundingRect().contains(whole):  # type: ignore[attr-defined]
                self.whole_paints += 1
        return False


def settle_layouts(widget: QWidget, passes: int = 100) -> None:
    """Deliver layout requests until a round of events brings none: each level of nested
    layouts asks its parent on the next round, so a restyled screen takes several rounds
    (more than a fixed wait allows on a busy machine). A layout that never settles fails."""
    watch = Watch(widget, *widget.findChildren(QWidget))
    for _ in range(passes):
        watch.layouts = 0
        QApplication.processEvents()
        if watch.layouts == 0:
            return
    raise AssertionError(f"the layout of {widget.objectName()} did not settle in {passes} rounds")


def test_a_key_press_in_the_queue_neither_lays_out_nor_repaints_the_screen(
    screen: ModerationScreen,
) -> None:
    app = QApplication.instance()
    before = app.styleSheet()
    if before != STYLE_SHEET:  # a new sheet restyles and lays out every widget
        app.setStyleSheet(STYLE_SHEET)
    try:
        screen.queue.setFocus()
        for key in (Qt.Key.Key_Down, Qt.Key.Key_Up):  # each criterion's note shown once
            QTest.keyClick(screen.queue, key)
            app.processEvents()
        settle_layouts(screen)  # the first showing of each text has settled
        watch = Watch(screen, screen.tabs, screen.queue_splitter, screen.editor)
        titles = set()
        for key in (Qt.Key.Key_Down, Qt.Key.Key_Up) * 3:
            QTest.keyClick(screen.queue, key)
            app.processEvents()
            titles.add(screen.title.text())
        assert {t.split(" · ")[0] for t in titles} == {BOLTON, STOCKPORT}  # it did move
        assert watch.layouts == 0
        assert watch.whole_paints == 0
    finally:
        if before != STYLE_SHEET:
            app.setStyleSheet(before)


def test_a_long_title_is_elided_and_in_full_in_its_tooltip_and_description(
    screen: ModerationScreen,
) -> None:
    title = screen.title
    assert isinstance(title, SteadyLabel)
    assert title.text().startswith(BOLTON) and title.label.text() == title.text()
    assert title.label.toolTip() == "" and title.label.accessibleDescription() == title.text()
    height = title.height()
    long = "A very long organisation name " * 12 + "· Gold"
    title.setText(long)
    shown = title.label.text()
    assert shown != long and shown.endswith("…") and long.startswith(shown[:-1])
    assert title.label.toolTip() == long and title.label.accessibleDescription() == long
    assert title.label.accessibleName() == "Selected submission"
    QApplication.processEvents()
    assert title.height() == height and title.text() == long


def test_the_title_is_as_tall_as_a_plain_label_with_one_line(screen: ModerationScreen) -> None:
    from arf_desktop.ui.kit.widgets import label

    for steady, role in ((screen.title, "title"), (screen.outcome, "subtitle")):
        plain = label("Bolton", role)
        plain.setParent(screen)
        plain.setWordWrap(False)
        plain.ensurePolished()
        assert steady.sizeHint().height() == plain.sizeHint().height()


def test_the_draft_note_keeps_its_room_when_there_is_none(screen: ModerationScreen) -> None:
    note = screen.draft_note
    room = note.height()
    assert room >= 2 * note.label.fontMetrics().height()
    note.setText("")
    QApplication.processEvents()
    assert note.height() == room and note.text() == ""
    note.setText("A note long enough to wrap over many lines. " * 20)
    QApplication.processEvents()
    assert note.height() > room  # a text that needs more room gets it


def test_columns_are_fitted_as_qt_fits_them(screen: ModerationScreen) -> None:
    app = QApplication.instance()
    before = app.styleSheet()
    app.setStyleSheet(STYLE_SHEET)
    try:
        screen._sized, screen._matrix_sized_for = False, -1
        screen.reload(force=True)
        while screen.loading:
            screen.reader.wait()
            app.processEvents()
        queue = [screen.queue.columnWidth(c) for c in range(screen.queue_model.columnCount())]
        matrix = [screen.matrix.columnWidth(c) for c in range(screen.matrix_model.columnCount())]
        screen.queue.resizeColumnsToContents()
        screen.queue.setColumnWidth(0, min(screen.queue.columnWidth(0), 160))
        assert queue == [screen.queue.columnWidth(c) for c in range(len(queue))]
        screen.matrix.horizontalHeader().setResizeContentsPrecision(MATRIX_FIT_ROWS)
        for column in range(1, len(matrix)):
            screen.matrix.resizeColumnToContents(column)
            screen.matrix.setColumnWidth(
                column, min(screen.matrix.columnWidth(column), SCORE_WIDTH)
            )
        assert matrix[1:] == [screen.matrix.columnWidth(c) for c in range(1, len(matrix))]
    finally:
        app.setStyleSheet(before)


def test_going_back_to_a_submission_shows_its_cells_as_worked_out_afresh(
    screen: ModerationScreen,
) -> None:
    from arf_desktop.ui.moderation.models import MatrixModel

    def grid(model: MatrixModel) -> list[list[object]]:
        return [
            [model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())
        ]

    framework = screen.review.framework
    first, second = (screen._detail(screen.queue_model.record(row)) for row in (0, 1))
    model = screen.matrix_model
    model.show(framework, first.entry.review)
    shown_first = grid(model)
    model.show(framework, second.entry.review)
    model.show(framework, first.entry.review)  # back: the cells kept for it
    assert grid(model) == shown_first
    fresh = MatrixModel()
    fresh.show(framework, first.entry.review)
    assert grid(fresh) == shown_first
