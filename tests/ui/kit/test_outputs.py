"""The window asks before replacing a file it did not write, and never writes over the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from arf_desktop.app import make_application
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs, outputs
from arf_desktop.ui.outcomes import dialogs as output_dialogs
from arf_desktop.ui.outcomes.screen import OutcomesScreen
from tests.exporters.conftest import decided_copy, decided_file  # noqa: F401 (fixtures)
from tests.exporters.test_documents import pypdf_text

FOREIGN = b"%PDF-1.4\n% a letter typed by hand, not by ARF Desktop\n%%EOF\n"
LETTER = "letter-bolton-nhs-foundation-trust.pdf"


def answer_next_question(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Click `button` on the message box the app is about to show, noting what it said."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(20, click)


@pytest.mark.parametrize(
    ("button", "replaced"),
    [(QMessageBox.StandardButton.No, False), (QMessageBox.StandardButton.Yes, True)],
)
def test_the_question_names_the_file_and_the_answer_decides(
    qtbot, workspace_path: Path, tmp_path: Path, button, replaced: bool
) -> None:
    make_application()
    target = tmp_path / "results.xlsx"
    target.write_bytes(FOREIGN)
    seen: list[str] = []
    with Workspace.open(workspace_path) as workspace:
        answer_next_question(button, seen)
        policy = outputs.approve(None, workspace, [(target, "results_workbook")])
    assert len(seen) == 1 and str(target) in seen[0] and "Replace it?" in seen[0]
    assert (policy is not None) is replaced


def test_own_earlier_output_is_replaced_without_a_question(
    qtbot,
    decided_copy: Workspace,  # noqa: F811
    tmp_path: Path,
    monkeypatch,
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or True)
    for _ in range(2):
        policy = outputs.approve(None, decided_copy, [(tmp_path / "r.xlsx", "results_workbook")])
        assert policy is not None
        with outputs.guarding(policy):
            from arf_desktop.exporters.results_workbook import write_results

            write_results(decided_copy, "Spring 2025", tmp_path / "r.xlsx")
    assert asked == []


def test_the_workspace_and_its_files_are_refused_with_a_message(
    qtbot, workspace: Workspace, monkeypatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    monkeypatch.setattr(dialogs, "confirm", lambda *_: pytest.fail("no question is asked"))
    protected = [outputs.settings_file()]  # on a server, the only file on this computer
    if workspace.path is not None:
        protected += [workspace.path, workspace.path.with_name(workspace.path.name + "-wal")]
    for path in protected:
        assert outputs.approve(None, workspace, [(path, None)]) is None
    assert len(errors) == len(protected) and all("never writes there" in e for e in errors)


@pytest.fixture
def screen(qtbot, decided_copy: Workspace, monkeypatch) -> OutcomesScreen:  # noqa: F811
    make_application()
    monkeypatch.setattr(dialogs, "show_info", lambda *_: None)
    widget = OutcomesScreen(decided_copy)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: not widget.reader.loading)
    yield widget
    widget.runner.cancel()
    widget.runner.wait()


@pytest.mark.parametrize("yes", [False, True])
def test_exporting_over_a_foreign_letter_asks_first(
    screen: OutcomesScreen, qtbot, monkeypatch, tmp_path: Path, yes: bool
) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    (tmp_path / LETTER).write_bytes(FOREIGN)
    questions: list[tuple[str, str]] = []

    def confirm(_parent: object, title: str, text: str) -> bool:
        questions.append((title, text))
        return True if title == "Check before sending" else yes

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(output_dialogs, "ask_folder", lambda *_: tmp_path)
    if not yes:
        assert not screen.export(("letters",))
        assert sorted(p.name for p in tmp_path.iterdir()) == [LETTER]
        assert (tmp_path / LETTER).read_bytes() == FOREIGN
    else:
        with qtbot.waitSignal(screen.runner.finished, timeout=60_000):
            assert screen.export(("letters",))
        assert len(list(tmp_path.glob("letter-*.pdf"))) == 5
        assert "Bolton NHS Foundation Trust" in pypdf_text((tmp_path / LETTER).read_bytes())
    [(title, text)] = [q for q in questions if q[0] != "Check before sending"]
    assert title == "Replace existing file?" and str(tmp_path / LETTER) in text


def test_saving_the_results_over_the_workspace_is_refused(
    screen: OutcomesScreen,
    decided_copy: Workspace,  # noqa: F811
    monkeypatch,
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    database = decided_copy.path
    assert database is not None
    before = database.read_bytes()
    monkeypatch.setattr(output_dialogs, "ask_save_file", lambda *_: database)
    assert not screen.save_results()
    assert not screen.runner.busy and database.read_bytes() == before
    assert "the workspace itself" in errors[0]


def test_the_dashboard_replaces_its_own_chart_and_asks_about_other_files(
    screen: OutcomesScreen, qtbot, monkeypatch, tmp_path: Path
) -> None:
    from arf_desktop.files.output_guard import output_kind

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or False)
    screen.tabs.setCurrentIndex(1)
    panel = screen.dashboard
    png, pdf = tmp_path / "chart.png", tmp_path / "dashboard.pdf"
    monkeypatch.setattr(output_dialogs, "ask_save_file", lambda _p, title, *_: png
                        if "PNG" in title else pdf)  # fmt: skip
    for _ in range(2):  # the second time each is the window's own earlier file
        assert panel.save_png() == png and panel.save_pdf() == pdf
    assert asked == [] and output_kind(png) == "png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n someone else's picture")
    assert panel.save_png() is None and str(png) in asked[0]
    assert png.read_bytes().endswith(b"someone else's picture")
