"""The Scoring screen's parts on their own: score keys, comment box, progress, evidence links."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from arf_desktop.app import make_application
from arf_desktop.domain.records import EvidenceFile
from arf_desktop.domain.scoring import AllocationRow
from arf_desktop.scoring.scores import CriterionRow
from arf_desktop.ui.scoring import dialogs as scoring_dialogs
from arf_desktop.ui.scoring.comment_editor import LOCKED_HINT, OPEN_HINT, CommentEditor
from arf_desktop.ui.scoring.criteria_panel import CriteriaPanel
from arf_desktop.ui.scoring.detail_pane import DetailPane
from arf_desktop.ui.scoring.status_lines import StatusLines

SCALE = (0, 1, 2, 3)


@pytest.fixture(autouse=True)
def application() -> None:
    make_application()


def panel_with(qtbot, scale: tuple[int, ...] | None) -> tuple[CriteriaPanel, list[tuple]]:
    panel = CriteriaPanel(lambda: scale)
    qtbot.addWidget(panel)
    pressed: list[tuple] = []
    panel.score_key.connect(lambda value, advance: pressed.append((value, advance)))
    return panel, pressed


def test_scale_keys_score_and_move_on_delete_clears(qtbot) -> None:
    panel, pressed = panel_with(qtbot, SCALE)
    for key in (Qt.Key.Key_2, Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        qtbot.keyClick(panel.table, key)
    qtbot.keyClick(panel.table, Qt.Key.Key_3, Qt.KeyboardModifier.KeypadModifier)
    assert pressed == [(2, True), (0, True), (None, False), (None, False), (3, True)]


def test_other_keys_are_left_to_the_table(qtbot) -> None:
    panel, pressed = panel_with(qtbot, SCALE)
    qtbot.keyClick(panel.table, Qt.Key.Key_7)  # not on the scale
    qtbot.keyClick(panel.table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.table, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    closed, nothing_open = panel_with(qtbot, None)  # no submission open: keys do not score
    qtbot.keyClick(closed.table, Qt.Key.Key_2)
    qtbot.keyClick(closed.table, Qt.Key.Key_Delete)
    assert pressed == [] and nothing_open == []


def test_comment_saves_after_a_pause_and_on_leaving(qtbot) -> None:
    window = QWidget()
    editor = CommentEditor()
    other = QLineEdit()
    layout = QVBoxLayout(window)
    layout.addWidget(editor)
    layout.addWidget(other)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    editor.load("Saved before.")  # showing a saved comment is not an edit
    assert not editor.autosave.isActive()
    editor.focus()
    assert editor.comment.textCursor().position() == len("Saved before.")
    with qtbot.waitSignal(editor.save_wanted, timeout=5000):
        qtbot.keyClicks(editor.comment, " More.")
    assert editor.text() == "Saved before. More."
    with qtbot.waitSignal(editor.leave_wanted, timeout=1000):
        qtbot.keyClick(editor.comment, Qt.Key.Key_Escape)
    with qtbot.waitSignal(editor.leave_wanted, timeout=1000):
        qtbot.keyClick(editor.comment, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    editor.comment.setFocus()
    qtbot.waitUntil(editor.comment.hasFocus)
    with qtbot.waitSignal(editor.save_wanted, timeout=1000):
        other.setFocus()
        qtbot.waitUntil(other.hasFocus)


def test_a_locked_comment_cannot_change_and_the_bank_is_listed(qtbot) -> None:
    editor = CommentEditor()
    qtbot.addWidget(editor)
    editor.set_locked(True)
    assert editor.comment.isReadOnly() and editor.comment.placeholderText() == LOCKED_HINT
    editor.comment.setPlainText("changed from outside")
    assert not editor.autosave.isActive()
    editor.set_locked(False)
    assert editor.comment.placeholderText() == OPEN_HINT
    long = "x" * 120
    editor.show_bank([(1, "Short."), (2, long)], usable=True)
    texts = [editor.bank_choice.itemText(i) for i in range(editor.bank_choice.count())]
    assert texts == ["Banked comments (2)", "Short.", "x" * 87 + "…"]
    assert editor.bank_insert.isEnabled() and editor.chosen_banked() is None
    editor.bank_choice.setCurrentIndex(2)
    assert editor.chosen_banked() == long
    editor.show_bank([(1, "Short.")], usable=False)
    assert not editor.bank_insert.isEnabled()
    editor.show_bank([], usable=True)
    assert editor.bank_choice.itemText(0) == "No banked comments"
    assert not editor.bank_insert.isEnabled()


def allocation(scored: int, status: str = "allocated") -> AllocationRow:
    return AllocationRow(
        id=1, round_id=1, round_name="Round", submission_id=1, organisation_id=1,
        organisation="Test Valley NHS Trust", icb=None, assessor_id=1, assessor="Siân Evans",
        status=status, allocated_at="2025-05-01T09:00:00", submitted_at=None,
        level_applied="bronze", scored=scored, total=17,
    )  # fmt: skip


def test_progress_and_messages(qtbot) -> None:
    status = StatusLines()
    qtbot.addWidget(status)
    status.show_progress(allocation(12), "Bronze", shown=17, total=17)
    assert status.progress.text() == "Test Valley NHS Trust · applied for Bronze · 12 of 17 scored"
    status.show_progress(allocation(17, "submitted"), "Bronze", shown=3, total=17)
    shown = status.progress.text()
    assert shown.endswith("17 of 17 scored · submitted · showing 3 of 17 (filtered)")
    status.show_progress(None)
    assert status.progress.text() == ""
    status.say("Not saved: locked.", True)
    assert status.message.property("role") == "status-bad"
    status.say("Saved B-P1-01 comment · revision 2")
    assert status.message.property("role") == ""
    assert status.message.text() == "Saved B-P1-01 comment · revision 2"


def test_an_evidence_link_opens_a_copy_named_after_the_file(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[int] = []
    opened: list[Path] = []
    monkeypatch.setattr(scoring_dialogs, "open_file", opened.append)
    pane = DetailPane(lambda file_id: read.append(file_id) or b"minutes")
    qtbot.addWidget(pane)
    row = CriterionRow(
        id="B-P1-01", level="bronze", level_name="Bronze", principle="P1",
        principle_name="Prioritising anti-racism", title="Statement", self_assessment="Met",
        summary="", files=(EvidenceFile("folder/Board minutes.pdf", 5, "0" * 64, 7),), score=None,
        comment="", revision=0,
    )  # fmt: skip
    pane.show_criterion(row, "<a href='evidence:5'>Board minutes.pdf</a>")
    pane.anchorClicked.emit(QUrl("https://example.org/not-evidence"))
    pane.anchorClicked.emit(QUrl("evidence:5"))
    assert read == [5] and len(opened) == 1
    assert opened[0].name == "Board minutes.pdf" and opened[0].read_bytes() == b"minutes"
    pane.show_no_criterion(filtered_out=True)
    assert "No criteria match the filters" in pane.toPlainText()
