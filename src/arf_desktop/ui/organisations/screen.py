"""The Organisations & assessors screen: the organisation register, assessors and conflicts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.records import Organisation
from arf_desktop.registers import organisations as service
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.background import BackgroundReader
from arf_desktop.ui.kit.record_model import RECORD_ROLE, Column, RecordTableModel
from arf_desktop.ui.kit.widgets import (
    FilterProxy,
    ScreenHeader,
    enable_sorting,
    filter_box,
    fit_columns,
    make_table,
)
from arf_desktop.ui.organisations import dialogs as organisation_dialogs
from arf_desktop.ui.organisations.assessors_panel import AssessorsPanel
from arf_desktop.ui.organisations.history_panel import HistoryPanel


class ActiveFilter(FilterProxy):
    """Hides deactivated organisations unless asked to show them."""

    show_inactive = False

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        organisation: Organisation = self.sourceModel().record(source_row)
        if not organisation.active and not self.show_inactive:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


ASSESSORS_TAB = "Assessors and conflicts of interest"


class OrganisationsScreen(QWidget):
    """The register of organisations that take part in rounds."""

    def __init__(self, workspace: Workspace, actor: Callable[[], str]) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.workspace = workspace
        self.actor = actor
        self.header = ScreenHeader("Organisations & assessors", "")
        self.add_button = QPushButton("Add organisation…")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setProperty("role", "secondary")
        self.toggle_button = QPushButton("Deactivate")
        self.toggle_button.setProperty("role", "secondary")
        for button, name in (
            (self.add_button, "Add organisation"),
            (self.edit_button, "Edit selected organisation"),
            (self.toggle_button, "Deactivate or reactivate selected organisation"),
        ):
            button.setAccessibleName(name)
            self.header.add_action(button)
        self.filter = filter_box("Filter organisations", "Filter by name, ICB or type…")
        self.show_inactive = QCheckBox("Show deactivated")
        self.show_inactive.setAccessibleName("Show deactivated organisations")
        self.count = QLabel()
        self.count.setAccessibleName("Organisations shown")
        self.model: RecordTableModel[Organisation] = RecordTableModel(
            [
                Column("Organisation", lambda o: o.name),
                Column("ICB", lambda o: o.icb),
                Column("Type", lambda o: o.org_type),
                Column("ODS code", lambda o: o.code),
                Column("Contact", lambda o: o.contact_name),
                Column("Status", lambda o: "Active" if o.active else "Deactivated"),
            ]
        )
        self.proxy = ActiveFilter()
        self.proxy.setSourceModel(self.model)
        self.table = make_table("Organisations table")
        self.table.setModel(self.proxy)
        enable_sorting(self.table, 0)

        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.show_inactive)
        filters.addWidget(self.count)
        register = QWidget()
        register_layout = QVBoxLayout(register)
        register_layout.addLayout(filters)
        self.history = HistoryPanel(workspace)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.history)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        register_layout.addWidget(self.splitter, 1)
        self._assessors: AssessorsPanel | None = None  # built when its tab is first shown
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Organisations or assessors")
        self.tabs.addTab(register, "Organisations")
        self.tabs.addTab(QWidget(), ASSESSORS_TAB)
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(self._update_count)
        self.show_inactive.toggled.connect(self._toggle_inactive)
        self.add_button.clicked.connect(self.add_organisation)
        self.edit_button.clicked.connect(self.edit_selected)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.setTabOrder(self.add_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.toggle_button)
        self.setTabOrder(self.toggle_button, self.tabs.tabBar())  # the tabs sit above the filter
        self.setTabOrder(self.tabs.tabBar(), self.filter)
        self.setTabOrder(self.filter, self.show_inactive)
        self.setTabOrder(self.show_inactive, self.table)
        self._start_first_read()

    def _start_first_read(self) -> None:
        """The register is first read on a worker (the screen shows at once), then by refresh."""
        self.loaded = False
        self.reader = BackgroundReader(self, self._show_register, self._load_failed)
        self.header.subtitle.setText("Loading the register…")
        workspace = self.workspace
        self.reader.start(lambda: service.list_all(workspace))
        self._update_buttons()

    def ensure_loaded(self, _round_name: str | None = None) -> None:
        """Read the register now if the first read on the worker has not arrived yet."""
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        self.reader.supersede()
        self._show_register(service.list_all(self.workspace))

    def _load_failed(self, message: str) -> None:
        self.header.subtitle.setText(message)

    def _show_register(self, organisations: list[Organisation]) -> None:
        self.loaded = True
        self.model.set_records(organisations)
        active = sum(o.active for o in organisations)
        icbs = len({o.icb for o in organisations if o.icb})
        self.header.subtitle.setText(
            f"{active} active organisations in {icbs} integrated care boards. "
            "Assessors and their conflicts of interest are on the second tab."
        )
        if self._assessors is not None and self._assessors.loaded:
            self._assessors.refresh()
        fit_columns(self.table)
        self._update_count()
        self._update_buttons()

    @property
    def assessors(self) -> AssessorsPanel:
        """The assessors tab, built (without its data) the first time it is wanted."""
        if self._assessors is None:
            self._assessors = AssessorsPanel(self.workspace, self.actor)
            current = self.tabs.currentIndex()
            self.tabs.blockSignals(True)
            placeholder = self.tabs.widget(1)
            self.tabs.removeTab(1)
            placeholder.deleteLater()
            self.tabs.insertTab(1, self._assessors, ASSESSORS_TAB)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
        return self._assessors

    def _tab_changed(self, index: int) -> None:
        if index == 1 and not self.assessors.loaded:
            self.assessors.refresh()
        for button in (self.add_button, self.edit_button, self.toggle_button):
            button.setVisible(index == 0)

    def selected(self) -> Organisation | None:
        index = self.table.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def _icbs(self) -> list[str]:
        return sorted({o.icb for o in self.model.records() if o.icb})

    def _toggle_inactive(self, show: bool) -> None:
        self.proxy.refilter(lambda: setattr(self.proxy, "show_inactive", show))
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()} shown")

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.history.show_for(chosen.name if chosen else None)
        self.edit_button.setEnabled(chosen is not None)
        self.toggle_button.setEnabled(chosen is not None)
        self.toggle_button.setText("Reactivate" if chosen and not chosen.active else "Deactivate")

    def _run(self, title: str, action: Callable[[], object]) -> bool:
        try:
            action()
        except UserFacingError as error:
            dialogs.show_error(self, title, error.message)
            return False
        self.refresh()
        return True

    def add_organisation(self) -> None:
        draft = organisation_dialogs.ask_organisation(self, self._icbs())
        if draft is not None:
            self._run(
                "Organisation not added",
                lambda: service.add_organisation(self.workspace, self.actor(), draft),
            )

    def edit_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        draft = organisation_dialogs.ask_organisation(self, self._icbs(), chosen)
        if draft is not None:
            self._run(
                "Organisation not changed",
                lambda: service.edit_organisation(self.workspace, self.actor(), chosen.id, draft),
            )

    def toggle_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self._run(
            "Organisation not changed",
            lambda: service.set_active(self.workspace, self.actor(), chosen.id, not chosen.active),
        )
