"""The frozen build: build time, bundle size by part, and self-test cold start against Python."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def size(path: Path) -> int:
    """Bytes on disk, counting each file once (the bundle links libraries into place)."""
    if path.is_symlink():
        return 0
    if not path.is_dir():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def cold(command: list[str]) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
             "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
             str(ROOT / "arf_desktop.spec")],
            check=True,
        )  # fmt: skip
        built = time.perf_counter() - started
        bundle = work / "dist" / "arf-desktop"
        internal = bundle / "_internal"
        parts = sorted(((size(p), p.name) for p in internal.iterdir()), reverse=True)[:8]
        print(f"build: {built:.0f} s; bundle {size(bundle) / 2**20:.0f} MB")
        for bytes_, name in parts:
            print(f"  {bytes_ / 2**20:6.1f} MB  {name}")
        frozen = [cold([str(bundle / "arf-desktop"), "self-test"]) for _ in range(5)]
        python = [cold([sys.executable, "-m", "arf_desktop", "self-test"]) for _ in range(5)]
    f, p = statistics.median(frozen), statistics.median(python)
    print(f"self-test cold start, median of 5: frozen {f:.2f} s, python -m {p:.2f} s "
          f"(ratio {f / p:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
