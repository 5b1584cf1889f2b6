"""Recording scores and comments, revisions and audit, submit and reopen, blind, conflicts."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.registers.interests import ConflictDraft, ConflictOfInterest, add_conflict
from arf_desktop.scoring.allocation import allocate_by_hand
from arf_desktop.scoring.scores import (
    open_sheet,
    others_scores,
    record_comment,
    record_score,
    reopen,
    submit,
)
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import Workspace
from tests.scoring.conftest import COORDINATOR, ROUND, Scene

TRUST = "Blackpool Teaching Hospitals NHS Foundation Trust"  # applied for Bronze: 17 criteria


def allocation(scene: Scene, assessor: str, organisation: str = TRUST) -> int:
    return allocate_by_hand(scene.workspace, COORDINATOR, ROUND, organisation, assessor).id


def score_all(
    scene: Scene, allocation_id: int, value: int = 2, who: str = "Siân Evans"
) -> list[str]:
    sheet = open_sheet(scene.workspace, allocation_id)
    for row in sheet.rows:
        record_score(scene.workspace, who, allocation_id, row.id, value)
        if value < 2:
            record_comment(scene.workspace, who, allocation_id, row.id, "Board minute missing.")
    return [row.id for row in sheet.rows]


def test_each_edit_is_saved_with_a_revision_and_audited(scene: Scene) -> None:
    mine = allocation(scene, "Siân Evans")
    sheet = open_sheet(scene.workspace, mine)
    assert sheet.allocation.level_applied == "bronze" and len(sheet.rows) == 17
    first = sheet.rows[0]
    assert first.summary and first.self_assessment and first.score is None
    change = record_score(scene.workspace, "Siân Evans", mine, first.id, 2)
    assert (change.old, change.new, change.revision, change.changed) == (None, 2, 1, True)
    change = record_score(scene.workspace, "Siân Evans", mine, first.id, 1)
    assert (change.old, change.new, change.revision) == (2, 1, 2)
    same = record_score(scene.workspace, "Siân Evans", mine, first.id, 1)
    assert not same.changed and same.revision == 2
    note = record_comment(scene.workspace, "Siân Evans", mine, first.id, "  Minute\r\nmissing\x00 ")
    assert (note.old, note.new, note.revision) == ("", "Minute\nmissing", 3)
    # Durable: a separate connection sees it at once.
    with Workspace.open(scene.path) as other, other.read() as raw:
        assert tuple(
            raw.execute(
                text(
                    "SELECT score, comment, revision, updated_by FROM scores "
                    "WHERE criterion_id = :criterion"
                ),
                {"criterion": first.id},
            ).one()
        ) == (1, "Minute\nmissing", 3, "Siân Evans")
    with scene.workspace.read() as conn:
        entries = audit.page(conn, 0, 3)
        assert audit.verify(conn).ok
    assert [e.action for e in entries] == ["comment.change", "score.change", "score.change"]
    latest_score = entries[1]
    assert latest_score.actor == "Siân Evans"
    assert latest_score.details["from"] == 2 and latest_score.details["to"] == 1
    assert latest_score.details["criterion"] == first.id and latest_score.details["revision"] == 2
    assert open_sheet(scene.workspace, mine).allocation.scored == 1


def test_scores_off_the_scale_or_unknown_criteria_are_refused(scene: Scene) -> None:
    mine = allocation(scene, "Siân Evans")
    with pytest.raises(Refused, match="not on the rating scale"):
        record_score(scene.workspace, "Siân Evans", mine, "B-P1-01", 4)
    with pytest.raises(NotFound, match="not a criterion"):
        record_score(scene.workspace, "Siân Evans", mine, "G-P1-01", 2)  # Gold, applied for Bronze
    with pytest.raises(Refused, match="allocated to Siân Evans, not to you"):
        record_score(scene.workspace, "x", mine, "B-P1-01", 2, assessor_id=mine + 999)


def test_submit_needs_every_score_and_comments_below_threshold(scene: Scene) -> None:
    mine = allocation(scene, "Siân Evans")
    ids = [row.id for row in open_sheet(scene.workspace, mine).rows]
    for cid in ids[:-1]:
        record_score(scene.workspace, "Siân Evans", mine, cid, 2)
    record_score(scene.workspace, "Siân Evans", mine, ids[0], 1)
    with pytest.raises(Refused) as refused:
        submit(scene.workspace, "Siân Evans", mine)
    assert f"1 of 17 criteria have no score yet: {ids[-1]}" in refused.value.message
    assert (
        f"scored below 2 need a comment saying what is missing: {ids[0]}" in refused.value.message
    )
    record_score(scene.workspace, "Siân Evans", mine, ids[-1], 3)
    record_comment(scene.workspace, "Siân Evans", mine, ids[0], "No evidence of approval.")
    row = submit(scene.workspace, "Siân Evans", mine)
    assert row.submitted and row.submitted_at and row.state == "Submitted"
    with pytest.raises(Refused, match="submitted and are locked"):
        record_score(scene.workspace, "Siân Evans", mine, ids[0], 2)
    with pytest.raises(Refused, match="locked"):
        record_comment(scene.workspace, "Siân Evans", mine, ids[0], "changed")
    with pytest.raises(Refused, match="Say why"):
        reopen(scene.workspace, COORDINATOR, mine, "   ")
    reopened = reopen(scene.workspace, COORDINATOR, mine, "Assessor asked to correct B-P1-01")
    assert not reopened.submitted
    record_score(scene.workspace, "Siân Evans", mine, ids[0], 2)
    with scene.workspace.read() as conn:
        actions = [e.action for e in audit.page(conn, 0, 3)]
        reopen_entry = audit.page(conn, 0, 2)[1]
    assert actions == ["score.change", "allocation.reopen", "allocation.submit"]
    assert reopen_entry.details["reason"] == "Assessor asked to correct B-P1-01"
    assert reopen_entry.actor == COORDINATOR


def test_blind_until_submitted(scene: Scene) -> None:
    sian = allocation(scene, "Siân Evans")
    zoe = allocation(scene, "Zoë Brontë-Adeyemi")
    score_all(scene, zoe, 3, "Zoë Brontë-Adeyemi")
    ids = score_all(scene, sian, 1)
    with pytest.raises(Refused, match="hidden until you submit"):
        others_scores(scene.workspace, sian)
    submit(scene.workspace, "Siân Evans", sian)
    seen = others_scores(scene.workspace, sian)
    assert set(seen) == set(ids)
    assert [(o.assessor, o.score, o.status) for o in seen[ids[0]]] == [
        ("Zoë Brontë-Adeyemi", 3, "allocated")
    ]
    with pytest.raises(Refused, match="hidden until you submit"):
        others_scores(scene.workspace, zoe)  # Zoë has not submitted, so still sees nothing


def test_a_conflicted_assessor_cannot_open_or_score(scene: Scene) -> None:
    mine = allocation(scene, "Siân Evans")
    record_score(scene.workspace, "Siân Evans", mine, "B-P1-01", 2)
    add_conflict(
        scene.workspace, COORDINATOR, ConflictDraft("Siân Evans", TRUST, "Now seconded there")
    )
    with pytest.raises(ConflictOfInterest) as refused:
        open_sheet(scene.workspace, mine)
    assert "Siân Evans cannot score Blackpool" in refused.value.message
    assert "Now seconded there" in refused.value.message
    with pytest.raises(ConflictOfInterest):
        record_score(scene.workspace, "Siân Evans", mine, "B-P1-02", 2)
    with pytest.raises(ConflictOfInterest):
        submit(scene.workspace, "Siân Evans", mine)
