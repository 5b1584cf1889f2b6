"""The window's cold start against a bare PySide6 window, and each screen's first visit.

Both windows are whole processes under the same Qt platform plugin (offscreen unless
QT_QPA_PLATFORM says otherwise), timed from process start to the window first shown. The
main window starts as `arf-desktop-window` does: shown first, the workspace opened after its
first paint; the moment its first screen has filled in is reported beside it. Each other
screen's first visit is timed on a national-scale workspace.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from processes import cpu_line, describe, environment, load_average, ratio_line

TARGET_RATIO = 3.0
TARGET_VISIT_MS = 150

APP_WINDOW = """
import sys, time
from arf_desktop.app import make_application, start_window
from arf_desktop.ui.kit.settings import SettingsRegistry
app = make_application()
window = start_window(sys.argv[1], SettingsRegistry.at(sys.argv[1] + ".ini"), None)
window.show()
app.processEvents()
print(time.time(), time.process_time())
def filled():  # the workspace open and the first screen painted with its rows
    window.repaint()
    print(time.time(), time.process_time())
    app.quit()
from PySide6.QtCore import QTimer
window.opened.connect(filled)
QTimer.singleShot(30000, app.quit)
if window.workspace is None:
    app.exec()  # as the window runs: idle in Qt's event loop while the workspace opens
else:
    filled()
window.close()
window.workspace.close()
"""

BARE_WINDOW = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
print(time.time(), time.process_time())
"""

VISITS = """
import json, sys, time
from arf_desktop.app import build_window, make_application
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.settings import SettingsRegistry
from arf_desktop.ui.main_window import SCREENS
app = make_application()
ws = Workspace.open(sys.argv[1], lock=True)
window = build_window(ws, SettingsRegistry.at(sys.argv[1] + ".ini"), None)
window.show()
app.processEvents()
deadline = time.time() + 10  # a person looks at the first screen before choosing another
while not getattr(window, "warmed", True) and time.time() < deadline:
    app.processEvents()
    time.sleep(0.01)
def settle():  # a person reads a screen before the next: its background reads finish first
    deadline = time.time() + 30
    while time.time() < deadline and any(
        getattr(getattr(s, "reader", None), "loading", False) for s in window.screens.values()
    ):
        app.processEvents()
        time.sleep(0.01)
visits = {}
for row, name in enumerate(SCREENS[1:], start=1):
    settle()
    started, cpu = time.perf_counter(), time.process_time()
    window.show_screen(row)
    app.processEvents()
    visits[name] = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
print(json.dumps(visits))
"""


def cold_start(code: str, *args: str) -> tuple[float, float, float]:
    """Seconds from starting the process to the moment it first printed (its window shown), the
    CPU seconds it had used by then, and the seconds to its last line (the window filled in)."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=environment(),
        check=True,
    ).stdout
    lines = out.strip().splitlines()
    shown, cpu = (float(word) for word in lines[0].split())
    return shown - started, cpu, float(lines[-1].split()[0]) - started


def screen_visits(location: Path, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """Each screen's first visit in milliseconds, (wall, CPU), one per fresh process."""
    found: dict[str, list[tuple[float, float]]] = {}
    for _ in range(rounds):
        done = subprocess.run(
            [sys.executable, "-c", VISITS, str(location)],
            capture_output=True,
            text=True,
            env=environment(),
            check=True,
        )
        for name, (wall, cpu) in json.loads(done.stdout.strip().splitlines()[-1]).items():
            found.setdefault(name, []).append((wall, cpu))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--national", type=Path, help="reuse (or keep) the national workspace")
    args = parser.parse_args()
    from arf_desktop.demo.workspace import build_demo
    from national_workspace import build_national

    with tempfile.TemporaryDirectory() as folder:
        demo = build_demo(Path(folder) / "demo.arfdb")
        cold_start(APP_WINDOW, str(demo))  # warm the file cache once, as a laptop would have
        before = load_average()
        app, bare, app_cpu, bare_cpu, filled = [], [], [], [], []
        for _ in range(args.rounds):  # interleaved: both see the same machine state
            for times, cpus, code in ((app, app_cpu, APP_WINDOW), (bare, bare_cpu, BARE_WINDOW)):
                wall, cpu, last = cold_start(code, str(demo))
                times.append(wall)
                cpus.append(cpu)
                if code is APP_WINDOW:
                    filled.append(last)
        national = args.national or Path(folder) / "national.arfdb"
        if not national.exists():
            started = time.perf_counter()
            build_national(national)
            print(f"national workspace built in {time.perf_counter() - started:.0f} s")
        visits = screen_visits(national, 3)
    print(describe("main window first shown (demo workspace)", app))
    print(describe("bare PySide6 window", bare))
    print(describe("main window's first screen filled in", filled))
    print(ratio_line("main window vs bare Qt window", app, bare, TARGET_RATIO))
    print(cpu_line("main window vs bare Qt window", app_cpu, bare_cpu, TARGET_RATIO))
    print("first visit of each screen, national scale (300 × 45 × 3), median of 3:")
    for name, values in visits.items():
        median = statistics.median(wall for wall, _ in values)
        cpu = statistics.median(used for _, used in values)
        verdict = "met" if median < TARGET_VISIT_MS else "MISSED"
        print(
            f"  {name:<28} {median:6.0f} ms, CPU {cpu:4.0f} ms (target < {TARGET_VISIT_MS} ms) "
            f"{verdict}"
        )
    print(f"load average before: {before}; after: {load_average()}")


if __name__ == "__main__":
    main()
