"""Feedback before a decision: refusals naming the criteria, adopting comments, panel dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from arf_desktop.domain.errors import Refused
from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.decide import decide
from arf_desktop.moderation.feedback import ADOPT_ACTION
from arf_desktop.moderation.review import load_round
from arf_desktop.scoring.scores import record_comment, submit
from arf_desktop.storage import audit
from tests.moderation.conftest import ASSESSORS, PANEL, ROUND, ModerationRound

BOLTON = "Bolton NHS Foundation Trust"
SAID = {
    0: ("No board approval of the plan.", "no board approval of the plan", "Plan not approved."),
    1: ("The network has no budget line.", "The network has no budget line.", "no budget line"),
}


def gaps_round(r: ModerationRound, uniform, silent: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    """Bolton: every assessor scores two criteria 1 with comments, everything else 2."""
    criteria = r.criteria(BOLTON)
    low = [criteria[1], criteria[4]]
    for index, assessor in enumerate(ASSESSORS):
        scores = uniform(r, BOLTON, 2)
        scores.update({cid: 1 for cid in low})
        r.score(BOLTON, assessor, scores, submit_now=False)
        allocation = r.allocations[(BOLTON, assessor)]
        for which, criterion in enumerate(low):
            text = SAID[which][index] or "Seen."
            if silent and which == 1:
                text = f"{assessor}:"  # nothing left once the assessor's name is taken out
            record_comment(r.workspace, assessor, allocation, criterion, text)
        submit(r.workspace, assessor, allocation)
    return low


def test_decide_refuses_criteria_below_the_threshold_without_feedback(
    moderation_round, uniform
) -> None:
    r = moderation_round
    low = gaps_round(r, uniform)
    result = decide(r.workspace, PANEL, ROUND, BOLTON, "2026-03-02")
    assert result.decided == [] and [g.criterion_id for g in result.missing_feedback] == low
    why = dict(result.refused)[BOLTON]
    assert "2 criteria below the threshold have no feedback" in why and all(c in why for c in low)
    first, second = result.missing_feedback
    assert first.comments == ("No board approval of the plan.", "Plan not approved.")
    assert second.comments == ("The network has no budget line.",)
    assert first.caption == "1 · Partially evidenced" and first.organisation == BOLTON
    described = first.describe()
    assert low[0] in described and "“Plan not approved.”" in described
    assert not any(name in described for name in ASSESSORS)
    assert load_round(r.workspace, ROUND).find(BOLTON).decision is None  # type: ignore[union-attr]


def test_adopting_the_comments_records_them_as_feedback_and_audits_it(
    moderation_round, uniform
) -> None:
    r = moderation_round
    low = gaps_round(r, uniform)
    result = decide(r.workspace, PANEL, ROUND, BOLTON, "2026-03-02", adopt=True)
    assert [d.outcome for d in result.decided] == ["minor_revisions"]
    assert [g.criterion_id for g in result.adopted] == low
    entry = load_round(r.workspace, ROUND).find(BOLTON)
    assert entry is not None
    agreed = {ln.criterion_id: ln.agreed for ln in entry.review.lines if ln.agreed}
    assert set(agreed) == set(low)
    assert agreed[low[0]].feedback == "No board approval of the plan. Plan not approved."  # type: ignore[union-attr]
    assert agreed[low[1]].score == 1  # type: ignore[union-attr]
    with r.workspace.read() as conn:
        entries = audit.page(conn, 0, 10)
        adopted = [e for e in entries if e.action == ADOPT_ACTION]
        assert sorted(e.details["criterion"] for e in adopted) == low
        assert all(e.details["how"] == "decide" for e in adopted)
        assert audit.verify(conn).ok


def test_nothing_to_adopt_is_refused(moderation_round, uniform) -> None:
    r = moderation_round
    low = gaps_round(r, uniform, silent=True)
    result = decide(r.workspace, PANEL, ROUND, BOLTON, adopt=True)
    assert result.decided == [] and result.adopted == []
    assert f"no assessor wrote a comment to adopt on {low[1]}" in dict(result.refused)[BOLTON]
    agree_score(r.workspace, PANEL, ROUND, BOLTON, low[1], 1, None, "Show the budget line.")
    result = decide(r.workspace, PANEL, ROUND, BOLTON, adopt=True)
    assert [g.criterion_id for g in result.adopted] == [low[0]] and len(result.decided) == 1


def test_strengths_and_met_criteria_never_block_a_decision(moderation_round, uniform) -> None:
    r = moderation_round
    for assessor in ASSESSORS:
        r.score(BOLTON, assessor, uniform(r, BOLTON, 3))
    result = decide(r.workspace, PANEL, ROUND, BOLTON)
    assert [d.outcome for d in result.decided] == ["awarded"] and not result.missing_feedback


def test_the_window_adopts_one_draft_in_one_action(moderation_round, uniform) -> None:
    r = moderation_round
    low = gaps_round(r, uniform)
    change = agree_score(
        r.workspace, PANEL, ROUND, BOLTON, low[1], 1, None, "The network has no budget line.",
        adopted=True,
    )  # fmt: skip
    assert change.after.feedback == "The network has no budget line."
    with r.workspace.read() as conn:
        last = audit.page(conn, 0, 1)[0]
    assert last.action == ADOPT_ACTION and last.details["feedback_adopted"] is True


def test_a_panel_date_in_the_future_is_refused(moderation_round, uniform) -> None:
    r = moderation_round
    for assessor in ASSESSORS:
        r.score(BOLTON, assessor, uniform(r, BOLTON, 2))
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(Refused, match="is in the future") as caught:
        decide(r.workspace, PANEL, ROUND, BOLTON, tomorrow)
    assert date.today().isoformat() in caught.value.message
    with pytest.raises(Refused, match="YYYY-MM-DD"):
        decide(r.workspace, PANEL, ROUND, BOLTON, "02/03/2026")
    result = decide(r.workspace, PANEL, ROUND, BOLTON, date.today().isoformat())
    assert result.decided[0].panel_date == date.today().isoformat()


def test_a_gap_is_drafted_from_the_assessors_who_found_it(moderation_round, uniform) -> None:
    """The assessor who scored 2 praised the evidence; the feedback on a 1 says what is missing."""
    r = moderation_round
    criterion = r.criteria(BOLTON)[2]
    for index, assessor in enumerate(ASSESSORS):
        scores = uniform(r, BOLTON, 2)
        scores[criterion] = 2 if index == 0 else 1
        r.score(BOLTON, assessor, scores, submit_now=False)
        text = "Clear, dated evidence." if index == 0 else "No dated minutes."
        record_comment(r.workspace, assessor, r.allocations[(BOLTON, assessor)], criterion, text)
        submit(r.workspace, assessor, r.allocations[(BOLTON, assessor)])
    agree_score(r.workspace, PANEL, ROUND, BOLTON, criterion, 1, "Minutes missing")
    result = decide(r.workspace, PANEL, ROUND, BOLTON, adopt=True)
    assert [g.draft for g in result.adopted] == ["No dated minutes."]


def test_adopting_feedback_on_an_agreed_score_keeps_the_replay_whole(
    moderation_round, uniform
) -> None:
    from arf_desktop.storage.audit_replay import replay

    r = moderation_round
    low = gaps_round(r, uniform)
    agree_score(r.workspace, PANEL, ROUND, BOLTON, low[0], 1, "Board approval missing.", None)
    result = decide(r.workspace, PANEL, ROUND, BOLTON, "2026-03-02", adopt=True)
    assert [g.criterion_id for g in result.adopted] == low  # the first one over an agreed score
    with r.workspace.read() as conn:
        report = replay(conn)
    assert report.ok, [d.line() for d in report.differences]
    assert report.checked["agreed scores"] == 2
