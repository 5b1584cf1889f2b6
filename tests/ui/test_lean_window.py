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
