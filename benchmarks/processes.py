"""Whole-process timing for the benchmarks: each case is a fresh Python, interleaved rounds."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
# Compiled modules kept between runs, as an installed copy has them (pip and the frozen
# build both ship bytecode); outside the checkout, so the sources stay clean.
BYTECODE = Path(tempfile.gettempdir()) / "arf-benchmark-bytecode"


def environment() -> dict[str, str]:
    """The benchmark's environment: offscreen Qt, this checkout's sources importable, and
    their bytecode cached between runs (every case then starts as an installed program does)."""
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p] or [str(SRC)]
    found = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(paths),
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        PYTHONPYCACHEPREFIX=str(BYTECODE),
    )
    found.pop("PYTHONDONTWRITEBYTECODE", None)
    return found


def run(args: list[str], cwd: Path | None = None) -> tuple[float, str]:
    """Start `python ARGS`, wait for it; (wall seconds from start to exit, stdout)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=environment(), cwd=cwd
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{args[:3]} failed: {done.stderr[-1500:]}")
    return elapsed, done.stdout


def interleaved(
    cases: dict[str, list[str]],
    rounds: int,
    prepare: dict[str, Callable[[], None]] | None = None,
) -> dict[str, list[float]]:
    """Run every case once per round, in turn, so all see the same machine state.

    `prepare[name]` (untimed) runs before each run of that case, e.g. a fresh workspace copy.
    """
    prepare = prepare or {}
    times: dict[str, list[float]] = {name: [] for name in cases}
    for warm in (True, *([False] * rounds)):  # one untimed round warms the file cache
        for name, args in cases.items():
            if name in prepare:
                prepare[name]()
            elapsed = run(args)[0]
            if not warm:
                times[name].append(elapsed)
    return times


def ratio_line(label: str, ours: list[float], base: list[float], target: float) -> str:
    """Median ratio (and best-against-best) with the verdict against the target."""
    median = statistics.median(ours) / statistics.median(base)
    best = min(ours) / min(base)
    verdict = "met" if median <= target else "MISSED"
    return f"{label}: {median:.2f}x median, {best:.2f}x best (target <= {target}x) {verdict}"


def describe(name: str, times: list[float]) -> str:
    shown = [round(t * 1000) for t in times]
    return f"{name:<40} median {statistics.median(times) * 1000:6.0f} ms of {shown}"
