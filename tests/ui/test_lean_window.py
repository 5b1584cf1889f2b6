"""The window shows its first screen without loading the other screens or any heavy module."""

from __future__ import annotations

from pathlib import Path

from tests.loaded_modules import HEAVY, heavy_among, loaded_modules

FIRST_SCREEN = """
import sys
from arf_desktop.app import build_window, make_application
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.settings import SettingsRegistry
app = make_application()
workspace = Workspace.open(sys.argv[1], lock=True)
window = build_window(workspace, SettingsRegistry.at(sys.argv[1] + ".ini"), None)
window.show()
app.processEvents()
assert window.current_screen_name() == "Submissions", window.current_screen_name()
assert "Framework:" in window.status_label.text(), window.status_label.text()
window.close()
workspace.close()
"""

OTHER_SCREENS = tuple(
    f"arf_desktop.ui.{name}"
    for name in (
        "scoring", "exchange", "moderation", "outcomes", "framework", "organisations", "audit",
    )
)  # fmt: skip


def test_first_screen_loads_no_heavy_module(demo_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.arfdb"
    copy.write_bytes(demo_file.read_bytes())
    modules = loaded_modules(["-c", FIRST_SCREEN, str(copy)], tmp_path)
    assert "arf_desktop.ui.submissions.screen" in modules
    assert heavy_among(modules, (*HEAVY, "arf_desktop.importers.batch")) == []
    assert heavy_among(modules, OTHER_SCREENS) == []  # built when first visited


def test_first_screen_loads_no_dialog_module(demo_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.arfdb"
    copy.write_bytes(demo_file.read_bytes())
    modules = loaded_modules(["-c", FIRST_SCREEN, str(copy)], tmp_path)
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
