"""Every outside file read or refused in under 10 s and 500 MB: the hostile corpus, measured.

Builds the corpus of `benchmarks/hostile_files.py` and a few genuine files (the demo's
scoring sheet, work pack, score return, template and framework), then runs each file's real
command as a whole process (`python -m arf_desktop …` on a copy of the demo workspace),
measuring its wall time, CPU time and peak memory (the child's rusage from wait4). Prints a
table and exits 1 if any file cost 10 s or more or 500 MB or more, or was read when it should
have been refused (or refused when it should have been read). Seconds are CPU seconds unless
`--wall` is given: on a machine shared with other work, wall time measures the neighbours.

    python benchmarks/resource_guards.py [--keep DIR] [--only WORD] [--wall] [--verbose]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from benchmarks import hostile_files as h  # noqa: E402
from benchmarks.processes import environment  # noqa: E402

LIMIT_SECONDS = 10.0
LIMIT_MB = 500.0
KILL_AFTER_SECONDS = 120.0
ADDRESS_SPACE_CAP = 4 * 1024**3  # a runaway read fails here instead of taking the machine
ROUND = "2025/26 recognition round"
PACK_PASSPHRASE = "resource guard benchmark"  # work packs are encrypted: scripted as scripts do
ASSESSOR = "Amara Okafor"
GUARD_WORDS = ("not safe to open", "not safe to read", "too large", "more than an exchange file")


@dataclass(frozen=True)
class Measured:
    kind: str
    size: int
    peak_mb: float
    seconds: float
    cpu: float
    outcome: str
    expect: str
    message: str

    def ok(self, wall: bool = False) -> bool:
        fast = (self.seconds if wall else self.cpu) < LIMIT_SECONDS and self.peak_mb < LIMIT_MB
        return fast and self.outcome == self.expect


def guarded_environment() -> dict[str, str]:
    """The benchmark's environment, with the work packs' passphrase given as scripts give it."""
    return dict(environment(), ARF_PASSPHRASE=PACK_PASSPHRASE)


def cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "arf_desktop", "--db", str(db), *args]


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def measure(argv: list[str], cwd: Path) -> tuple[float, float, float, int, str]:
    """Run `argv`; (wall s, CPU s, peak MB, exit status, output), killed after two minutes."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=guarded_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_cap_memory,
    )
    timer = _Killer(process.pid)
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    if timer.fired:
        output = f"killed after {KILL_AFTER_SECONDS:.0f} s. {output}"
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, process.returncode, output


class _Killer:
    """Kill a process that runs longer than KILL_AFTER_SECONDS."""

    def __init__(self, pid: int) -> None:
        import threading

        self.fired = False
        self._pid = pid
        self._timer = threading.Timer(KILL_AFTER_SECONDS, self._kill)
        self._timer.start()

    def _kill(self) -> None:
        self.fired = True
        os.kill(self._pid, signal.SIGKILL)

    def cancel(self) -> None:
        self._timer.cancel()


def outcome_of(status: int, output: str) -> str:
    if any(word in output for word in GUARD_WORDS):
        return "refused"
    if "killed after" in output or "Traceback" in output or "MemoryError" in output:
        return "crashed"
    return "read"


@dataclass(frozen=True)
class Workspaces:
    demo: Path
    empty: Path
    folder: Path

    def copy(self, source: Path, name: str) -> Path:
        target = self.folder / name
        shutil.copyfile(source, target)
        return target


def prepare(folder: Path) -> tuple[Workspaces, list[h.Case]]:
    """The demo and an empty workspace, and the genuine files made from the demo."""
    demo, empty = folder / "demo.arfdb", folder / "empty.arfdb"
    assessor = folder / "assessor.arfdb"
    steps = [
        cli(demo, "demo"),
        cli(empty, "init"),
        cli(assessor, "init"),
        cli(demo, "scoresheet", "export", "--round", ROUND, "--assessor", ASSESSOR, "--out",
            "sheet.xlsx"),
        cli(demo, "pack", "export", "--round", ROUND, "--assessor", ASSESSOR, "--out",
            "demo.arfpack"),
        cli(demo, "template", "--out", "template.xlsx"),
        cli(assessor, "pack", "import", "demo.arfpack"),
        cli(assessor, "return", "export", "--round", ROUND, "--out", "demo.arfreturn"),
    ]  # fmt: skip
    for argv in steps:
        subprocess.run(argv, cwd=folder, env=guarded_environment(), check=True, capture_output=True)
    framework = Path(h.__file__).resolve().parents[1] / "resources" / "frameworks"

    def existing(path: Path) -> Callable[[Path], Path]:
        return lambda _folder: path

    genuine = [
        h.Case("demo scoring sheet", existing(folder / "sheet.xlsx"), h.SHEET, "read"),
        h.Case("demo work pack", existing(folder / "demo.arfpack"), h.PACK, "read"),
        h.Case("demo score return", existing(folder / "demo.arfreturn"), h.RETURN, "read"),
        h.Case("blank submission template", existing(folder / "template.xlsx"), h.IMPORT, "read"),
        h.Case(
            "bundled framework",
            existing(framework / "arf-draft-2024.json"),
            h.FRAMEWORK,
            "read",
        ),
    ]
    return Workspaces(demo, empty, folder), genuine


def run_case(case: h.Case, spaces: Workspaces, corpus: Path, index: int) -> Measured:
    path = case.build(corpus)
    source = spaces.empty if case.command == h.PACK else spaces.demo
    db = spaces.copy(source, f"case{index}.arfdb")
    seconds, cpu, peak, status, output = measure(cli(db, *case.command, str(path)), spaces.folder)
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    telling = [line for line in lines if any(word in line for word in GUARD_WORDS)]
    message = (telling or lines or [f"exit {status}"])[0]
    outcome = outcome_of(status, output)
    size = path.stat().st_size
    return Measured(case.kind, size, peak, seconds, cpu, outcome, case.expect, message)


def table(results: list[Measured], wall: bool = False) -> str:
    head = f"{'file kind':50} {'size':>9} {'peak MB':>8} {'CPU s':>6} {'wall s':>7}  outcome"
    lines = [head, "-" * len(head)]
    for r in results:
        mb = r.size / 1024 / 1024
        size = f"{mb:.1f} MB" if mb >= 1 else f"{r.size / 1024:.0f} KB"
        mark = "" if r.ok(wall) else f"  << FAIL (expected {r.expect})"
        lines.append(
            f"{r.kind:50} {size:>9} {r.peak_mb:8.0f} {r.cpu:6.1f} {r.seconds:7.1f}  "
            f"{r.outcome}{mark}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the corpus in DIR and keep it")
    parser.add_argument("--only", default="", help="only the kinds whose name contains WORD")
    parser.add_argument("--verbose", action="store_true", help="print what each command said")
    parser.add_argument("--wall", action="store_true", help="judge wall time, not CPU time")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="arf-guards-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus"
    corpus.mkdir(exist_ok=True)
    results: list[Measured] = []
    try:
        spaces, genuine = prepare(folder)
        cases = [c for c in [*h.CORPUS.values(), *genuine] if args.only.lower() in c.kind.lower()]
        for index, case in enumerate(cases):
            results.append(run_case(case, spaces, corpus, index))
            if args.verbose:
                print(f"{case.kind}: {results[-1].message[:300]}", flush=True)
        print(table(results, args.wall))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    failed = [r for r in results if not r.ok(args.wall)]
    clock = "wall" if args.wall else "CPU"
    print(
        f"\n{len(results) - len(failed)} of {len(results)} within {LIMIT_SECONDS:.0f} {clock} "
        f"seconds and {LIMIT_MB:.0f} MB, with the expected outcome"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
