"""Demo scoring: four assessors, one declared conflict, two per submission, work in progress."""

from __future__ import annotations

import random
from pathlib import Path

from arf_desktop.domain.scoring import ALLOCATED
from arf_desktop.registers.assessors import AssessorDraft, add_assessor, list_all
from arf_desktop.registers.interests import ConflictDraft, add_conflict
from arf_desktop.registers.rounds import list_rounds
from arf_desktop.scoring.allocation import allocate, list_allocations
from arf_desktop.scoring.scores import apply_change, submit
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.workspace import Workspace

DEMO_ASSESSORS = (
    ("Amara Okafor", "Manchester University NHS Foundation Trust", "amara.okafor@example.nhs.uk"),
    ("Łukasz Nowak", "Mersey Care NHS Foundation Trust", "lukasz.nowak@example.nhs.uk"),
    ("Siân Ó Briain", "NHS England — North West region", "sian.obriain@example.nhs.uk"),
    (
        "Zoë Nguyễn",
        "Lancashire and South Cumbria NHS Foundation Trust",
        "zoe.nguyen@example.nhs.uk",
    ),
)
COMMENTS = {
    0: "No evidence was submitted for this criterion.",
    1: "The document is there but there is no record that the board approved it.",
    2: "Clear, dated evidence that this is in place.",
    3: "Exemplary: measured impact over two years, with lessons shared across the ICB.",
}


def add_demo_scoring(location: Path, actor: str, seed: int = 2025) -> None:
    """Add the demo assessors, a conflict, allocations and part-finished scoring."""
    rng = random.Random(seed)
    with Workspace.open(location) as workspace:
        rounds = list_rounds(workspace)
        if not rounds or list_all(workspace):
            return
        for name, organisation, email in DEMO_ASSESSORS:
            add_assessor(workspace, actor, AssessorDraft(name, organisation, email=email))
        demo_round = rounds[0]
        with workspace.read() as conn:
            organisations = [
                s.organisation for s in submission_repo.round_submissions(conn, demo_round.id)
            ]
        if not organisations:
            return
        add_conflict(
            workspace,
            actor,
            ConflictDraft(
                "Siân Ó Briain",
                organisations[0],
                "Seconded there as interim EDI lead until March 2026",
                kind="Secondment",
            ),
        )
        allocate(workspace, actor, demo_round.name, [a[0] for a in DEMO_ASSESSORS], 2)
        rows = list_allocations(workspace, demo_round.name)
        with workspace.write(actor) as tx:
            framework = framework_repo.get_framework(tx.connection, demo_round.framework_id)
            for index, row in enumerate(rows):
                facts = allocation_repo.get_allocation(tx.connection, row.id)
                assert facts is not None
                criteria = framework.criteria_up_to(facts.level_applied)
                share = rng.choice((0.0, 0.3, 0.6, 0.85, 1.0)) if index else 1.0
                for criterion in criteria[: round(len(criteria) * share)]:
                    score = rng.choices((0, 1, 2, 3), weights=(1, 3, 8, 2))[0]
                    apply_change(tx, facts, framework, criterion.id, "score", score, "demo")
                    if score < 2 or rng.random() < 0.3:
                        comment = COMMENTS[score]
                        apply_change(tx, facts, framework, criterion.id, "comment", comment, "demo")
        first = rows[0]
        if first.status == ALLOCATED:
            submit(workspace, first.assessor, first.id)
