"""The shared record table model passes qtmodeltester and sorts in the model."""

from __future__ import annotations

from PySide6.QtCore import Qt

from arf_desktop.domain.framework import Framework
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
