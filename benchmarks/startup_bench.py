"""Cold start of the main window on the demo workspace, against a bare Qt window (median of 5)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

APP_WINDOW = """
import sys, time
from pathlib import Path
from arf_desktop.app import build_window, make_application
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.settings import SettingsRegistry
app = make_application()
ws = Workspace.open(Path(sys.argv[1]), lock=True)
window = build_window(ws, SettingsRegistry.at(sys.argv[1] + ".ini"), None)
window.show()
app.processEvents()
print(time.time())
"""

BARE_WINDOW = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
print(time.time())
"""


def cold_start(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    ).stdout
    return float(out.strip().splitlines()[-1]) - started


def main() -> None:
    from arf_desktop.demo.workspace import build_demo

    with tempfile.TemporaryDirectory() as folder:
        demo = build_demo(Path(folder) / "demo.arfdb")
        cold_start(APP_WINDOW, str(demo))  # warm the file cache once, as a laptop would have
        app = [cold_start(APP_WINDOW, str(demo)) for _ in range(5)]
        bare = [cold_start(BARE_WINDOW) for _ in range(5)]
    app_median, bare_median = statistics.median(app), statistics.median(bare)
    print(
        f"main window shown (demo workspace): median {app_median * 1000:.0f} ms "
        f"of {[round(t * 1000) for t in app]}"
    )
    print(
        f"bare Qt window:                     median {bare_median * 1000:.0f} ms "
        f"of {[round(t * 1000) for t in bare]}"
    )
    print(f"ratio: {app_median / bare_median:.2f}x; target: usable within 2000 ms")


if __name__ == "__main__":
    main()
