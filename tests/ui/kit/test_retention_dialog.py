"""File › Retention schedule…: years per kind with what is due today, saved for the whole team."""

from __future__ import annotations

import pytest

from arf_desktop.domain.retention import KINDS
from arf_desktop.registers.retention import retention_schedule, retention_status
from arf_desktop.storage import audit
from arf_desktop.ui.kit import retention_dialog
from arf_desktop.ui.kit.retention_dialog import RetentionDialog
from arf_desktop.ui.main_window import MainWindow


def test_the_dialog_names_every_box_and_shows_what_is_due(window: MainWindow) -> None:
    workspace = window.workspace
    dialog = RetentionDialog(window, retention_schedule(workspace), retention_status(workspace))
    assert [box.accessibleName() for box in dialog.years.values()] == [
        f"Years to keep {kind.label}" for kind in KINDS
    ]
    assert dialog.years["evidence"].value() == 2
    texts = " ".join(label.text() for label in dialog.findChildren(retention_dialog.QLabel))
    assert "1 due today" in texts  # the demo's 2019/20 round
    dialog.years["scores"].setValue(5)
    assert dialog.changes(retention_schedule(workspace)) == {"scores": "5"}
    dialog.resize(720, 420)
    dialog.grab().save("/tmp/arf-retention-dialog.png")


def test_saving_from_the_file_menu_is_audited(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention_dialog, "ask_retention", lambda *_: {"contacts": "4"})
    assert window.edit_retention_schedule() == {"contacts": "4"}
    assert retention_schedule(window.workspace)["contacts"] == 4
    with window.workspace.read() as conn:
        [entry] = audit.entries_for(conn, "setting", "retention.contacts")
    assert entry.actor == "Window tester" and entry.details == {"value": "4"}
    monkeypatch.setattr(retention_dialog, "ask_retention", lambda *_: None)
    assert window.edit_retention_schedule() is None
    menu = window.menuBar().actions()[0].menu()
    assert any(a.text() == "Re&tention schedule…" for a in menu.actions())
