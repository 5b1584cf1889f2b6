"""The submissions service the window lists: where each submission stands with its assessors."""

from __future__ import annotations

from arf_desktop.registers.submissions import submission_rows, submission_statuses
from arf_desktop.scoring.allocation import allocate_by_hand
from arf_desktop.scoring.scores import record_score, submit
from tests.scoring.conftest import COORDINATOR, ROUND, Scene, scene  # noqa: F401

BOLTON = "Bolton NHS Foundation Trust"  # a Bronze submission
PAIR = ("Siân Evans", "Zoë Brontë-Adeyemi")


def test_status_follows_the_assessors(scene: Scene) -> None:  # noqa: F811
    bolton = scene.submissions[BOLTON]
    assert bolton not in submission_statuses(scene.workspace)  # nobody allocated yet
    ids = {
        name: allocate_by_hand(scene.workspace, COORDINATOR, ROUND, BOLTON, name).id
        for name in PAIR
    }
    assert submission_statuses(scene.workspace)[bolton] == "With assessors (0/2 done)"
    for name in PAIR:
        for criterion in scene.framework.criteria_up_to("bronze"):
            record_score(scene.workspace, name, ids[name], criterion.id, 2)
        submit(scene.workspace, name, ids[name])
        done = "With assessors (1/2 done)" if name == PAIR[0] else "Assessed"
        assert submission_statuses(scene.workspace)[bolton] == done
    listed = submission_rows(scene.workspace, scene.round_id)
    assert [r.organisation for r in listed] == sorted(scene.submissions)
