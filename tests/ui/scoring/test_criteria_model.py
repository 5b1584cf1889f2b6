"""The criteria model: what a cell shows follows the row's record, and a change signals once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from arf_desktop.domain.framework import Framework
from arf_desktop.scoring.scores import CriterionRow
from arf_desktop.ui.kit.record_model import RECORD_ROLE
from arf_desktop.ui.scoring.models import (
    COMMENT_COLUMN,
    COMMENT_NEEDED,
    NOT_SCORED,
    SCORE_COLUMN,
    CriteriaModel,
)


def rows(framework: Framework) -> list[CriterionRow]:
    return [
        CriterionRow(
            c.id, c.level, c.level, c.principle, c.principle, c.title, None, "", (), None, "", 0
        )
        for c in framework.criteria_up_to("bronze")[:3]
    ]


def test_a_saved_score_changes_its_cells_with_one_signal(qtbot, framework: Framework) -> None:
    model = CriteriaModel()
    model.set_rows(rows(framework), framework)
    signals: list[tuple[int, int, int]] = []
    resets: list[int] = []
    model.dataChanged.connect(
        lambda first, last, _roles: signals.append((first.row(), first.column(), last.column()))
    )
    model.modelReset.connect(lambda: resets.append(1))
    score = model.index(1, SCORE_COLUMN)
    comment = model.index(1, COMMENT_COLUMN)
    assert model.data(score) == NOT_SCORED
    assert model.data(score, Qt.ItemDataRole.FontRole).italic()
    assert model.data(score, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(1, 0), Qt.ItemDataRole.DecorationRole) is None

    low = min(p.value for p in framework.scale)
    model.update(model.row(1).id, "score", low, 1)
    assert signals == [(1, SCORE_COLUMN, COMMENT_COLUMN)] and resets == []
    assert model.data(score) == model.caption(low)
    assert model.data(score, Qt.ItemDataRole.FontRole) is None
    assert model.data(score, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(comment) == COMMENT_NEEDED  # below the threshold: a comment is due
    assert model.data(comment, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(comment, RECORD_ROLE) == model.row(1)

    model.update(model.row(1).id, "comment", "Board minute missing.", 2)
    assert len(signals) == 2
    assert model.data(comment, Qt.ItemDataRole.ToolTipRole) == "Board minute missing."
    assert model.data(comment, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(0, SCORE_COLUMN)) == NOT_SCORED  # other rows as they were
