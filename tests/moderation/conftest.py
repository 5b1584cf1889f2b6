"""A round ready for moderation, built through the real services on each kind of database."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from arf_desktop.demo.workspace import synthetic_version
from arf_desktop.domain.framework import Framework
from arf_desktop.registers.assessors import AssessorDraft, add_assessor
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.scoring.allocation import allocate, list_allocations
from arf_desktop.scoring.scores import record_comment, record_score, submit
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.submissions import add_version
from arf_desktop.storage.workspace import Workspace

ROUND = "Moderation round"
PANEL = "Panel chair"
ASSESSORS = ("Amara Okafor", "Łukasz Nowak", "Siân Evans")
SUBMISSIONS = {
    "Bolton NHS Foundation Trust": "bronze",
    "East Cheshire NHS Trust": "bronze",
    "Stockport NHS Foundation Trust": "silver",
}

Scores = dict[str, int]


@dataclass
class ModerationRound:
    workspace: Workspace
    framework: Framework
    allocations: dict[tuple[str, str], int]  # (organisation, assessor) -> allocation id

    def score(
        self, organisation: str, assessor: str, scores: Scores, submit_now: bool = True
    ) -> None:
        allocation = self.allocations[(organisation, assessor)]
        for criterion_id, value in scores.items():
            record_score(self.workspace, assessor, allocation, criterion_id, value)
            if value < self.framework.award_rule.threshold:
                record_comment(self.workspace, assessor, allocation, criterion_id, "Gap noted.")
        if submit_now:
            submit(self.workspace, assessor, allocation)

    def criteria(self, organisation: str) -> list[str]:
        return [c.id for c in self.framework.criteria_up_to(SUBMISSIONS[organisation])]


@pytest.fixture
def moderation_round(workspace: Workspace, framework: Framework) -> ModerationRound:
    created = create_round(workspace, PANEL, RoundDraft(ROUND, assessors_per_submission=3))
    rng = random.Random(5)
    with workspace.read() as conn:
        register = {o.name: o for o in org_repo.list_organisations(conn)}
    with workspace.write(PANEL) as tx:
        for name, level in SUBMISSIONS.items():
            add_version(
                tx, synthetic_version(rng, framework, created.id, register[name].id, name, level)
            )
    for name in ASSESSORS:
        add_assessor(workspace, PANEL, AssessorDraft(name))
    allocate(workspace, PANEL, ROUND, list(ASSESSORS), per_submission=3)
    rows = list_allocations(workspace, ROUND)
    return ModerationRound(workspace, framework, {(r.organisation, r.assessor): r.id for r in rows})


@pytest.fixture
def uniform() -> Callable[[ModerationRound, str, int], Scores]:
    def make(round_: ModerationRound, organisation: str, value: int) -> Scores:
        return {cid: value for cid in round_.criteria(organisation)}

    return make
