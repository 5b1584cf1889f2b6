"""Composition root of the window: settings, workspace, services and the main window."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from arf_desktop import __version__, paths
from arf_desktop.domain.errors import UserFacingError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="arf-desktop-window", description="Open ARF Desktop.")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="workspace to open")
    parser.add_argument("--demo", action="store_true", help="open the demo workspace")
    parser.add_argument("--user", metavar="NAME", help="who the audit log records")
    parser.add_argument("--settings", metavar="FILE", help="window settings file (INI)")
    parser.add_argument("--version", action="version", version=f"ARF Desktop {__version__}")
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="a work pack or score returns to import"
    )
    return parser.parse_args(argv)


def has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def resolve_location(
    args: argparse.Namespace, remembered: str = ""
) -> tuple[str, Callable[[], object] | None]:
    """--demo, else --db, else the environment, else the location chosen in the window; and
    what makes that workspace first where it does not exist yet (the demo, or a new workspace
    at the default place), for `open_workspace` to run before opening it."""
    if args.demo:
        demo = paths.demo_workspace()

        def build() -> object:
            from arf_desktop.demo.workspace import build_demo

            return build_demo(demo)

        return str(demo), build
    location = (
        args.db or os.environ.get("ARF_DESKTOP_DB") or remembered or str(paths.default_workspace())
    )
    if args.db or remembered or Path(location).exists():
        return location, None

    def create() -> object:
        from arf_desktop.registers.setup import init_workspace
        from arf_desktop.storage.workspace import system_user

        return init_workspace(location, args.user or system_user())

    return location, create


def open_workspace(location: str, make: Callable[[], object] | None = None):
    """Open the workspace (made first by `make`, when given), locked, with the services its
    first screen reads loaded.

    The window runs this on a worker thread after its first paint: the storage (SQLAlchemy)
    and the services load while the window is already on screen.
    """
    if make is not None:
        make()
    import arf_desktop.registers.frameworks
    import arf_desktop.registers.rounds
    import arf_desktop.registers.submissions  # noqa: F401
    from arf_desktop.storage.workspace import Workspace

    return Workspace.open(location, lock=True)


def explain_refusal(location: str, refusal: UserFacingError, parent: object = None):
    """Say why the workspace did not open; for a damaged one offer its latest good backup.

    Returns the restored workspace, or None when it stays closed.
    """
    from arf_desktop.storage import backups
    from arf_desktop.storage.workspace import DamagedWorkspace, Workspace
    from arf_desktop.ui.kit import dialogs

    if not isinstance(refusal, DamagedWorkspace):
        dialogs.show_error(parent, "ARF Desktop cannot open this workspace", refusal.message)
        return None
    if refusal.backup is not None and dialogs.confirm(
        parent,
        "Workspace damaged",
        f"{refusal.message}\n\nRestore the backup now? The damaged file is kept aside.",
    ):
        backups.restore(refusal.path, refusal.backup.path)
        try:
            return Workspace.open(location, lock=True)
        except UserFacingError as error:
            refusal = error
    dialogs.show_error(parent, "Workspace damaged", refusal.message)
    return None


def open_workspace_interactively(location: str, parent: object = None):
    """Open the workspace; on damage offer the latest good backup; on refusal explain and stop."""
    try:
        return open_workspace(location)
    except UserFacingError as refusal:
        return explain_refusal(location, refusal, parent)


def _follow_system_theme() -> None:
    from PySide6.QtWidgets import QApplication

    from arf_desktop.ui.kit.theme import follow_system_theme

    follow_system_theme(QApplication.instance())


def build_window(workspace, registry, user: str | None):
    """The main window over a workspace already open."""
    from arf_desktop.ui.main_window import MainWindow

    _follow_system_theme()
    default_user = workspace.default_user()
    return MainWindow(workspace, registry, lambda: user or default_user)


def start_window(
    location: str, registry, user: str | None, make: Callable[[], object] | None = None
):
    """The main window, to show at once: the workspace opens (made first by `make`, when
    given) on a worker thread after the first paint and the window fills in, or says why it
    did not open and closes."""
    from PySide6.QtCore import QTimer

    from arf_desktop.ui.main_window import MainWindow

    _follow_system_theme()
    window = MainWindow(None, registry, lambda: user or "", location)

    def opened(result: object) -> None:
        workspace = (
            explain_refusal(location, result, window)
            if isinstance(result, UserFacingError)
            else result
        )
        if workspace is None:
            window.refuse("The workspace did not open.")
            return
        default_user = workspace.default_user()  # type: ignore[attr-defined]
        window.attach(workspace, lambda: user or default_user)

    # after the filled-in screen has painted: a due backup does not hold up the first rows
    window.opened.connect(lambda: QTimer.singleShot(0, window.scheduled_backup))
    window.open_after_first_paint(lambda: open_workspace(location, make), opened)
    return window


USUAL_GC_THRESHOLD = (700, 10, 10)  # Python's own

# Messages Qt's offscreen platform prints for every window; they mean nothing to a user.
QUIET_QT_MESSAGES = ("propagateSizeHints",)


def _qt_message(mode: object, context: object, message: str) -> None:
    if not any(noise in message for noise in QUIET_QT_MESSAGES):
        print(message, file=sys.stderr)


def make_application() -> object:
    # A window keeps Python's usual cycle collection, also when a command opened it (commands
    # run with fewer collections): when Qt objects go away follows from it.
    gc.set_threshold(*USUAL_GC_THRESHOLD)
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ARF Desktop")
    app.setOrganizationName("ARF Desktop")
    app.setApplicationVersion(__version__)
    return app


def keep_open_files_private(app: object) -> list[Path]:
    """Sweep the private folders of processes that crashed, and remove this process's folder
    (evidence copied for the system viewer) when the window quits."""
    from arf_desktop.files import private_folder

    app.aboutToQuit.connect(private_folder.remove_current)  # type: ignore[attr-defined]
    try:
        return private_folder.sweep()
    except OSError:
        return []  # a folder we cannot list now is swept at a later start


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not has_display():
        print(
            "arf-desktop-window: no display was found; run it in a desktop session.",
            file=sys.stderr,
        )
        return 1
    app = make_application()
    keep_open_files_private(app)
    from arf_desktop.ui.kit.settings import LAST_WORKSPACE, SettingsRegistry

    registry = SettingsRegistry.at(args.settings) if args.settings else SettingsRegistry()
    location, make = resolve_location(args, registry.get(LAST_WORKSPACE))
    window = start_window(location, registry, args.user, make)
    if args.files:
        files = [Path(f) for f in args.files]
        window.opened.connect(lambda: open_exchange_files(window, files))
    window.show()
    code = app.exec()  # type: ignore[attr-defined]
    if window.workspace is None:  # refused (the user was told why), or closed while opening
        return 1 if window.refused else code
    window.workspace.close()
    return code


def open_exchange_files(window, files: list[Path]) -> None:
    """Files opened from Explorer or Finder (.arfpack, .arfreturn) go to the Exchange screen."""
    from PySide6.QtCore import QMimeData, QUrl

    from arf_desktop.ui.main_window import SCREENS

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f.absolute())) for f in files])
    window.show_screen(SCREENS.index("Exchange"))
    window.stack.currentWidget().drop(mime)


def smoke_window(location: Path) -> str:
    """Show the main window offscreen on a workspace, visit every screen, close it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not has_display() else "")
    if not os.environ["QT_QPA_PLATFORM"]:
        del os.environ["QT_QPA_PLATFORM"]
    started = time.perf_counter()
    app = make_application()
    from arf_desktop.storage.workspace import Workspace
    from arf_desktop.ui.kit.settings import SettingsRegistry
    from arf_desktop.ui.main_window import SCREENS

    with Workspace.open(location, lock=True) as workspace:
        settings_file = location.with_suffix(".ini")
        window = build_window(workspace, SettingsRegistry.at(str(settings_file)), "Self-test")
        window.show()
        for row in range(len(SCREENS)):
            window.show_screen(row)
            app.processEvents()  # type: ignore[attr-defined]
        shown = window.isVisible()
        window.close()
    if not shown:
        raise RuntimeError("the main window did not show")
    return f"{len(SCREENS)} screens shown in {(time.perf_counter() - started) * 1000:.0f} ms"


def accessibility_check(location: Path | None = None) -> list[str]:
    """Open the window offscreen on a workspace (a new demo one when none is named), walk
    every screen and dialog through Qt's accessibility interface, and list the findings."""
    import tempfile

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    make_application()
    from arf_desktop.storage.workspace import Workspace
    from arf_desktop.ui.accessibility_walk import walk_window
    from arf_desktop.ui.kit.settings import SettingsRegistry

    with tempfile.TemporaryDirectory(prefix="arf-access-") as scratch:
        if location is None:
            from arf_desktop.demo.workspace import build_demo

            location = build_demo(Path(scratch) / "demo.arfdb", submissions=6)
        with Workspace.open(location, lock=True) as workspace:
            registry = SettingsRegistry.at(str(Path(scratch) / "settings.ini"))
            window = build_window(workspace, registry, "Accessibility check")
            window.show()
            try:
                return [str(finding) for finding in walk_window(window)]
            finally:
                window.close()
                window.deleteLater()


if __name__ == "__main__":
    sys.exit(main())
