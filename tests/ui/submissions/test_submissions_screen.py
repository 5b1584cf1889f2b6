"""The Submissions screen: background import, drag and drop, cancel, results, detail view."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableView

from arf_desktop.app import make_application
from arf_desktop.importers import batch as batch_module
from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.batch import BatchResult, FileResult, import_paths
from arf_desktop.importers.problems import Problem
from arf_desktop.registers.rounds import RoundDraft
from arf_desktop.registers.submissions import submission_detail
from arf_desktop.storage.workspace import Workspace, counts
from arf_desktop.ui.kit import dialogs, evidence_viewer
from arf_desktop.ui.main_window import MainWindow
from arf_desktop.ui.submissions import dialogs as submission_dialogs
from arf_desktop.ui.submissions import import_results
from arf_desktop.ui.submissions.detail import SubmissionDetailDialog
from arf_desktop.ui.submissions.import_results import ImportResultsDialog, results_text
from arf_desktop.ui.submissions.screen import SubmissionsScreen
from tests.importers.workbook_builders import Kit, both, filled, kit_for, set_evidence


@pytest.fixture
def ws(workspace_path: Path):
    with Workspace.open(workspace_path) as opened:
        yield opened


@pytest.fixture
def kit(ws: Workspace) -> Kit:
    return kit_for(ws)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[BatchResult]:
    """Results the screen would show in its dialog (the dialog itself is never exec'd)."""
    results: list[BatchResult] = []
    monkeypatch.setattr(import_results, "show_import_results", lambda _p, r: results.append(r))
    return results


@pytest.fixture
def screen(qtbot, ws: Workspace, shown) -> SubmissionsScreen:
    make_application()
    widget = SubmissionsScreen(ws, lambda: "Screen tester")
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    yield widget
    widget.runner.cancel()
    widget.runner.wait()


def returns(kit: Kit, folder: Path, count: int) -> Path:
    for index in range(count):
        filled(kit, folder / f"trust{index}", organisation=index, seed=index)
    return folder


def test_import_through_the_service_hook(qtbot, screen, kit, tmp_path, shown) -> None:
    assert screen.stack.currentIndex() == 0  # the empty state says what to do
    folder = returns(kit, tmp_path / "in", 3)
    with qtbot.waitSignal(screen.import_finished, timeout=20_000):
        assert screen.start_import([folder], "Round A")
    assert [r.status for r in shown[0].files] == ["imported"] * 3
    assert screen.model.rowCount() == 3 and screen.stack.currentIndex() == 1
    assert screen.round.currentText() == "Round A"
    assert screen.model.record(0).organisation == kit.organisation(0).name
    assert screen.proxy.index(0, 4).data() == "Awaiting allocation"


def test_models_pass_the_model_tester(qtbot, qtmodeltester, screen, kit, ws, tmp_path) -> None:
    import_paths(ws, "Tester", [returns(kit, tmp_path / "in", 2)], "Round A")
    screen.refresh()
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.proxy)
    detail = SubmissionDetailDialog(screen, ws, screen.model.record(0).id)
    qtbot.addWidget(detail)
    qtmodeltester.check(detail.model)


def test_filter_and_sort(screen, kit, ws, tmp_path) -> None:
    import_paths(ws, "Tester", [returns(kit, tmp_path / "in", 3)], "Round A")
    screen.refresh()
    screen.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    names = [screen.proxy.index(r, 0).data() for r in range(screen.proxy.rowCount())]
    assert names == sorted(names, reverse=True)
    screen.filter.setText(kit.organisation(1).name[:12].upper())
    assert screen.proxy.rowCount() == 1 and screen.count.text() == "1 shown"


def test_dropping_files_imports_them(qtbot, screen, kit, tmp_path, shown) -> None:
    folder = returns(kit, tmp_path / "in", 2)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    assert screen.accepts(mime)
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(screen.import_finished, timeout=20_000):
        screen.round.setCurrentIndex(0)
        from arf_desktop.registers.rounds import create_round

        create_round(screen.workspace, "Tester", RoundDraft("Dropped round"))
        screen.dropEvent(event)
    assert event.isAccepted()
    assert [r.status for r in shown[0].files] == ["imported", "imported"]
    text_only = QMimeData()
    text_only.setText("not files")
    assert not screen.accepts(text_only)


def test_first_import_asks_for_a_new_round(qtbot, screen, kit, tmp_path, monkeypatch) -> None:
    path = filled(kit, tmp_path / "in")
    monkeypatch.setattr(submission_dialogs, "ask_import_files", lambda _parent: [path])
    monkeypatch.setattr(
        submission_dialogs,
        "ask_new_round",
        lambda _parent, suggested, label: RoundDraft("Asked round", "2026-04-01", "2026-09-30"),
    )
    with qtbot.waitSignal(screen.import_finished, timeout=20_000):
        screen.import_button.click()
    assert screen.round.currentText() == "Asked round"
    assert screen.model.rowCount() == 1


def blocking_reader(monkeypatch: pytest.MonkeyPatch, release: threading.Event) -> list[str]:
    """Make the first workbook wait until `release` is set, to stop the worker mid-batch."""
    calls: list[str] = []
    real = batch_module.read_workbook

    def slow(path, context, display=None):
        calls.append(display or path.name)
        if len(calls) == 1:
            release.wait(10)
        return real(path, context, display)

    monkeypatch.setattr(batch_module, "read_workbook", slow)
    return calls


def test_progress_dialog_and_cancel_leave_counts_consistent(
    qtbot, screen, kit, ws, tmp_path, shown, monkeypatch
) -> None:
    release = threading.Event()
    calls = blocking_reader(monkeypatch, release)
    folder = returns(kit, tmp_path / "in", 4)
    assert screen.start_import([folder], "Round A")
    assert screen.runner.dialog is not None and not screen.runner.dialog.isVisible()
    assert not screen.import_button.isEnabled()
    qtbot.waitUntil(lambda: screen.runner.dialog is not None and screen.runner.dialog.isVisible())
    assert screen.runner.dialog.accessibleName() == "Importing workbooks progress"
    with qtbot.waitSignal(screen.import_finished, timeout=20_000):
        screen.runner.dialog.findChild(QAbstractButton).click()  # Cancel
        assert "Stopping" in screen.runner.dialog.labelText()
        release.set()
    result = shown[0]
    assert result.cancelled and result.not_started == 3 and len(calls) == 1
    assert [r.status for r in result.files] == ["imported"]
    with ws.read() as conn:
        assert counts(conn).submissions == 1
    detail = submission_detail(ws, 1)
    assert len(detail.answers) == len(kit.framework.criteria_up_to("bronze"))
    assert screen.model.rowCount() == 1 and screen.import_button.isEnabled()
    assert "not started" in results_text(result)


def test_results_dialog_lists_every_problem_and_copies(qtbot) -> None:
    make_application()
    problem = Problem("bad.xlsx", "Cover", "B6", "“Platinum” is not a level.")
    warning = Problem("good.xlsx", "Evidence", "H2", "Evidence file “x.pdf”: not found.")
    result = BatchResult(
        "Round A",
        False,
        (
            FileResult(
                "good.xlsx", "imported", "Trust A", 1, "stored as version 1", (), (warning,)
            ),
            FileResult("bad.xlsx", "rejected", None, None, "rejected: 1 problem", (problem,)),
        ),
    )
    dialog = ImportResultsDialog(None, result)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert text.index("✖ REJECTED  bad.xlsx") < text.index("✔ IMPORTED  good.xlsx — Trust A")
    assert "Problem  Cover!B6: “Platinum” is not a level." in text
    assert "Warning  Evidence!H2" in text
    assert dialog.text.isReadOnly() and dialog.headline.text().endswith("1 rejected")
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == text


def test_detail_shows_cover_changes_and_opens_files(
    qtbot, screen, kit, ws, tmp_path, monkeypatch
) -> None:
    first = filled(kit, tmp_path / "v1", edit=set_evidence("B-P1-03", wc.COL_FILES, "tool.exe"))
    (tmp_path / "v1" / "tool.exe").write_bytes(b"MZ")
    import_paths(ws, "Tester", [first], "Round A")
    second = filled(
        kit,
        tmp_path / "v2",
        edit=both(
            set_evidence("B-P1-03", wc.COL_FILES, "tool.exe"),
            set_evidence("B-P2-01", wc.COL_SUMMARY, "Revised after the panel's feedback."),
        ),
    )
    (tmp_path / "v2" / "tool.exe").write_bytes(b"MZ")
    import_paths(ws, "Tester", [second], "Round A")
    screen.refresh()
    screen.table.selectRow(0)
    opened: list[Path] = []
    monkeypatch.setattr(evidence_viewer, "open_in_viewer", lambda p: opened.append(p) or True)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, message: errors.append(message))
    detail = screen.open_selected()
    qtbot.addWidget(detail)
    assert "Version 2 of 2" in detail.subtitle.text()
    assert "1 criteria changed since version 1" in detail.subtitle.text()
    changed = [detail.model.record(r) for r in range(detail.model.rowCount())]
    assert [line.criterion_id for line in changed if line.answer.changed] == ["B-P2-01"]
    row = next(i for i, line in enumerate(changed) if line.criterion_id == "B-P2-01")
    detail.table.selectRow(row)
    assert "[Changed since version 1]" in detail.criterion_title.text()
    assert detail.summary.toPlainText() == "Revised after the panel's feedback."
    with_files = next(i for i, line in enumerate(changed) if line.answer.files and
                      line.answer.files[0].name.endswith(".txt"))  # fmt: skip
    detail.table.selectRow(with_files)
    assert detail.open_button.isEnabled()
    path = detail.open_selected()
    assert opened == [path] and path.read_bytes().startswith(kit.organisation(0).name.encode())
    exe_row = next(i for i, line in enumerate(changed) if line.criterion_id == "B-P1-03")
    detail.table.selectRow(exe_row)
    assert detail.files.item(0).text() == "tool.exe"
    assert not detail.open_button.isEnabled() and detail.save_button.isEnabled()
    assert detail.open_selected() is None and "could run a program" in errors[0]
    detail.versions.setCurrentIndex(1)  # version 1
    assert "Version 1 of 2" in detail.subtitle.text() and "First version" in detail.subtitle.text()


def test_every_control_is_named_and_tab_order_reads_left_to_right(screen) -> None:
    for kind in (QAbstractButton, QLineEdit, QComboBox, QTableView):
        for control in screen.findChildren(kind):
            if control.isVisibleTo(screen):
                assert control.accessibleName(), control
    order = [screen.new_round_button]
    widget = screen.new_round_button
    for _ in range(7):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isVisible():
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order[:5] == [
        screen.new_round_button,
        screen.template_button,
        screen.folder_button,
        screen.import_button,
        screen.round,
    ]
    assert screen.filter in order


def test_round_dialog_and_new_round_button(qtbot, screen, monkeypatch) -> None:
    dialog = submission_dialogs.RoundDialog(screen, "2026/27 recognition round", "ARF draft")
    qtbot.addWidget(dialog)
    dialog.assessors.setValue(3)
    draft = dialog.draft()
    assert draft.name == "2026/27 recognition round" and draft.assessors_per_submission == 3
    assert draft.opens_on and draft.closes_on and draft.opens_on < draft.closes_on
    assert submission_dialogs.default_round_name(date(2026, 3, 31)) == "2025/26 recognition round"
    monkeypatch.setattr(submission_dialogs, "ask_new_round", lambda *_args: draft)
    screen.new_round_button.click()
    assert screen.round.currentText() == "2026/27 recognition round"
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, message: errors.append(message))
    screen.new_round_button.click()  # the same name again is refused, with a message
    assert "already exists" in errors[0]


def test_blank_workbook_button_writes_a_template(screen, tmp_path, monkeypatch) -> None:
    target = tmp_path / "out" / "blank.xlsx"
    choice = submission_dialogs.TemplateChoice(target, None, "silver")
    monkeypatch.setattr(submission_dialogs, "ask_template", lambda *_args: choice)
    monkeypatch.setattr(dialogs, "show_info", lambda *_args: None)
    assert screen.write_template() == target
    import openpyxl

    ids = [
        r[0].value for r in openpyxl.load_workbook(target)[wc.EVIDENCE_SHEET].iter_rows(min_row=2)
    ]
    assert len(ids) == 33


def test_files_dropped_on_another_screen_are_imported(qtbot, ws, kit, tmp_path, shown) -> None:
    from arf_desktop.app import build_window
    from arf_desktop.ui.kit.settings import SettingsRegistry

    make_application()
    window = build_window(ws, SettingsRegistry.at(str(tmp_path / "s.ini")), "Dropper")
    qtbot.addWidget(window)
    window.show_screen(4)  # Framework
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(filled(kit, tmp_path / "in")))])
    event = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    from arf_desktop.registers.rounds import create_round

    create_round(ws, "Tester", RoundDraft("Only round"))
    with qtbot.waitSignal(window.submissions.import_finished, timeout=20_000):
        window.dropEvent(event)
    assert window.current_screen_name() == "Submissions"
    assert [r.status for r in shown[0].files] == ["imported"]
    window.close()


def test_submissions_screen_lists_the_demo_round(window: MainWindow) -> None:
    screen = window.submissions
    assert screen.model.rowCount() == 8  # six in the demo round, one in each earlier round
    screen.filter.setText("zzz-no-such-trust")
    assert screen.proxy.rowCount() == 0
    assert screen.count.text() == "0 shown"
