"""End to end on disk: packs out to three assessors, scoring offline, returns in, statistics."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from arf_desktop.domain.framework import Framework
from arf_desktop.exchange.merge import MERGED, import_returns
from arf_desktop.exchange.pack_import import import_pack
from arf_desktop.exchange.packs import export_packs
from arf_desktop.moderation.stats import statistics_for
from arf_desktop.registers.assessors import current_assessor
from arf_desktop.scoring.scores import (
    allocation_row,
    my_allocations,
    record_comment,
    record_score,
    stored_scores,
    submit,
)
from arf_desktop.storage import audit
from arf_desktop.storage.backups import copy_database
from arf_desktop.storage.workspace import Workspace
from tests.exchange.conftest import (
    ASSESSORS,
    COORDINATOR,
    ROUND,
    build_round,
    new_workspace,
    score_all,
    write_return,
)


def value(assessor: str, organisation: str, criterion: str) -> int:
    """Scores that disagree now and then, the same wherever they are entered."""
    digest = hashlib.sha256(f"{assessor}|{organisation}|{criterion}".encode()).digest()
    return (1, 2, 2, 3, 2, 1, 3, 2)[digest[0] % 8]


def test_three_laptops_give_the_statistics_of_one_workspace(
    workspace_path: Path, framework: Framework, tmp_path: Path
) -> None:
    started = time.perf_counter()
    with Workspace.open(workspace_path) as coordinator_ws:
        coordinator = build_round(coordinator_ws, framework, per_submission=3)
    reference = copy_database(workspace_path, tmp_path / "reference.arfdb")

    with Workspace.open(workspace_path) as coordinator_ws:
        packs = export_packs(coordinator_ws, COORDINATOR, ROUND, tmp_path / "outbox")
    assert sorted(p.assessor for p in packs.written) == sorted(ASSESSORS)

    returns = []
    for written in packs.written:
        laptop = new_workspace(tmp_path / f"{written.assessor}.arfdb")
        with Workspace.open(laptop) as ws:
            import_pack(ws, "Laptop owner", written.path)
            me = current_assessor(ws)
            assert me is not None and me.name == written.assessor
            assert len(my_allocations(ws, me.id)) == 3
        score_all(laptop, framework, lambda org, cid, who=written.assessor: value(who, org, cid))
        returns.append(write_return(laptop, tmp_path / "inbox" / f"{written.assessor}.arfreturn"))

    with Workspace.open(workspace_path) as coordinator_ws:
        batch = import_returns(coordinator_ws, COORDINATOR, returns)
        assert [r.status for r in batch.reports] == [MERGED] * 3
        assert batch.total("clashes") == 0 and batch.total("older") == 0
        merged = statistics_for(coordinator_ws, ROUND)
        for (organisation, assessor), allocation in coordinator.allocations.items():
            saved = stored_scores(coordinator_ws, allocation)
            assert {c: s.score for c, s in saved.items()} == {
                c: value(assessor, organisation, c) for c in coordinator.criteria(organisation)
            }
        with coordinator_ws.read() as conn:
            assert audit.verify(conn).ok

    with Workspace.open(reference) as single:
        one = build_scores_in_place(single, framework, coordinator.allocations)
        direct = statistics_for(single, ROUND)
    assert one == 3 * 3
    assert merged == direct
    assert merged["items"] > 0 and merged["assessors"] == 3
    print(f"\nend to end: {time.perf_counter() - started:.2f} s, {merged['items']} items")


def build_scores_in_place(ws: Workspace, framework: Framework, allocations: dict) -> int:
    """The same scores entered directly in one workspace (the reference)."""
    done = 0
    for (organisation, assessor), allocation in sorted(allocations.items()):
        level = allocation_row(ws, allocation).level_applied
        for criterion in framework.criteria_up_to(level):
            score = value(assessor, organisation, criterion.id)
            record_score(ws, assessor, allocation, criterion.id, score)
            if score < framework.award_rule.threshold:
                record_comment(ws, assessor, allocation, criterion.id, "Evidence is partial.")
        submit(ws, assessor, allocation)
        done += 1
    return done
