"""Moderation at national scale: opening the screen and computing the round's statistics."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from national_workspace import ROUND, build_national


def timed(work, repeat: int = 5) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    from arf_desktop.app import make_application
    from arf_desktop.moderation.review import load_round
    from arf_desktop.moderation.stats import round_statistics
    from arf_desktop.storage.workspace import Workspace
    from arf_desktop.ui.moderation.screen import ModerationScreen

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        path = build_national(Path(folder) / "national.arfdb")
        print(f"built national workspace in {time.perf_counter() - started:.1f} s")
        app = make_application()
        with Workspace.open(path) as workspace:
            review = load_round(workspace, ROUND)
            scores = sum(len(line.given) for e in review.entries for line in e.review.lines)
            print(f"{len(review.entries)} submissions, {scores} submitted scores")
            load = timed(lambda: load_round(workspace, ROUND))
            stats = timed(lambda: round_statistics(review))
            screen = ModerationScreen(workspace, lambda: "Benchmark")
            screen.resize(1400, 850)
            screen.show()

            def open_screen() -> None:
                screen.reload()
                app.processEvents()

            opened = timed(open_screen)

            def move() -> None:
                row = (screen.queue.currentIndex().row() + 1) % screen.queue_model.rowCount()
                screen.queue.selectRow(row)
                app.processEvents()

            moves = timed(move, repeat=50)
            screen.close()
    print(f"load round (queries + review):     median {statistics.median(load) * 1000:.0f} ms")
    print(
        f"statistics for the round:          median {statistics.median(stats) * 1000:.0f} ms "
        "(target < 1000 ms)"
    )
    print(
        f"open/refresh the moderation screen: median {statistics.median(opened) * 1000:.0f} ms "
        "(target < 200 ms)"
    )
    p95 = sorted(moves)[int(0.95 * len(moves))]
    print(f"move to the next submission:       p95 {p95 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
