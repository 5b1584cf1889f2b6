"""The Outcomes & exports screen: decisions, preview, background export with cancel, dashboard."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
)

from arf_desktop.app import make_application
from arf_desktop.exporters.batch_export import ExportResult
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.task_runner import Cancel, Progress
from arf_desktop.ui.outcomes import dialogs as output_dialogs
from arf_desktop.ui.outcomes.screen import OutcomesScreen
from tests.exporters.conftest import decided_copy, decided_file  # noqa: F401 (fixtures)
from tests.exporters.decided_round import PLANS, ROUND
from tests.exporters.test_documents import pypdf_text

LEVEL_COLOURS = ("#A0632B", "#8A8D8F", "#B8860B")


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, title, text: shown.append((title, text)))
    monkeypatch.setattr(dialogs, "show_error", lambda _p, title, text: shown.append((title, text)))
    return shown


@pytest.fixture
def screen(qtbot, decided_copy: Workspace, messages) -> OutcomesScreen:  # noqa: F811
    make_application()
    widget = OutcomesScreen(decided_copy)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: not widget.reader.loading)  # the decisions load on a worker
    yield widget
    widget.runner.cancel()
    widget.runner.wait()


def test_decisions_table_and_preview(screen: OutcomesScreen, qtmodeltester) -> None:
    qtmodeltester.check(screen.model)
    assert screen.round.currentData() == ROUND
    assert screen.model.rowCount() == len(PLANS)
    assert "5 decided, 1 still open" in screen.header.subtitle.text()
    names = [screen.proxy.index(r, 0).data() for r in range(screen.proxy.rowCount())]
    assert names == sorted(names, key=str.casefold)
    screen.filter.setText("Минор")  # nothing matches: the filter is case-insensitive text
    assert screen.proxy.rowCount() == 0 and screen.count.text() == "0 shown"
    screen.filter.setText("minor revisions")
    assert screen.proxy.rowCount() == 1
    screen.table.selectRow(0)
    text = screen.preview.toPlainText()
    assert "Ассоциация здравоохранения Северо-Запада" in text
    assert "Minor revisions: Bronze awarded" in text and "Ядвига Ковальчук" in text
    assert "Criteria to revise" in text and "Board approval of the plan" in text
    assert "Revised evidence by 29 April 2025" in text
    assert "Head of Equality, Diversity and Inclusion" in text
    assert screen.open_certificate.isEnabled()


def test_controls_are_named_and_in_reading_order(screen: OutcomesScreen) -> None:
    for kind in (QAbstractButton, QLineEdit, QComboBox, QTableView, QTextBrowser):
        for control in screen.findChildren(kind):
            if control.isVisibleTo(screen):
                assert control.accessibleName(), f"unnamed {kind.__name__}: {control}"
    chain, widget = [], screen.round
    for _ in range(8):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while not widget.isVisibleTo(screen) or not widget.focusPolicy():
            widget = widget.nextInFocusChain()
    assert chain[:4] == [screen.round, screen.filter, screen.table, screen.preview]


def test_open_document_renders_a_pdf(screen: OutcomesScreen, monkeypatch) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(output_dialogs, "open_file", lambda path: opened.append(path) or True)
    screen.table.selectRow(0)
    chosen = screen.selected()
    assert chosen is not None
    path = screen.open_document("letters")
    assert opened == [path] and path is not None and path.name.startswith("letter-")
    assert chosen.organisation in pypdf_text(path.read_bytes())


def test_export_all_in_the_background(
    screen: OutcomesScreen, qtbot, monkeypatch, tmp_path: Path, messages
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or True)
    monkeypatch.setattr(output_dialogs, "ask_folder", lambda *_: tmp_path)
    with qtbot.waitSignal(screen.runner.finished, timeout=60_000) as blocker:
        assert screen.export(("letters", "certificates", "feedback"), with_results=True)
        assert not screen.export_all.isEnabled()
    assert "resubmission deadline 29 April 2025 is before" in asked[0]  # checked before sending
    result = blocker.args[0]
    assert isinstance(result, ExportResult) and len(result.written) == 15
    assert (tmp_path / "results-spring-2025.xlsx").exists()
    assert not list(tmp_path.glob("*.partial"))
    assert messages[-1][0] == "Export finished" and "15 files written" in messages[-1][1]
    assert screen.export_all.isEnabled()


def test_progress_shows_after_half_a_second_and_cancel_stops(screen: OutcomesScreen, qtbot) -> None:
    started = threading.Event()

    def slow(progress: Progress, cancel: Cancel) -> str:
        started.set()
        for step in range(600):
            if cancel():
                return f"stopped at {step}"
            progress(step, 600, f"file {step}")
            threading.Event().wait(0.01)
        return "finished"

    with qtbot.waitSignal(screen.runner.finished, timeout=20_000) as blocker:
        screen.runner.start("Slow export", slow)
        assert started.wait(5)
        assert screen.runner.dialog is not None and not screen.runner.dialog.isVisible()
        qtbot.waitUntil(lambda: screen.runner.dialog.isVisible(), timeout=5_000)
        assert screen.runner.dialog.accessibleName() == "Slow export progress"
        button = screen.runner.dialog.findChild(QPushButton)
        assert button.accessibleName() == "Cancel the export after the current file"
        button.click()
    assert blocker.args[0].startswith("stopped at")
    assert screen.runner.dialog is None and not screen.runner.busy


def test_results_workbook_and_appeal_pack(
    screen: OutcomesScreen, qtbot, monkeypatch, tmp_path: Path, messages
) -> None:
    targets = iter([tmp_path / "results.xlsx", tmp_path / "appeal.zip"])
    monkeypatch.setattr(output_dialogs, "ask_save_file", lambda *_: next(targets))
    with qtbot.waitSignal(screen.runner.finished, timeout=30_000):
        assert screen.save_results()
    assert (tmp_path / "results.xlsx").exists()
    screen.table.selectRow(0)
    with qtbot.waitSignal(screen.runner.finished, timeout=30_000):
        assert screen.save_appeal_pack()
    assert (tmp_path / "appeal.zip").exists()
    assert "The audit chain verified" in messages[-1][1]


def test_dashboard_chart_and_exports(
    screen: OutcomesScreen, qtbot, monkeypatch, tmp_path: Path
) -> None:
    screen.tabs.setCurrentIndex(1)
    panel = screen.dashboard
    assert panel.chart.dashboard is not None
    qtbot.waitUntil(lambda: panel.chart.height() >= panel.chart.sizeHint().height())
    description = panel.chart.accessibleDescription()
    assert "NHS Greater Manchester ICB: 3 of 11 at Bronze or above" in description
    assert "Bronze 1, Silver 1, Gold 1" in description
    image = panel.chart.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    image.save(str(tmp_path / "chart.png"))
    colours = {
        image.pixelColor(x, y).name().upper()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    assert set(LEVEL_COLOURS) <= colours
    assert QColor("#FFFFFF").name().upper() in colours
    targets = iter([tmp_path / "dashboard.png", tmp_path / "dashboard.pdf"])
    monkeypatch.setattr(output_dialogs, "ask_save_file", lambda *_: next(targets))
    assert panel.save_png() == tmp_path / "dashboard.png"
    assert (tmp_path / "dashboard.png").read_bytes().startswith(b"\x89PNG")
    assert panel.save_pdf() == tmp_path / "dashboard.pdf"
    assert "NHS Greater Manchester ICB" in pypdf_text((tmp_path / "dashboard.pdf").read_bytes())
    panel.scope.setCurrentIndex(panel.scope.findData(ROUND))
    assert panel.chart.dashboard.scope == f"round {ROUND}"


def test_an_empty_workspace_says_what_to_do(qtbot, workspace_path: Path, messages) -> None:
    make_application()
    with Workspace.open(workspace_path) as workspace:
        widget = OutcomesScreen(workspace)
        qtbot.addWidget(widget)
        assert widget.stack.currentWidget() is widget.empty
        assert "import workbooks" in widget.header.subtitle.text()
        assert not widget.export_all.isEnabled() and not widget.export_results.isEnabled()


def test_the_first_export_asks_who_signs(
    screen: OutcomesScreen, qtbot, monkeypatch, tmp_path: Path, messages
) -> None:
    from arf_desktop.exporters.documents import Letterhead, Signatory
    from arf_desktop.exporters.output_settings import SIGNATORIES_KEY, output_settings
    from arf_desktop.storage import tables

    with screen.workspace.write("Tester") as tx:
        tx.execute(tables.settings.delete().where(tables.settings.c.key == SIGNATORIES_KEY))
    screen.reload()  # the round's decisions load in the background

    def preview_says_unnamed() -> bool:
        screen.table.selectRow(0)
        return "Signatories not named yet" in screen.preview.toPlainText()

    qtbot.waitUntil(preview_says_unnamed, timeout=10000)
    monkeypatch.setattr(dialogs, "confirm", lambda *_: True)
    out = tmp_path / "out"
    monkeypatch.setattr(output_dialogs, "ask_folder", lambda *_: out)
    asked: list[bool] = []

    def cancel(_parent, _settings, _resubmission, _round, first_time=False):  # type: ignore[no-untyped-def]
        asked.append(first_time)
        return None

    monkeypatch.setattr(output_dialogs, "ask_document_settings", cancel)
    assert not screen.export(("letters",)) and asked == [True]
    assert not out.exists()
    answer = output_dialogs.DocumentSettings(
        (Signatory("Adaeze Nwosu", "Chair of the moderation panel"),),
        Letterhead("NHS North West Anti-Racist Framework", "BAME Assembly", "arf@nhs.net"),
        "6",
        "send it to arf@nhs.net",
    )
    monkeypatch.setattr(output_dialogs, "ask_document_settings", lambda *a, **k: answer)
    screen.also_text.setChecked(True)
    with qtbot.waitSignal(screen.runner.finished, timeout=60_000):
        assert screen.export(("letters",))
    assert output_settings(screen.workspace).signatories_set
    assert len(list(out.glob("letter-*.pdf"))) == 5
    texts = list(out.glob("letter-*.txt"))
    assert len(texts) == 5 and "Adaeze Nwosu" in texts[0].read_text(encoding="utf-8")
    screen.filter.setText("minor revisions")
    screen.table.selectRow(0)
    assert "send it to arf@nhs.net" in screen.preview.toPlainText()
    assert "Signed: Adaeze Nwosu (Chair of the moderation panel)" in screen.preview.toPlainText()


def test_the_document_settings_dialog(qtbot, decided_copy: Workspace) -> None:  # noqa: F811
    from arf_desktop.exporters.output_settings import output_settings
    from arf_desktop.exporters.round_settings import Resubmission

    make_application()
    settings = output_settings(decided_copy)
    dialog = output_dialogs.DocumentSettingsDialog(
        None, settings, Resubmission(), ROUND, first_time=True
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert [n.text() for n in dialog.names[:2]] == [s.name for s in settings.signatories]
    dialog.names[2].setText("Priya Patel")
    dialog.roles[2].setText("Programme coordinator")
    dialog.fixed.setChecked(True)
    assert dialog.deadline.isEnabled() and not dialog.weeks.isEnabled()
    dialog.grab().save(str(Path(os.environ.get("ARF_GRAB_DIR", "/tmp")) / "document-settings.png"))
    answer = dialog.settings()
    assert [s.name for s in answer.signatories][-1] == "Priya Patel"
    assert answer.resubmission_deadline == dialog.deadline.date().toPython().isoformat()
    assert answer.letterhead.title == "NHS North West Anti-Racist Framework"
