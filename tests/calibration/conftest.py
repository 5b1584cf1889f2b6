"""Fixtures for calibration: a live round, a keyed reference exercise and assessors to qualify."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from arf_desktop.calibration.exercises import assign, create_from_round, set_key
from arf_desktop.domain.framework import Framework
from arf_desktop.registers.assessors import AssessorDraft, add_assessor
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.scoring.allocation import list_allocations
from arf_desktop.scoring.scores import record_comment, record_score, submit
from arf_desktop.storage.workspace import Workspace
from tests.scoring.conftest import ORGANISATIONS, add_submissions

LIVE = "Live round 2025"
EXERCISE = "Bronze reference 2025"
LEAD = "Calibration lead"
SOURCE = "Blackpool Teaching Hospitals NHS Foundation Trust"
LABEL = "Reference A"
MARK = "ZQX"  # in every rationale, so a leak of the key can be searched for
ASSESSORS = ("Amara Okafor", "Siân Evans", "Zoë Brontë-Adeyemi")


@dataclass
class Calibrated:
    path: Path
    workspace: Workspace
    framework: Framework
    key: dict[str, int]


def rationale(criterion_id: str) -> str:
    return f"Definitive rationale {MARK}-{criterion_id}: the evidence meets the standard."


def score_and_submit(workspace: Workspace, assessor: str, scores: dict[str, int]) -> None:
    """Score the exercise as `assessor` would and submit it."""
    row = next(r for r in list_allocations(workspace, assessor_name=assessor)
               if r.round_name.startswith("Calibration:"))  # fmt: skip
    for criterion_id, score in scores.items():
        record_score(workspace, assessor, row.id, criterion_id, score)
        if score < 2:
            record_comment(workspace, assessor, row.id, criterion_id, "Evidence thin here.")
    submit(workspace, assessor, row.id)


@pytest.fixture
def calibrated(workspace_path: Path, framework: Framework) -> Iterator[Calibrated]:
    """An exercise made from a bronze submission, keyed on all 17 criteria, three assessors."""
    with Workspace.open(workspace_path) as workspace:
        live = create_round(workspace, LEAD, RoundDraft(LIVE))
        add_submissions(workspace, framework, live.id, ORGANISATIONS, ("bronze",))
        for name in ASSESSORS:
            add_assessor(workspace, LEAD, AssessorDraft(name, None))
        create_from_round(workspace, LEAD, EXERCISE, LIVE, SOURCE, LABEL)
        key = {
            c.id: 3 if index % 3 == 0 else 2
            for index, c in enumerate(framework.criteria_up_to("bronze"))
        }
        for criterion_id, score in key.items():
            set_key(workspace, LEAD, EXERCISE, criterion_id, score, rationale(criterion_id))
        assign(workspace, LEAD, EXERCISE, list(ASSESSORS))
        yield Calibrated(workspace_path, workspace, framework, key)
