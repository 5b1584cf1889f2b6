"""Evidence opened from the window is a private copy, removed when the window quits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WINDOW = """
import os
from PySide6.QtCore import QTimer
from arf_desktop.app import keep_open_files_private, make_application
from arf_desktop.ui.kit.evidence_viewer import write_temp_copy

app = make_application()
swept = keep_open_files_private(app)
print(len(swept), flush=True)
path = write_temp_copy(7, "Board minutes.pdf", b"%PDF-1.4 board minutes")
print(path, flush=True)
QTimer.singleShot(0, app.quit)
app.exec()
print("still there" if path.exists() else "removed", flush=True)
os._exit(0)  # no atexit: the window's quit alone must have removed it
"""


def run_window(home: Path) -> list[str]:
    env = {**os.environ, "ARF_DESKTOP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", WINDOW], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")


def test_evidence_copies_are_removed_on_quit_and_stale_ones_swept_at_start(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    stale = home / "open-files" / "999999-deadbeef" / "4"
    stale.mkdir(parents=True)
    (stale / "Staff story.docx").write_bytes(b"left by a crash")
    swept, path, after = run_window(home)[:3]
    assert swept == "1" and not stale.exists()  # swept at start: no process holds its lock
    assert Path(path).name == "Board minutes.pdf"
    assert Path(path).parents[2] == home / "open-files"
    assert after == "removed"
    assert list((home / "open-files").iterdir()) == []
