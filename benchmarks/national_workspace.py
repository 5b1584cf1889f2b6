"""A national-scale workspace for benchmarks: 300 organisations × 45 criteria × 3 assessors."""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from arf_desktop.domain.clock import utc_now
from arf_desktop.registers.frameworks import current_framework
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import Workspace

ROUND = "National round"
SUMMARY = (
    "The board approved the statement in March and it is on the website. The network was "
    "consulted on the wording and the executive sponsor presented it at the staff briefing. "
)


def build_national(
    path: Path,
    organisations: int = 300,
    assessors: int = 30,
    per_submission: int = 3,
    seed: int = 1,
) -> Path:
    """Create the workspace with Core bulk inserts; every allocation submitted and scored."""
    rng = random.Random(seed)
    init_workspace(path, "Benchmark")
    now = utc_now()
    with Workspace.open(path) as workspace:
        _, framework = current_framework(workspace) or (None, None)
        assert framework is not None
        round_id = create_round(
            workspace, "Benchmark", RoundDraft(ROUND, assessors_per_submission=3)
        ).id
        criteria = [c.id for c in framework.criteria]
        with workspace.write("Benchmark") as tx:
            first_org = 1000
            tx.execute(
                tables.organisations.insert(),
                [
                    {
                        "id": first_org + i,
                        "name": f"Benchmark Trust {i:03d}",
                        "icb": f"ICB {i % 7}",
                        "org_type": "Trust",
                        "active": True,
                        "created_at": now,
                    }
                    for i in range(organisations)
                ],
            )
            tx.execute(
                tables.assessors.insert(),
                [
                    {"id": 1 + a, "name": f"Assessor {a:02d}", "active": True, "created_at": now}
                    for a in range(assessors)
                ],
            )
            tx.execute(
                tables.submissions.insert(),
                [
                    {
                        "id": 1 + i,
                        "round_id": round_id,
                        "organisation_id": first_org + i,
                        "created_at": now,
                    }
                    for i in range(organisations)
                ],
            )
            tx.execute(
                tables.submission_versions.insert(),
                [
                    {
                        "id": 1 + i,
                        "submission_id": 1 + i,
                        "version_no": 1,
                        "level_applied": "gold",
                        "cover": json.dumps({"Organisation": f"Benchmark Trust {i:03d}"}),
                        "source_name": f"trust-{i}.xlsx",
                        "source_sha256": f"{i:064d}",
                        "content_sha256": f"{i:064d}",
                        "template_version": "1",
                        "warnings": "[]",
                        "imported_at": now,
                        "imported_by": "Benchmark",
                    }
                    for i in range(organisations)
                ],
            )
            tx.execute(
                tables.evidence_rows.insert(),
                [
                    {
                        "version_id": 1 + i,
                        "criterion_id": c,
                        "self_assessment": "Met",
                        "summary": SUMMARY * rng.randint(1, 4),
                    }
                    for i in range(organisations)
                    for c in criteria
                ],
            )
            allocations, scores = [], []
            for i in range(organisations):
                chosen = rng.sample(range(assessors), per_submission)
                base = {c: rng.choice((1, 2, 2, 2, 3)) for c in criteria}
                for a in chosen:
                    allocation_id = len(allocations) + 1
                    allocations.append(
                        {
                            "id": allocation_id,
                            "submission_id": 1 + i,
                            "assessor_id": 1 + a,
                            "status": "submitted",
                            "allocated_at": now,
                            "submitted_at": now,
                        }
                    )
                    for c in criteria:
                        score = min(3, max(0, base[c] + rng.choice((0, 0, 0, 0, -1, 1))))
                        scores.append(
                            {
                                "allocation_id": allocation_id,
                                "criterion_id": c,
                                "score": score,
                                "comment": "Gap noted." if score < 2 else "",
                                "revision": 1,
                                "updated_at": now,
                                "updated_by": f"Assessor {a:02d}",
                            }
                        )
            tx.execute(tables.allocations.insert(), allocations)
            tx.execute(tables.scores.insert(), scores)
    return path


@dataclass(frozen=True)
class BenchOptions:
    organisations: int
    cpu: bool  # judge the targets on CPU time (time.process_time) rather than wall time


def bench_options(description: str) -> BenchOptions:
    """`--organisations N` (default 300) and `--cpu`, taken by every national-scale benchmark."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--organisations",
        type=int,
        default=300,
        help="organisations in the round (300 is national scale; 600 is twice it)",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="judge the targets on the process's CPU time, not wall time (for a shared, "
        "busy machine: CPU time leaves out the time spent waiting for a core)",
    )
    args = parser.parse_args()
    return BenchOptions(args.organisations, args.cpu)


def organisations_option(description: str) -> int:
    """The `--organisations N` option alone (for benchmarks that judge only wall time)."""
    return bench_options(description).organisations


def load_average() -> str:
    """The machine's 1-, 5- and 15-minute load averages, for the report ("?" where unknown)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def scaled(target_ms: float, organisations: int) -> float:
    """A target at national scale; above it the same target is allowed 1.5× (data grows 2×)."""
    return target_ms * 1.5 if organisations > 300 else target_ms


class Timings:
    """Wall and CPU milliseconds of each repetition of one action."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, action: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        self.cpu.append((time.process_time() - cpu) * 1000)
        self.wall.append((time.perf_counter() - wall) * 1000)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report_table(rows: list[tuple[str, Timings, str, float | None]], cpu: bool = False) -> bool:
    """Print action, n, wall median/p95, CPU median/p95, target and pass/fail; True if all pass.

    Each row is (action, timings, "p95" or "median", target in ms); the target is judged on
    that statistic of the wall times, or of the CPU times with `cpu` (no target: shown for
    information).
    """
    print(f"load average {load_average()}; targets judged on {'CPU' if cpu else 'wall'} time")
    print(
        f"{'action':<28} {'n':>4}  {'wall med':>8} {'wall p95':>8}  {'cpu med':>8} "
        f"{'cpu p95':>8}  {'target':<20} result"
    )
    passed = True
    for name, timings, statistic, target in rows:
        wall, judged_on = timings.wall, timings.cpu if cpu else timings.wall
        judged = percentile(judged_on, 0.95) if statistic == "p95" else statistics.median(judged_on)
        ok = target is None or judged < target
        passed &= ok
        goal = "—" if target is None else f"{'cpu ' if cpu else ''}{statistic} < {target:.0f} ms"
        verdict = "—" if target is None else "pass" if ok else "FAIL"
        print(
            f"{name:<28} {len(wall):>4}  {statistics.median(wall):8.1f} "
            f"{percentile(wall, 0.95):8.1f}  {statistics.median(timings.cpu):8.1f} "
            f"{percentile(timings.cpu, 0.95):8.1f}  {goal:<20} {verdict}"
        )
    print("all targets met" if passed else "TARGET MISSED")
    return passed
