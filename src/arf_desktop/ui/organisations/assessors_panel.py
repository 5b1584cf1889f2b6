"""The assessors and conflicts of interest tab: list them, add them, allocate a round."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.scoring import Assessor, DeclaredConflict
from arf_desktop.registers import assessors as assessor_service
from arf_desktop.registers import interests as conflict_service
from arf_desktop.registers import organisations as organisation_service
from arf_desktop.registers.rounds import list_rounds
from arf_desktop.scoring import allocation as allocation_service
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.record_model import Column, RecordTableModel
from arf_desktop.ui.kit.widgets import enable_sorting, fit_columns, label, make_table
from arf_desktop.ui.organisations import dialogs as organisation_dialogs


class AssessorsPanel(QWidget):
    """The assessor register beside the conflicts declared, with add and allocate actions."""

    def __init__(self, workspace: Workspace, actor: Callable[[], str]) -> None:
        super().__init__()
        self.workspace = workspace
        self.actor = actor
        self.add_button = QPushButton("Add assessor…")
        self.conflict_button = QPushButton("Declare conflict…")
        self.allocate_button = QPushButton("Allocate a round…")
        for button, name in (
            (self.add_button, "Add assessor"),
            (self.conflict_button, "Declare a conflict of interest"),
            (self.allocate_button, "Allocate assessors to a round"),
        ):
            button.setAccessibleName(name)
            button.setProperty("role", "secondary")
        self.summary = label("", "subtitle", "Assessors summary")
        self.assessors: RecordTableModel[Assessor] = RecordTableModel(
            [
                Column("Assessor", lambda a: a.name),
                Column("Organisation", lambda a: a.organisation or "—"),
                Column("ICB", lambda a: a.icb or "—"),
                Column("E-mail", lambda a: a.email or ""),
                Column("Status", lambda a: "Active" if a.active else "Deactivated"),
            ]
        )
        self.assessor_table = make_table("Assessors table")
        self.assessor_table.setModel(self.assessors)
        enable_sorting(self.assessor_table, 0)
        self.conflicts: RecordTableModel[DeclaredConflict] = RecordTableModel(
            [
                Column("Assessor", lambda c: c.assessor),
                Column("Organisation", lambda c: c.organisation),
                Column("Kind", lambda c: c.kind),
                Column("Reason", lambda c: c.reason, tooltip=lambda c: c.reason),
                Column("From", lambda c: c.starts_on or "—"),
                Column("Until", lambda c: c.ends_on or "—"),
            ]
        )
        self.conflict_table = make_table("Declared conflicts of interest table")
        self.conflict_table.setModel(self.conflicts)
        enable_sorting(self.conflict_table, 0)

        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        for button in (self.add_button, self.conflict_button, self.allocate_button):
            actions.addWidget(button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(
            label(
                "Declared conflicts of interest (an assessor's own organisation is always a "
                "conflict; the same ICB is one in rounds set up that way)",
                "",
                "Conflicts heading",
            )
        )
        lower_layout.addWidget(self.conflict_table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.assessor_table)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        for first, second in (
            (self.add_button, self.conflict_button),
            (self.conflict_button, self.allocate_button),
            (self.allocate_button, self.assessor_table),
            (self.assessor_table, self.conflict_table),
        ):
            self.setTabOrder(first, second)
        self.add_button.clicked.connect(self.add_assessor)
        self.conflict_button.clicked.connect(self.declare_conflict)
        self.allocate_button.clicked.connect(self.allocate)
        self.loaded = False  # read when its tab is first shown

    def refresh(self) -> None:
        self.loaded = True
        people = assessor_service.list_all(self.workspace)
        self.assessors.set_records(people)
        self.conflicts.set_records(conflict_service.list_conflicts(self.workspace))
        self.summary.setText(
            f"{sum(a.active for a in people)} active assessors, "
            f"{self.conflicts.rowCount()} declared "
            f"conflict{'' if self.conflicts.rowCount() == 1 else 's'} of interest"
            if people
            else "No assessors yet: add the people who will score submissions."
        )
        self.conflict_button.setEnabled(bool(people))
        self.allocate_button.setEnabled(bool(people))
        fit_columns(self.assessor_table)
        fit_columns(self.conflict_table)

    def _run(self, title: str, action: Callable[[], object]) -> object | None:
        try:
            result = action()
        except UserFacingError as error:
            dialogs.show_error(self, title, error.message)
            return None
        self.refresh()
        return result

    def _organisations(self) -> list[str]:
        return [o.name for o in organisation_service.list_all(self.workspace) if o.active]

    def add_assessor(self) -> None:
        register = organisation_service.list_all(self.workspace)
        icbs = sorted({o.icb for o in register if o.icb})
        draft = organisation_dialogs.ask_assessor(self, self._organisations(), icbs)
        if draft is not None:
            self._run(
                "Assessor not added",
                lambda: assessor_service.add_assessor(self.workspace, self.actor(), draft),
            )

    def declare_conflict(self) -> None:
        names = [a.name for a in self.assessors.records()]
        draft = organisation_dialogs.ask_conflict(self, names, self._organisations())
        if draft is not None:
            self._run(
                "Conflict not recorded",
                lambda: conflict_service.add_conflict(self.workspace, self.actor(), draft),
            )

    def allocate(self) -> None:
        rounds = list_rounds(self.workspace)
        if not rounds:
            dialogs.show_info(self, "No rounds yet", "Import submissions into a round first.")
            return
        active = [a for a in self.assessors.records() if a.active]
        request = organisation_dialogs.ask_allocation(self, rounds, active)
        if request is None:
            return
        result = self._run(
            "Nothing was allocated",
            lambda: allocation_service.allocate(
                self.workspace,
                self.actor(),
                request.round_name,
                list(request.assessors),
                request.per_submission,
            ),
        )
        if isinstance(result, allocation_service.AllocationResult):
            loads = ", ".join(f"{name} {count}" for name, count in result.loads.items())
            dialogs.show_info(
                self,
                "Assessors allocated",
                f"{len(result.added)} allocations added in “{result.round_name}” "
                f"({result.kept} already in place). Load: {loads}.",
            )
