"""The window shows before the workspace opens, and its first screen loads no heavy module."""

from __future__ import annotations

import json
from pathlib import Path

from tests.loaded_modules import HEAVY, heavy_among, loaded_modules

# Started as `arf-desktop-window` starts it; the modules loaded when the window first shows
# are written to argv[2], then the workspace opens and the first screen fills in.
FIRST_SCREEN = """
import json, sys, time
from arf_desktop.app import make_application, start_window
from arf_desktop.ui.kit.settings import SettingsRegistry
app = make_application()
window = start_window(sys.argv[1], SettingsRegistry.at(sys.argv[1] + ".ini"), None)
window.show()
app.processEvents()
with open(sys.argv[2], "w") as shown:
    json.dump(sorted(sys.modules), shown)
assert "Opening the workspace" in window.status_label.text(), window.status_label.text()
deadline = time.time() + 60
while time.time() < deadline and not getattr(window.stack.currentWidget(), "loaded", False):
    app.processEvents()
    time.sleep(0.01)
assert window.current_screen_name() == "Submissions", window.current_screen_name()
assert window.screens["Submissions"].model.rowCount() > 0
assert "Framework:" in window.status_label.text(), window.status_label.text()
window.close()
window.workspace.close()
"""

OTHER_SCREENS = tuple(
    f"arf_desktop.ui.{name}"
    for name in (
        "scoring", "exchange", "moderation", "outcomes", "framework", "organisations", "audit",
    )
)  # fmt: skip

# Loaded on the worker thread after the first paint, never before the window shows.
OPENING = (
    "sqlalchemy",
    "arf_desktop.storage",
    "arf_desktop.registers",
    "arf_desktop.importers",
    "arf_desktop.ui.submissions",
)


def first_screen(demo_file: Path, tmp_path: Path) -> tuple[set[str], set[str]]:
    """(modules loaded when the window first showed, modules loaded by the whole process)."""
    copy = tmp_path / "demo.arfdb"
    copy.write_bytes(demo_file.read_bytes())
    shown = tmp_path / "shown.json"
    modules = loaded_modules(["-c", FIRST_SCREEN, str(copy), str(shown)], tmp_path)
    return set(json.loads(shown.read_text(encoding="utf-8"))), modules


def test_the_window_shows_before_any_storage_or_heavy_module_loads(
    demo_file: Path, tmp_path: Path
) -> None:
    at_show, modules = first_screen(demo_file, tmp_path)
    assert "arf_desktop.ui.main_window" in at_show  # the measurement sees our own modules
    assert heavy_among(at_show, (*HEAVY, *OPENING)) == []
    assert heavy_among(at_show, OTHER_SCREENS) == []
    assert {"sqlalchemy", "arf_desktop.ui.submissions.screen"} <= modules  # loaded after it


def test_first_screen_loads_no_heavy_module(demo_file: Path, tmp_path: Path) -> None:
    _, modules = first_screen(demo_file, tmp_path)
    assert "arf_desktop.ui.submissions.screen" in modules
    assert heavy_among(modules, (*HEAVY, "arf_desktop.importers.batch")) == []
    assert heavy_among(modules, OTHER_SCREENS) == []  # built when first visited
    lazy = ("arf_desktop.ui.submissions.dialogs", "arf_desktop.ui.submissions.detail")
    assert heavy_among(modules, lazy) == []  # loaded with the first dialog or detail view


def test_first_screen_reads_its_rows_after_the_first_paint(
    qtbot, demo_file: Path, tmp_path: Path
) -> None:
    from arf_desktop.app import build_window, make_application
    from arf_desktop.storage.backups import copy_database
    from arf_desktop.storage.workspace import Workspace
    from arf_desktop.ui.kit.settings import SettingsRegistry

    make_application()
    copy_database(demo_file, tmp_path / "demo.arfdb")
    with Workspace.open(tmp_path / "demo.arfdb", lock=True) as workspace:
        window = build_window(workspace, SettingsRegistry.at(str(tmp_path / "w.ini")), "Tester")
        qtbot.addWidget(window)
        screen = window.stack.currentWidget()
        assert window.current_screen_name() == "Submissions"
        assert not screen.loaded and screen.model.rowCount() == 0  # nothing read before paint
        assert "Framework:" in window.status_label.text()  # the status line is there at once
        window.show()
        qtbot.waitUntil(lambda: screen.loaded, timeout=5000)
        assert screen.model.rowCount() > 0
        assert window.submissions is screen
        window.close()
