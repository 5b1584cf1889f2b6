"""The Exchange screen: packs in the background, returns by drop, the conflict queue resolved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QTableView

from arf_desktop.app import make_application
from arf_desktop.domain.framework import Framework
from arf_desktop.exchange.merge import BatchMerge, import_return_bytes
from arf_desktop.exchange.packs import export_pack
from arf_desktop.exchange.sealed import sealed_file
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.exchange import dialogs as exchange_dialogs
from arf_desktop.ui.exchange import passphrase
from arf_desktop.ui.exchange.dialogs import ChooseValueDialog, MergeReportDialog
from arf_desktop.ui.exchange.screen import ExchangeScreen
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.theme import STYLE_SHEET
from tests.exchange.conftest import (
    COORDINATOR,
    ROUND,
    Coordinator,
    build_round,
    new_workspace,
    score_all,
    score_record,
    synthetic_return,
    write_return,
)

PASSPHRASE = "otter meadow lantern"
SHOTS = Path(os.environ.get("ARF_SCREENSHOTS", "")) if os.environ.get("ARF_SCREENSHOTS") else None


def shoot(widget, name: str, tmp_path: Path) -> Path:
    """Save what the widget looks like (ARF_SCREENSHOTS=folder keeps them for review)."""
    folder = SHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """What the screen would show in message boxes and the merge report (never exec'd)."""
    seen: dict[str, list] = {"info": [], "error": [], "report": []}
    monkeypatch.setattr(dialogs, "show_info", lambda _p, title, text: seen["info"].append(text))
    monkeypatch.setattr(dialogs, "show_error", lambda _p, title, text: seen["error"].append(text))
    monkeypatch.setattr(
        exchange_dialogs, "show_merge_report", lambda _p, b: seen["report"].append(b)
    )
    return seen


@pytest.fixture
def office(workspace_path: Path, framework: Framework):
    with Workspace.open(workspace_path) as ws:
        yield build_round(ws, framework)


def make_screen(qtbot, workspace: Workspace) -> ExchangeScreen:
    make_application()
    screen = ExchangeScreen(workspace, lambda: "Screen tester")
    screen.setStyleSheet(STYLE_SHEET)  # on the screen alone: other tests' widgets are not re-styled
    qtbot.addWidget(screen)
    screen.resize(1180, 720)
    screen.show()
    return screen


def drop(screen: ExchangeScreen, paths: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    screen.dropEvent(event)
    return event


def conflicting(office: Coordinator) -> None:
    organisation, allocation = sorted(office.mine("Łukasz Nowak").items())[0]
    criterion = office.criteria(organisation)[0]
    for lineage, score, comment in (("laptop", 2, ""), ("restored", 1, "Board minutes missing.")):
        record = score_record(organisation, allocation, criterion, 4, score, comment)
        data = synthetic_return(office, "Łukasz Nowak", [record], lineage)
        import_return_bytes(office.workspace, COORDINATOR, data, f"{lineage}.arfreturn")


def test_packs_out_returns_in_by_drop(
    qtbot, qtmodeltester, office, told, monkeypatch, tmp_path
) -> None:
    screen = make_screen(qtbot, office.workspace)
    assert screen.round.currentText() == ROUND and screen.export_button.isEnabled()
    with qtbot.waitSignal(screen.job_finished, timeout=30_000):
        assert screen.start_export(tmp_path / "outbox", PASSPHRASE)
    assert "3 work packs written" in told["info"][0]
    packs = sorted((tmp_path / "outbox").iterdir())
    assert len(packs) == 3 and all(sealed_file(p) for p in packs)
    asked: list[str] = []

    def ask(_parent, path: Path) -> str:
        asked.append(path.name)
        return PASSPHRASE

    monkeypatch.setattr(passphrase, "ask_pack_passphrase", ask)

    laptop = new_workspace(tmp_path / "amara.arfdb")
    with Workspace.open(laptop) as ws:
        assessor_screen = make_screen(qtbot, ws)
        assert assessor_screen.stack.currentIndex() == 0  # empty state says what to do
        assert (
            assessor_screen.pack_button.isEnabled()
            and not assessor_screen.return_button.isEnabled()
        )
        amara = next(p for p in packs if "Amara" in p.name)
        with qtbot.waitSignal(assessor_screen.job_finished, timeout=30_000):
            assert drop(assessor_screen, [amara]).isAccepted()
        assert "2 submissions for Amara Okafor" in told["info"][-1]
        assert asked == [amara.name]  # the encrypted pack's passphrase was asked for
        assert assessor_screen.origin.isVisibleTo(assessor_screen)
        assert assessor_screen.return_button.isEnabled()
        shoot(assessor_screen, "exchange-assessor", tmp_path)
    score_all(laptop, office.framework, lambda _o, _c: 2)
    returned = write_return(laptop, tmp_path / "amara.arfreturn")

    with qtbot.waitSignal(screen.job_finished, timeout=30_000):
        assert drop(screen, [returned, tmp_path / "notes.txt"]).isAccepted()
    batch: BatchMerge = told["report"][0]
    assert [r.status for r in batch.reports] == ["merged"]
    assert screen.merges.rowCount() == 1 and screen.merges.record(0).assessor == "Amara Okafor"
    text = exchange_dialogs.report_text(batch)
    assert "✔ MERGED  amara.arfreturn — Amara Okafor" in text
    qtmodeltester.check(screen.merges)


def test_the_conflict_queue_is_resolved_on_screen(
    qtbot, qtmodeltester, office, told, monkeypatch, tmp_path
) -> None:
    conflicting(office)
    screen = make_screen(qtbot, office.workspace)
    assert screen.conflicts.rowCount() == 1
    assert screen.conflict_count.text().startswith("⚠ 1 score conflict waits for a moderator")
    row = screen.conflicts.record(0)
    assert "Return, revision 4: 2 · Fully evidenced" in row.values_text
    assert "1 · Partially evidenced — “Board minutes missing.”" in row.values_text
    qtmodeltester.check(screen.conflicts)
    screen.conflict_table.selectRow(0)
    screen.conflict_table.setCurrentIndex(screen.conflicts.index(0, 0))
    assert screen.resolve_button.isEnabled()
    shoot(screen, "exchange-conflicts", tmp_path)
    chooser = ChooseValueDialog(screen, row)
    chooser.resize(640, 260)
    shoot(chooser, "exchange-choose-value", tmp_path)
    monkeypatch.setattr(exchange_dialogs, "ask_choice", lambda _p, c: (1, "Confirmed by e-mail"))
    assert screen.resolve_selected()
    assert screen.conflicts.rowCount() == 0 and screen.conflict_count.text().startswith("✔")
    screen.show_closed.setChecked(True)
    assert screen.conflicts.record(0).status == "resolved"
    with office.workspace.read() as conn:
        last = audit.page(conn, 0, 1)[0]
    assert last.action == "score.conflict.resolve" and last.details["note"] == "Confirmed by e-mail"


def test_a_rejected_return_is_reported_with_its_reasons(qtbot, office, told, tmp_path) -> None:
    pack = export_pack(office.workspace, COORDINATOR, ROUND, "Siân Evans", tmp_path / "s.arfpack")
    damaged = tmp_path / "damaged.arfreturn"
    damaged.write_bytes(pack.path.read_bytes()[:4000])
    screen = make_screen(qtbot, office.workspace)
    with qtbot.waitSignal(screen.job_finished, timeout=30_000):
        screen.start_returns([damaged])
    [report] = told["report"][0].reports
    assert report.status == "rejected" and "cut short" in report.reasons[0]
    dialog = MergeReportDialog(screen, told["report"][0])
    dialog.copy()
    assert "✖ REJECTED  damaged.arfreturn" in QApplication.clipboard().text()
    shoot(dialog, "exchange-merge-report", tmp_path)


def test_every_control_has_a_name_and_a_place_in_the_tab_order(qtbot, office, told) -> None:
    screen = make_screen(qtbot, office.workspace)
    for kind in (QAbstractButton, QComboBox, QTableView):
        for widget in screen.findChildren(kind):
            if not widget.objectName().startswith("qt_"):  # Qt's own corner button
                assert widget.accessibleName(), widget
    order, widget = [], screen.round
    for _ in range(9):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
    assert order[:6] == [
        screen.round, screen.export_button, screen.returns_button, screen.revoke_button,
        screen.pack_button, screen.return_button,
    ]  # fmt: skip


def test_the_revoke_key_button_refuses_the_old_key_and_sends_a_fresh_pack(
    qtbot, office, told, monkeypatch, tmp_path
) -> None:
    laptop = new_workspace(tmp_path / "amara.arfdb")
    pack = export_pack(office.workspace, COORDINATOR, ROUND, "Amara Okafor", tmp_path / "a.arfpack")
    from arf_desktop.exchange.pack_import import import_pack

    with Workspace.open(laptop) as ws:
        import_pack(ws, "Laptop owner", pack.path)
    score_all(laptop, office.framework, lambda _o, _c: 2)
    old = write_return(laptop, tmp_path / "old.arfreturn")
    screen = make_screen(qtbot, office.workspace)
    assert screen.revoke_button.isEnabled()
    fresh = tmp_path / "fresh.arfpack"
    monkeypatch.setattr(
        exchange_dialogs, "ask_revocation", lambda _p, _r, names: (names[0], "laptop lost", True)
    )
    monkeypatch.setattr(exchange_dialogs, "ask_pack_target", lambda _p, _s: fresh)
    monkeypatch.setattr(passphrase, "ask_new_passphrase", lambda _p: PASSPHRASE)
    qtbot.mouseClick(screen.revoke_button, Qt.MouseButton.LeftButton)
    assert told["error"] == [] and "new work pack written" in told["info"][-1]
    assert fresh.exists() and sealed_file(fresh)
    with pytest.raises(Exception, match="revoked \\(laptop lost\\)"):
        import_return_bytes(office.workspace, COORDINATOR, old.read_bytes(), "old.arfreturn")
    dialog = exchange_dialogs.RevokeKeyDialog(screen, ROUND, ["Amara Okafor", "Siân Evans"])
    qtbot.addWidget(dialog)
    dialog.reason.setText("stolen")
    assert dialog.answer() == ("Amara Okafor", "stolen", True)
    shoot(dialog, "exchange-revoke-key", tmp_path)


def test_packs_and_returns_ask_before_replacing_and_never_touch_the_workspace(
    qtbot, office, told, tmp_path, monkeypatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or False)
    screen = make_screen(qtbot, office.workspace)
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    foreign = outbox / f"{ROUND} - Amara Okafor.arfpack"
    foreign.write_bytes(b"not a pack")
    assert not screen.start_export(
        outbox, PASSPHRASE
    )  # the question names the file; No writes nothing
    assert str(foreign) in asked[0] and sorted(outbox.iterdir()) == [foreign]
    laptop = new_workspace(tmp_path / "laptop.arfdb")
    with Workspace.open(laptop) as ws:
        assessor_screen = make_screen(qtbot, ws)
        before = laptop.read_bytes()
        for target in (laptop, laptop.with_name(laptop.name + "-wal")):
            assert not assessor_screen.write_return(target)
        assert laptop.read_bytes() == before
    assert len(asked) == 1 and all("never writes there" in e for e in told["error"][-2:])
