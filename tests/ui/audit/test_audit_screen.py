"""The Audit screen: the log loaded page by page, and the chain check."""

from __future__ import annotations

from arf_desktop.storage.workspace import Workspace, put_setting
from arf_desktop.ui.audit.screen import AuditModel
from arf_desktop.ui.main_window import SCREENS, MainWindow


def test_audit_model_pages(qtmodeltester, workspace: Workspace, monkeypatch) -> None:
    from arf_desktop.ui.audit import screen as audit_screen

    monkeypatch.setattr(audit_screen, "PAGE", 7)
    with workspace.write("t") as tx:
        for i in range(30):
            put_setting(tx, f"k{i}", "v")
    model = AuditModel(workspace)
    model.reload()
    assert model.rowCount() == 7 and model.total == 34
    qtmodeltester.check(model)
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 34
    assert model.data(model.index(0, 0)) == "34"  # newest first


def test_audit_screen_verifies(window: MainWindow) -> None:
    window.show_screen(SCREENS.index("Audit"))
    assert window.audit.verify()
    assert "Intact" in window.audit.result.text()
