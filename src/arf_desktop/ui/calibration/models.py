"""Table models of the Calibration screen: exercises, results, and the key beside own scores."""

from __future__ import annotations

from typing import Any

from arf_desktop.calibration.exercises import ExerciseSummary
from arf_desktop.calibration.results import AssessorResult, KeyLine
from arf_desktop.ui.kit.record_model import Column, RecordTableModel

STATUS_TEXT = {
    "qualified": "✓ Qualified",
    "not_qualified": "✗ Not qualified",
    "pending": "… Pending",
}


def _signed(value: float) -> str:
    return f"{value:+.2f}"


class ExercisesModel(RecordTableModel[ExerciseSummary]):
    """One row per exercise: its items, how much of the key is set, who is assigned."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column("Exercise", lambda e: e.name),
                Column("Items", lambda e: ", ".join(e.items)),
                Column("Key set", lambda e: f"{e.keyed} of {e.criteria}"),
                Column("Tolerance", lambda e: f"≥{e.min_exact:.0%} exact, ±{e.max_difference}"),
                Column("Assessors", lambda e: len(e.assessors), numeric=True),
            ],
            parent,
        )


class ResultsModel(RecordTableModel[AssessorResult]):
    """One row per assessor: the agreement figures and the status they earn."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column("Assessor", lambda r: r.assessor),
                Column("Status", lambda r: STATUS_TEXT.get(r.status, r.status)),
                Column("Criteria", lambda r: r.n or None, numeric=True),
                Column("Exact", lambda r: r.exact if r.n else None, numeric=True),
                Column("Adjacent", lambda r: r.adjacent if r.n else None, numeric=True),
                Column(
                    "Mean difference",
                    lambda r: r.mean_difference if r.n else None,
                    numeric=True,
                    display=lambda v: "" if v is None else _signed(v),
                ),
                Column("Widest", lambda r: r.max_difference if r.n else None, numeric=True),
                Column("Why", lambda r: r.reason, tooltip=lambda r: r.reason),
            ],
            parent,
        )


class KeyModel(RecordTableModel[KeyLine]):
    """After submission: the assessor's score beside the definitive one and its rationale."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column("Item", lambda k: k.item),
                Column("Criterion", lambda k: k.criterion_id),
                Column("Yours", lambda k: k.own, numeric=True),
                Column("Definitive", lambda k: k.definitive, numeric=True),
                Column(
                    "Difference",
                    lambda k: None if k.own is None else k.own - k.definitive,
                    numeric=True,
                    display=lambda v: "" if v is None else (f"{v:+d}" if v else "0"),
                ),
                Column("Rationale", lambda k: k.rationale, tooltip=lambda k: k.rationale),
            ],
            parent,
        )
