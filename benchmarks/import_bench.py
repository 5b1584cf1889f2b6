"""200 filled submission workbooks imported into a fresh workspace, against openpyxl's own read."""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 1.5
TARGET_ONE_SECONDS = 0.5


def make_workbooks(folder: Path, workspace_path: Path, count: int) -> list[tuple[Path, str]]:
    """A register big enough for `count` organisations, and one filled workbook for each."""
    from arf_desktop.demo.sample_workbooks import write_sample_submission
    from arf_desktop.registers.frameworks import current_framework
    from arf_desktop.registers.setup import init_workspace
    from arf_desktop.storage import organisations as org_repo
    from arf_desktop.storage.workspace import Workspace

    init_workspace(workspace_path, "Benchmark")
    rng = random.Random(7)
    with Workspace.open(workspace_path) as workspace:
        with workspace.read() as conn:
            present = org_repo.list_organisations(conn)
        extra = [
            {"name": f"Benchmark NHS Trust {n:03d}", "icb": present[0].icb, "org_type": "Trust"}
            for n in range(max(count - len(present), 0))
        ]
        with workspace.write("Benchmark") as tx:
            org_repo.insert_many(tx, extra)
        with workspace.read() as conn:
            organisations = org_repo.list_organisations(conn)
        found = current_framework(workspace)
        assert found is not None
        framework = found[1]
    paths = []
    for index, organisation in enumerate(organisations[:count]):
        level = rng.choices(framework.levels, weights=(6, 3, 1))[0]
        path = write_sample_submission(
            folder / f"org{index:03d}",
            framework,
            organisation,
            level,
            rng,
            organisations,
            long=True,
        )
        paths.append((path, level.id))
    return paths


def openpyxl_read(paths: list[Path]) -> float:
    """The baseline: openpyxl's own read-only load of every sheet's values."""
    import openpyxl

    started = time.perf_counter()
    for path in paths:
        workbook = openpyxl.load_workbook(path, read_only=True)
        for sheet in workbook.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        workbook.close()
    return time.perf_counter() - started


def import_all(template_db: Path, folder: Path, scratch: Path) -> tuple[float, int]:
    """The whole import (checks, validation, evidence, one transaction per workbook)."""
    from arf_desktop.importers.batch import import_paths
    from arf_desktop.storage.backups import copy_database
    from arf_desktop.storage.workspace import Workspace

    target = scratch / f"run-{time.monotonic_ns()}.arfdb"
    copy_database(template_db, target)
    with Workspace.open(target) as workspace:
        started = time.perf_counter()
        result = import_paths(workspace, "Benchmark", [folder], "Benchmark round")
        elapsed = time.perf_counter() - started
    assert result.ok, [p.line() for f in result.files for p in f.problems][:5]
    return elapsed, result.count("imported")


def one_workbook(template_db: Path, path: Path, scratch: Path) -> float:
    from arf_desktop.importers.batch import import_paths
    from arf_desktop.storage.backups import copy_database
    from arf_desktop.storage.workspace import Workspace

    target = scratch / f"one-{time.monotonic_ns()}.arfdb"
    copy_database(template_db, target)
    with Workspace.open(target) as workspace:
        started = time.perf_counter()
        result = import_paths(workspace, "Benchmark", [path], "Benchmark round")
        elapsed = time.perf_counter() - started
    assert result.count("imported") == 1
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs; best is kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="arf-import-bench-") as tmp:
        root = Path(tmp)
        database = root / "empty.arfdb"
        started = time.perf_counter()
        made = make_workbooks(root / "returns", database, args.count)
        paths = [path for path, _ in made]
        size = sum(p.stat().st_size for p in paths) / len(paths)
        print(
            f"{len(paths)} workbooks written in {time.perf_counter() - started:.1f} s "
            f"(average {size / 1024:.0f} KB, long evidence summaries, evidence files beside them)"
        )
        openpyxl_read(paths[:5])  # warm imports and the file cache
        baselines, runs = [], []
        for _ in range(args.repeat):  # interleaved, best of each: fair on a busy machine
            baselines.append(openpyxl_read(paths))
            elapsed, imported = import_all(database, root / "returns", root)
            runs.append(elapsed)
        baseline, ours = min(baselines), min(runs)
        bronze = next((path for path, level in made if level == "bronze"), paths[0])
        singles = [one_workbook(database, bronze, root) for _ in range(5)]
    ratio = ours / baseline
    one = statistics.median(singles)
    each = 1000 / len(paths)
    print(f"openpyxl read-only load, same files: {baseline:.2f} s ({baseline * each:.1f} ms each)")
    print(f"ARF Desktop import of {imported} workbooks: {ours:.2f} s ({ours * each:.1f} ms each)")
    verdict = "ok" if ratio <= TARGET_RATIO else "OVER"
    print(f"ratio: {ratio:.2f}x (target <= {TARGET_RATIO}x) {verdict}; best of {args.repeat}")
    print(
        f"one typical workbook, fresh workspace: median {one * 1000:.0f} ms of "
        f"{[round(s * 1000) for s in singles]} (target < {TARGET_ONE_SECONDS * 1000:.0f} ms) "
        f"{'ok' if one < TARGET_ONE_SECONDS else 'OVER'}"
    )


if __name__ == "__main__":
    main()
