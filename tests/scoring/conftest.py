"""Fixtures for scoring: a workspace on disk with a round, submissions and assessors."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from arf_desktop.demo.workspace import synthetic_version
from arf_desktop.domain.framework import Framework
from arf_desktop.registers.assessors import AssessorDraft, add_assessor
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.submissions import add_version
from arf_desktop.storage.workspace import Workspace

ROUND = "Test round 2025"
COORDINATOR = "Test coordinator"

# Two assessors from trusts in the register, two from outside (the regional team, no organisation).
ASSESSORS = (
    ("Amara Okafor", "Bolton NHS Foundation Trust"),
    ("Łukasz Nowak", "Alder Hey Children's NHS Foundation Trust"),
    ("Siân Evans", None),
    ("Zoë Brontë-Adeyemi", None),
)
ORGANISATIONS = (
    "Bolton NHS Foundation Trust",
    "Alder Hey Children's NHS Foundation Trust",
    "Blackpool Teaching Hospitals NHS Foundation Trust",
    "Manchester University NHS Foundation Trust",
    "Liverpool University Hospitals NHS Foundation Trust",
    "Lancashire Teaching Hospitals NHS Foundation Trust",
)


@dataclass
class Scene:
    path: str  # the workspace's file or database URL
    workspace: Workspace
    framework: Framework
    round_id: int
    organisations: dict[str, int]
    submissions: dict[str, int]
    levels: dict[str, str]


def add_submissions(
    workspace: Workspace,
    framework: Framework,
    round_id: int,
    names: tuple[str, ...],
    levels: tuple[str, ...] = ("bronze",),
    seed: int = 7,
) -> dict[str, str]:
    rng = random.Random(seed)
    chosen: dict[str, str] = {}
    with workspace.read() as conn:
        register = {o.name: o for o in org_repo.list_organisations(conn)}
    with workspace.write(COORDINATOR) as tx:
        for index, name in enumerate(names):
            level = levels[index % len(levels)]
            organisation = register[name]
            add_version(
                tx, synthetic_version(rng, framework, round_id, organisation.id, name, level)
            )
            chosen[name] = level
    return chosen


@pytest.fixture
def scene(workspace_location: str, framework: Framework) -> Iterator[Scene]:
    """A round ready for scoring, on SQLite and on PostgreSQL."""
    with Workspace.open(workspace_location) as workspace:
        created = create_round(workspace, COORDINATOR, RoundDraft(ROUND))
        levels = add_submissions(
            workspace, framework, created.id, ORGANISATIONS, ("bronze", "silver", "bronze")
        )
        for name, organisation in ASSESSORS:
            add_assessor(workspace, COORDINATOR, AssessorDraft(name, organisation))
        with workspace.read() as conn:
            register = {o.name: o.id for o in org_repo.list_organisations(conn)}
            from arf_desktop.storage.submissions import submission_rows

            subs = {row.organisation: row.id for row in submission_rows(conn, created.id)}
        yield Scene(workspace_location, workspace, framework, created.id, register, subs, levels)
