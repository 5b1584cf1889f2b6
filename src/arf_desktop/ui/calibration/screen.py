"""The Calibration screen: exercises, results against the key, and the key after submission.

A lead reads who is qualified and why; an assessor who has submitted an exercise reads the
definitive score and rationale beside their own, criterion by criterion. Before they
submit, the key is not shown (the service refuses it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from arf_desktop.calibration import exercises as exercise_service
from arf_desktop.calibration import results as result_service
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.registers.assessors import current_assessor
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.calibration.models import ExercisesModel, KeyModel, ResultsModel
from arf_desktop.ui.kit.theme import NHS_DARK_BLUE
from arf_desktop.ui.kit.widgets import EmptyState, ScreenHeader, fit_columns, label, make_table

NO_EXERCISES = (
    "No calibration exercises yet",
    "Make one from a decided submission: `arf-desktop calibration create NAME --round R "
    '--organisation O --label "Reference A"`, set its key with `calibration key NAME '
    "--from-agreed`, and assign assessors with `calibration assign NAME --assessor A`.",
)


class CalibrationScreen(QWidget):
    """Exercises on the left; the chosen one's results and, after submission, its key."""

    def __init__(self, workspace: Workspace, actor: Callable[[], str]) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.workspace = workspace
        self.actor = actor
        self.header = ScreenHeader("Calibration", "")
        self.empty = EmptyState(*NO_EXERCISES)
        self.exercises = ExercisesModel(self)
        self.results = ResultsModel(self)
        self.key = KeyModel(self)
        self.exercise_table = make_table("Calibration exercises")
        self.exercise_table.setModel(self.exercises)
        self.result_table = make_table("Assessors' results")
        self.result_table.setModel(self.results)
        self.key_table = make_table("Your scores beside the key")
        self.key_table.setModel(self.key)
        self.key_note = label("", "subtitle", "About the key")
        self._build()
        self.setStyleSheet(
            f'QLabel[role="section"] {{ font-weight: bold; color: {NHS_DARK_BLUE}; }}'
        )
        self.exercise_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_exercise(current.row())
        )
        self.refresh()

    def _build(self) -> None:
        self.split = QSplitter(Qt.Orientation.Vertical)
        sections = (
            ("Exercises", (self.exercise_table,)),
            ("Results against the key", (self.result_table,)),
            ("Your scores beside the key", (self.key_note, self.key_table)),
        )
        for title, widgets in sections:
            part = QWidget()
            part_layout = QVBoxLayout(part)
            part_layout.setContentsMargins(0, 0, 0, 0)
            part_layout.addWidget(label(title, "section", f"{title} heading"))
            for widget in widgets:
                part_layout.addWidget(widget, 1 if widget is not self.key_note else 0)
            self.split.addWidget(part)
        self.split.setSizes([130, 200, 400])
        body = QHBoxLayout()
        body.addWidget(self.split, 1)
        body.addWidget(self.empty, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)

    def refresh(self) -> None:
        """Reload the exercises, keeping the chosen one."""
        chosen = self.exercise_table.currentIndex().row()
        found = exercise_service.list_exercises(self.workspace)
        self.exercises.set_records(found)
        self.empty.setVisible(not found)
        self.split.setVisible(bool(found))
        qualified = sum(1 for r in result_service.report(self.workspace) if r.status == "qualified")
        self.header.subtitle.setText(
            f"{len(found)} exercise{'s' * (len(found) != 1)} · {qualified} qualified "
            f"result{'s' * (qualified != 1)}. An assessor qualifies "
            "for a framework version on their latest submitted exercise."
        )
        fit_columns(self.exercise_table)
        if found:
            row = chosen if 0 <= chosen < len(found) else 0
            self.exercise_table.selectRow(row)
            self.show_exercise(row)

    def show_exercise(self, row: int) -> None:
        if not 0 <= row < self.exercises.rowCount():
            return
        exercise = self.exercises.record(row)
        self.results.set_records(result_service.report(self.workspace, exercise.name))
        fit_columns(self.result_table)
        me = current_assessor(self.workspace)
        lines = []
        if me is None:
            note = "Choose who you are on the Scoring screen to see your own result here."
        elif me.name not in exercise.assessors:
            note = f"{me.name} is not assigned to this exercise."
        else:
            try:
                lines = result_service.key_beside_own(self.workspace, exercise.name, me.name)
                note = f"{me.name}: the definitive scores and why, beside yours."
            except UserFacingError as refusal:
                note = refusal.message
        self.key_note.setText(note)
        self.key.set_records(lines)
        fit_columns(self.key_table, widest=160)
