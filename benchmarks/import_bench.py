"""A 27-workbook batch as whole processes: `arf-desktop import` against openpyxl and calamine.

Each case is a fresh Python process timed from start to exit: the import into a fresh copy of
a workspace (checks, validation, evidence files, one transaction per workbook); openpyxl's
read-only mode reading every sheet's values; python-calamine reading every sheet's values.
It also says which heavy packages the import loaded (openpyxl should not be among them).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from processes import (
    cpu_line,
    describe,
    environment,
    floor_line,
    interleaved,
    load_average,
    ratio_line,
    run,
)

COUNT = 27
TARGET_OPENPYXL = 1.2
TARGET_CALAMINE = 4.0

OPENPYXL_READ = """
import json, sys
import openpyxl
for path in json.loads(open(sys.argv[1], encoding="utf-8").read()):
    workbook = openpyxl.load_workbook(path, read_only=True)
    for sheet in workbook.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass
    workbook.close()
"""

CALAMINE_READ = """
import json, sys
from python_calamine import CalamineWorkbook
for path in json.loads(open(sys.argv[1], encoding="utf-8").read()):
    workbook = CalamineWorkbook.from_path(path)
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python()
"""

# The least any import into a workspace can cost: calamine's read plus loading SQLAlchemy,
# which the product's storage is built on, before a single row is written.
FLOOR_READ = "import sqlalchemy\n" + CALAMINE_READ


def make_workbooks(folder: Path, workspace_path: Path, count: int) -> list[Path]:
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
        paths.append(
            write_sample_submission(
                folder / f"org{index:03d}", framework, organisation, level, rng, organisations,
                long=True,
            )
        )  # fmt: skip
    return paths


def packages_loaded(args: list[str]) -> set[str]:
    """The top-level packages one run of `python ARGS` imports (read from -X importtime)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True, text=True, env=environment(), check=True,
    )  # fmt: skip
    return {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from arf_desktop.storage.backups import copy_database

    with tempfile.TemporaryDirectory(prefix="arf-import-bench-") as tmp:
        root = Path(tmp)
        empty, target = root / "empty.arfdb", root / "run.arfdb"
        started = time.perf_counter()
        paths = make_workbooks(root / "returns", empty, args.count)
        listing = root / "paths.json"
        listing.write_text(json.dumps([str(p) for p in paths]), encoding="utf-8")
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
        print(
            f"{len(paths)} workbooks written in {time.perf_counter() - started:.0f} s "
            f"(average {size:.0f} KB, long evidence summaries, evidence files beside them)"
        )

        def fresh_copy() -> None:
            target.unlink(missing_ok=True)
            copy_database(empty, target)

        ours = ["-m", "arf_desktop", "import", "--db", str(target), "--json", "--round", "R"]
        cases = {
            "arf-desktop import": [*ours, str(root / "returns")],
            "openpyxl read-only, every sheet": ["-c", OPENPYXL_READ, str(listing)],
            "python-calamine, every sheet": ["-c", CALAMINE_READ, str(listing)],
            "python-calamine + import sqlalchemy": ["-c", FLOOR_READ, str(listing)],
        }
        cpu: dict[str, list[float]] = {}
        before = load_average()
        times = interleaved(cases, args.rounds, {"arf-desktop import": fresh_copy}, cpu)
        fresh_copy()
        result = json.loads(run(cases["arf-desktop import"])[1])
        fresh_copy()
        packages = packages_loaded(cases["arf-desktop import"])
    for name, values in times.items():
        print(describe(name, values))
    imported = sum(1 for f in result if f.get("status") == "imported")
    print(f"imported per run: {imported} of {len(result)}")
    heavy = sorted(packages & {"openpyxl", "python_calamine", "sqlalchemy", "defusedxml"})
    print(
        f"the import loads {', '.join(heavy)}; openpyxl: {'yes' if 'openpyxl' in heavy else 'no'}"
    )
    ours_t, openpyxl_t, calamine_t, floor_t = times.values()
    print(ratio_line("import vs openpyxl read-only", ours_t, openpyxl_t, TARGET_OPENPYXL))
    print(ratio_line("import vs python-calamine", ours_t, calamine_t, TARGET_CALAMINE))
    ours_c, openpyxl_c, calamine_c, floor_c = (cpu[name] for name in times)
    print(cpu_line("import vs openpyxl read-only", ours_c, openpyxl_c, TARGET_OPENPYXL))
    print(cpu_line("import vs python-calamine", ours_c, calamine_c, TARGET_CALAMINE))
    floor = "calamine + SQLAlchemy's import vs python-calamine"
    print(floor_line(floor, floor_t, calamine_t, TARGET_CALAMINE))
    print(floor_line(f"{floor}, CPU", floor_c, calamine_c, TARGET_CALAMINE))
    print(f"load average before: {before}; after: {load_average()}")


if __name__ == "__main__":
    main()
