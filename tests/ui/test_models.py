"""Every custom model passes qtmodeltester, and sorts in the model."""

from __future__ import annotations

from PySide6.QtCore import Qt

from arf_desktop.domain.framework import Framework
from arf_desktop.storage.workspace import Workspace, put_setting
from arf_desktop.ui.audit.screen import AuditModel
from arf_desktop.ui.framework.screen import CriteriaFilter
from arf_desktop.ui.kit.record_model import RECORD_ROLE, Column, RecordTableModel


def criteria_model(framework: Framework) -> RecordTableModel:
    model = RecordTableModel(
        [
            Column("ID", lambda c: c.id),
            Column("Title", lambda c: c.title),
            Column("Guidance length", lambda c: len(c.guidance), numeric=True),
            Column("Missing", lambda c: None),
        ]
    )
    model.set_records(framework.criteria)
    return model


def test_record_model(qtmodeltester, framework: Framework) -> None:
    model = criteria_model(framework)
    qtmodeltester.check(model)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    lengths = [len(model.record(row).guidance) for row in range(model.rowCount())]
    assert lengths == sorted(lengths, reverse=True)
    index = model.index(0, 2)
    assert model.data(index, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.data(index, RECORD_ROLE) is model.record(0)
    model.set_records([])
    qtmodeltester.check(model)


def test_criteria_filter(qtmodeltester, framework: Framework) -> None:
    proxy = CriteriaFilter()
    proxy.setSourceModel(criteria_model(framework))
    proxy.set_choice("gold", "P4")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 3
    proxy.set_choice(None, None)
    proxy.setFilterFixedString("PAY GAP")
    assert proxy.rowCount() == 2


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
