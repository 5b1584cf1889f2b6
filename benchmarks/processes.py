"""Whole-process timing for the benchmarks: each case is a fresh Python, interleaved rounds."""

from __future__ import annotations

import os
import resource
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


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by finished child processes."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(args: list[str], cwd: Path | None = None) -> tuple[float, str, float]:
    """Start `python ARGS`, wait for it; (wall seconds from start to exit, stdout, CPU seconds).

    On a busy machine the wall time mostly measures the wait for a core; the CPU time the
    process used is the steadier figure to compare.
    """
    started, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=environment(), cwd=cwd
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{args[:3]} failed: {done.stderr[-1500:]}")
    return elapsed, done.stdout, children_cpu() - cpu


def interleaved(
    cases: dict[str, list[str]],
    rounds: int,
    prepare: dict[str, Callable[[], None]] | None = None,
    cpu: dict[str, list[float]] | None = None,
) -> dict[str, list[float]]:
    """Run every case once per round, in turn, so all see the same machine state.

    `prepare[name]` (untimed) runs before each run of that case, e.g. a fresh workspace copy.
    Wall times are returned; `cpu`, when given, receives each run's CPU time by case.
    """
    prepare = prepare or {}
    times: dict[str, list[float]] = {name: [] for name in cases}
    for warm in (True, *([False] * rounds)):  # one untimed round warms the file cache
        for name, args in cases.items():
            if name in prepare:
                prepare[name]()
            elapsed, _, used = run(args)
            if not warm:
                times[name].append(elapsed)
                if cpu is not None:
                    cpu.setdefault(name, []).append(used)
    return times


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, for the record beside the figures."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def ratio_line(label: str, ours: list[float], base: list[float], target: float) -> str:
    """Median ratio (and best-against-best) with the verdict against the target."""
    median = statistics.median(ours) / statistics.median(base)
    best = min(ours) / min(base)
    verdict = "met" if median <= target else "MISSED"
    return f"{label}: {median:.2f}x median, {best:.2f}x best (target <= {target}x) {verdict}"


def describe(name: str, times: list[float]) -> str:
    shown = [round(t * 1000) for t in times]
    return f"{name:<40} median {statistics.median(times) * 1000:6.0f} ms of {shown}"


def cpu_line(label: str, ours: list[float], base: list[float], target: float) -> str:
    """The same ratio over the CPU time each process used (steady on a busy machine)."""
    median = statistics.median(ours) / statistics.median(base)
    verdict = "met" if median <= target else "MISSED"
    return (
        f"{label}, CPU: {median:.2f}x median ({statistics.median(ours) * 1000:.0f} ms against "
        f"{statistics.median(base) * 1000:.0f} ms; target <= {target}x) {verdict}"
    )


def floor_line(label: str, floor: list[float], base: list[float], target: float) -> str:
    """How a process that only adds a library the product must load compares with the base:
    when this floor alone is over the target, no work done on top of it can meet it."""
    median = statistics.median(floor) / statistics.median(base)
    verdict = "within reach" if median <= target else "out of reach: the floor is over it"
    return f"{label}: {median:.2f}x median (target <= {target}x {verdict})"
