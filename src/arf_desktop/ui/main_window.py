"""The main window: navigation between screens, opening the workspace, saved window state."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from arf_desktop.ui.kit import settings
from arf_desktop.ui.kit.opening import (
    WorkspaceOpening,
    opening_status,
    screen_frame,
    shown_location,
)
from arf_desktop.ui.kit.read_only import banner, lock_editing
from arf_desktop.ui.kit.widgets import fit_to_screen, scrolling
from arf_desktop.ui.kit.workspace_menu import WorkspaceMenu

if TYPE_CHECKING:  # the storage loads while the window is on screen, not before it shows
    from arf_desktop.storage.workspace import Workspace

SCREENS = (
    "Submissions",
    "Scoring",
    "Exchange",
    "Moderation",
    "Calibration",
    "Outcomes & exports",
    "Framework",
    "Organisations & assessors",
    "Audit",
)


def _submissions(window: MainWindow) -> QWidget:
    from arf_desktop.ui.submissions.screen import SubmissionsScreen

    # Before the window's first paint the screen is built empty and filled just after it.
    return SubmissionsScreen(window.workspace, window.actor, load=window.painted)


def _scoring(window: MainWindow) -> QWidget:
    from arf_desktop.ui.scoring.screen import ScoringScreen

    return ScoringScreen(window.workspace, window.actor)


def _exchange(window: MainWindow) -> QWidget:
    from arf_desktop.ui.exchange.screen import ExchangeScreen

    return ExchangeScreen(window.workspace, window.actor)


def _moderation(window: MainWindow) -> QWidget:
    from arf_desktop.ui.moderation.screen import ModerationScreen

    return ModerationScreen(window.workspace, window.actor)


def _calibration(window: MainWindow) -> QWidget:
    from arf_desktop.ui.calibration.screen import CalibrationScreen

    return CalibrationScreen(window.workspace, window.actor)


def _outcomes(window: MainWindow) -> QWidget:
    from arf_desktop.ui.outcomes.screen import OutcomesScreen

    return OutcomesScreen(window.workspace, window.actor)


def _framework(window: MainWindow) -> QWidget:
    from arf_desktop.ui.framework.screen import FrameworkScreen

    screen = FrameworkScreen(window.workspace, window.actor)
    screen.loaded.connect(window._update_status)
    return screen


def _organisations(window: MainWindow) -> QWidget:
    from arf_desktop.ui.organisations.screen import OrganisationsScreen

    return OrganisationsScreen(window.workspace, window.actor)


def _audit(window: MainWindow) -> QWidget:
    from arf_desktop.ui.audit.screen import AuditScreen

    return AuditScreen(window.workspace, window.actor)


# Once the window has painted and is idle, the other screens' modules are imported one per
# turn of the event loop, so that a first visit only builds the screen and loads its data.
WARM_AFTER_MS = 1000
WARM_MODULES = tuple(
    f"arf_desktop.ui.{folder}.screen"
    for folder in (
        "scoring", "exchange", "moderation", "calibration", "outcomes", "framework",
        "organisations", "audit",
    )
)  # fmt: skip

# Each screen is built (and its module imported) the first time it is shown.
BUILDERS: dict[str, Callable[[MainWindow], QWidget]] = {
    "Submissions": _submissions,
    "Scoring": _scoring,
    "Exchange": _exchange,
    "Moderation": _moderation,
    "Calibration": _calibration,
    "Outcomes & exports": _outcomes,
    "Framework": _framework,
    "Organisations & assessors": _organisations,
    "Audit": _audit,
}


class MainWindow(WorkspaceMenu):
    """Holds the screens; owns no data beyond what it was given.

    Given no workspace, the window shows at once with the chosen screen's frame and says it is
    opening the workspace; `open_after_first_paint` opens it off the window's thread and
    `attach` then shows it. A screen chosen meanwhile is the one shown once it is open.
    """

    opened = Signal()  # the workspace is open and the chosen screen is built

    def __init__(
        self,
        workspace: Workspace | None,
        registry: settings.SettingsRegistry,
        actor: Callable[[], str],
        location: str = "",
    ) -> None:
        super().__init__()
        self.workspace: Workspace | None = None  # set by `attach`
        self.registry = registry
        self.actor = actor
        self.painted = False  # screens built before the first paint read their data after it
        self.opening: WorkspaceOpening | None = None
        self.refused = False  # the workspace did not open: the window closes
        self.setWindowTitle(f"ARF Desktop — {shown_location(location)}")
        self.setAccessibleName("ARF Desktop main window")
        fit_to_screen(self, 1280, 800)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Screens")
        self.navigation.setFixedWidth(226)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.addItems(list(SCREENS))
        self.stack = QStackedWidget()
        self.screens: dict[str, QWidget] = {}  # the screens built so far, by name
        for _ in SCREENS:  # an empty page per screen until it is first visited
            self.stack.addWidget(QWidget())

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.outer = outer
        self.read_only_banner: QLabel | None = None
        layout = QHBoxLayout()
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(scrolling(self.stack), 1)  # screens scroll at large scaling
        outer.addLayout(layout, 1)
        self.setCentralWidget(central)
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Workspace status")
        self.statusBar().addPermanentWidget(self.status_label)
        self._build_menu()
        self.setAcceptDrops(True)  # files dropped on any screen are imported (Submissions)

        self.navigation.currentRowChanged.connect(self._show_screen)
        self.status_label.setText(opening_status(location))
        self._restore_state()
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(60 * 60 * 1000)
        self.backup_timer.timeout.connect(self.scheduled_backup)
        self._to_warm: list[str] | None = None  # set at the first paint
        self.warmed = False
        if workspace is not None:
            self.attach(workspace, actor)

    # -- opening -----------------------------------------------------------
    def open_after_first_paint(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run `work` (opening the workspace) on a worker thread once the window has painted;
        `done` gets what it returned, or the refusal it raised, on the window's thread."""
        self.opening = WorkspaceOpening(self, work, done)
        if self.painted:
            self.opening.start()

    def attach(self, workspace: Workspace, actor: Callable[[], str]) -> None:
        """Show the open workspace: title, status, and the chosen screen with its data."""
        self.workspace, self.actor = workspace, actor
        read_only = " (read-only)" if workspace.read_only else ""
        self.setWindowTitle(f"ARF Desktop — {workspace.display_name}{read_only}")
        if workspace.read_only:
            self.read_only_banner = banner(workspace.read_only)
            self.outer.insertWidget(0, self.read_only_banner)
            self.read_only_banner.show()  # at once, also in a window already on screen
        for action in self.workspace_actions:
            action.setEnabled(True)
        self._update_status()
        self._show_screen(self.navigation.currentRow())
        self.backup_timer.start()
        if self.painted:
            QTimer.singleShot(WARM_AFTER_MS, self._warm_next)
        self.opened.emit()

    def refuse(self, reason: str) -> None:
        """The workspace did not open (the user was told why): the window closes."""
        self.refused = True
        self.status_label.setText(reason)
        self.close()

    # -- building ----------------------------------------------------------
    def _build_menu(self) -> None:
        self.build_file_menu()
        go_menu = self.menuBar().addMenu("&Go")
        for number, name in enumerate(SCREENS, start=1):
            action = QAction(name, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, row=number - 1: self.show_screen(row))
            go_menu.addAction(action)

    def screen_named(self, name: str) -> QWidget:
        """The named screen, built now if it was not visited before, with its data read."""
        built = self._screen(name)
        self._finish_loading(built)
        return built

    def _finish_loading(self, screen: QWidget) -> None:
        """Read the data of a screen built before the first paint, in the remembered round."""
        ensure_loaded = getattr(screen, "ensure_loaded", None)
        if callable(ensure_loaded):
            ensure_loaded(self.registry.get(settings.LAST_ROUND) or None)

    def _place(self, row: int, page: QWidget) -> None:
        """Put `page` in the stack in place of the one at `row`, keeping the page shown."""
        placeholder = self.stack.widget(row)
        current = self.stack.currentIndex()
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.stack.insertWidget(row, page)
        self.stack.setCurrentIndex(current)

    def _screen(self, name: str) -> QWidget:
        built = self.screens.get(name)
        if built is None:
            built = BUILDERS[name](self)
            built.setAccessibleName(f"{name} screen")
            self._place(SCREENS.index(name), built)
            self.screens[name] = built
            if self.workspace.read_only is not None:
                lock_editing(built)
            box = self._round_box(built)
            if box is not None:
                box.currentIndexChanged.connect(
                    lambda _i, chooser=box: self._remember_round(chooser)
                )
            for setting, splitter in self._remembered_splitters(name, built):
                stored = self.registry.get(setting)
                if not stored.isEmpty():
                    splitter.restoreState(stored)
        return built

    @staticmethod
    def _round_box(screen: QWidget) -> QComboBox | None:
        """The screen's round chooser, where it has one."""
        for attribute in ("round", "round_choice"):
            box = getattr(screen, attribute, None)
            if isinstance(box, QComboBox):
                return box
        return None

    @property
    def submissions(self) -> Any:
        return self.screen_named("Submissions")

    @property
    def scoring(self) -> Any:
        return self.screen_named("Scoring")

    @property
    def exchange(self) -> Any:
        return self.screen_named("Exchange")

    @property
    def moderation(self) -> Any:
        return self.screen_named("Moderation")

    @property
    def outcomes(self) -> Any:
        return self.screen_named("Outcomes & exports")

    @property
    def framework(self) -> Any:
        return self.screen_named("Framework")

    @property
    def organisations(self) -> Any:
        return self.screen_named("Organisations & assessors")

    @property
    def calibration(self) -> Any:
        return self.screen_named("Calibration")

    @property
    def audit(self) -> Any:
        return self.screen_named("Audit")

    def _update_status(self) -> None:
        from arf_desktop.registers.frameworks import current_framework

        assert self.workspace is not None
        current = current_framework(self.workspace)  # the version the Framework screen shows
        framework = current[1] if current is not None else None
        parts = [f"Workspace: {self.workspace.display_name}", f"You: {self.actor()}"]
        if framework is not None:
            parts.append(f"Framework: {framework.label}")
        self.status_label.setText("   ·   ".join(parts))

    # -- navigation --------------------------------------------------------
    def show_screen(self, row: int) -> None:
        self.navigation.setCurrentRow(row)

    def _show_screen(self, row: int) -> None:
        if row < 0:
            return
        if self.workspace is None:  # still opening: the screen's frame now, the screen once open
            if self.stack.widget(row).objectName() != "opening-frame":
                self._place(row, screen_frame(SCREENS[row]))
            self.stack.setCurrentIndex(row)
            return
        built_now = SCREENS[row] not in self.screens  # a new screen has just loaded its data
        screen = self._screen(SCREENS[row])  # a screen may fill in its rows a moment later
        box = self._round_box(screen)
        last = self.registry.get(settings.LAST_ROUND)
        if box is not None and last and box.findText(last) >= 0:
            # chosen before the screen is shown: one built now reads the round chosen; one
            # built before is told quietly, as it is refreshed below (so it reads it once)
            box.blockSignals(not built_now)
            box.setCurrentIndex(box.findText(last))
            box.blockSignals(False)
        self.stack.setCurrentIndex(row)
        refresh = getattr(screen, "refresh", None)
        if callable(refresh) and not built_now:
            refresh()
        if box is not None and last and box.currentText() != last and box.findText(last) >= 0:
            box.setCurrentIndex(box.findText(last))

    def _remember_round(self, box: QComboBox) -> None:
        """The round last chosen on any screen is where every round chooser opens."""
        name = box.currentText()
        if name and name != settings.ALL_ROUNDS:
            self.registry.set(settings.LAST_ROUND, name)

    def current_screen_name(self) -> str:
        return SCREENS[self.stack.currentIndex()]

    # -- state -------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.registry.get(settings.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.registry.get(settings.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        name = self.registry.get(settings.CURRENT_SCREEN)
        self.show_screen(SCREENS.index(name) if name in SCREENS else 0)

    def save_state(self) -> None:
        self.registry.set(settings.WINDOW_GEOMETRY, self.saveGeometry())
        self.registry.set(settings.WINDOW_STATE, self.saveState())
        for name, screen in self.screens.items():  # a screen never built keeps its saved state
            for setting, splitter in self._remembered_splitters(name, screen):
                self.registry.set(setting, splitter.saveState())
        self.registry.set(settings.CURRENT_SCREEN, self.current_screen_name())
        self.registry.sync()

    @staticmethod
    def _remembered_splitters(
        name: str, screen: Any
    ) -> list[tuple[settings.Setting[QByteArray], QSplitter]]:
        """The splitters of a screen whose sizes are kept between sessions."""
        if name == "Moderation":
            return [
                (settings.SPLITTER_MODERATION_QUEUE, screen.queue_splitter),
                (settings.SPLITTER_MODERATION_DETAIL, screen.detail_splitter),
            ]
        if name == "Framework":
            return [(settings.SPLITTER_FRAMEWORK, screen.splitter)]
        return []

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._to_warm is None:
            self.painted = True
            self._to_warm = list(WARM_MODULES)
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """The window is on screen: now open the workspace, or read the shown screen's data."""
        if self.workspace is None:
            if self.opening is not None:
                self.opening.start()
            return
        self._finish_loading(self.stack.currentWidget())
        QTimer.singleShot(WARM_AFTER_MS, self._warm_next)

    def _warm_next(self) -> None:
        if not self._to_warm:
            self.warmed = True
            return
        importlib.import_module(self._to_warm.pop(0))
        QTimer.singleShot(0, self._warm_next)

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.workspace is None or self.workspace.read_only is not None:
            return  # nothing is imported before the workspace is open, or into a read-only one
        if self.submissions.accepts(event.mimeData()):
            event.acceptProposedAction()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        if self.workspace is None:
            return
        self.show_screen(SCREENS.index("Submissions"))
        if self.submissions.drop(event.mimeData()):
            event.acceptProposedAction()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workspace is None and self.opening is not None:
            self.hide()  # gone at once, though the worker may still be opening it
            opened_late = self.opening.abandon()  # closed before it opened: let it go again
            if opened_late is not None:
                opened_late.close()
        for screen in self.screens.values():  # a read under way ends before the workspace closes
            reader = getattr(screen, "reader", None)
            if reader is not None:
                reader.supersede()
                reader.wait()
        # Each runner stops between files (workbooks, documents, packs); each file is whole.
        for name in ("Submissions", "Outcomes & exports", "Exchange"):
            screen = self.screens.get(name)
            if screen is not None:
                screen.runner.cancel()  # type: ignore[attr-defined]
                screen.runner.wait()  # type: ignore[attr-defined]
        self.save_state()
        super().closeEvent(event)
