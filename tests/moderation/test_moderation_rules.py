"""Decision-risk ordering, unanimity, rationales, outcomes and overrides on hand-made cases."""

from __future__ import annotations

import pytest

from arf_desktop.domain.errors import Refused
from arf_desktop.domain.moderation import RISK_AWAITING, RISK_DISAGREE, RISK_OUTCOME, RISK_SPREAD
from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.decide import Override, decide, reopen_decision
from arf_desktop.moderation.review import load_round
from arf_desktop.storage import audit
from tests.moderation.conftest import ASSESSORS, PANEL, ROUND

BOLTON, CHESHIRE, STOCKPORT = (
    "Bolton NHS Foundation Trust",
    "East Cheshire NHS Trust",
    "Stockport NHS Foundation Trust",
)


def test_unanimous_scores_need_no_work(moderation_round, uniform) -> None:
    for assessor in ASSESSORS:
        moderation_round.score(BOLTON, assessor, uniform(moderation_round, BOLTON, 2))
    entry = load_round(moderation_round.workspace, ROUND).find(BOLTON)
    assert entry is not None
    assert all(line.status == "Unanimous" and line.effective == 2 for line in entry.review.lines)
    assert entry.review.to_agree == 0
    assert entry.review.live is not None and entry.review.live.outcome == "awarded"
    result = decide(moderation_round.workspace, PANEL, ROUND, BOLTON, "2026-01-15", ["Siân Evans"])
    assert [r.outcome for r in result.decided] == ["awarded"]


def test_risk_ordering(moderation_round, uniform) -> None:
    r = moderation_round
    first, second = r.criteria(BOLTON)[:2]
    # Stockport: a 2 against 3 that changes nothing -> plain disagreement.
    for assessor in ASSESSORS:
        scores = uniform(r, STOCKPORT, 2)
        if assessor == ASSESSORS[2]:
            scores[first] = 3
        r.score(STOCKPORT, assessor, scores)
    # East Cheshire: everyone fails it on one criterion (0), and 3 against 1 on another:
    # a spread of 2, yet every assessor's outcome is "not yet awarded".
    for assessor in ASSESSORS:
        scores = uniform(r, CHESHIRE, 2)
        scores[first] = 0
        scores[second] = 1 if assessor == ASSESSORS[1] else 3
        r.score(CHESHIRE, assessor, scores)
    # Bolton: one assessor's single 1 turns "awarded" into "minor revisions".
    for assessor in ASSESSORS:
        scores = uniform(r, BOLTON, 2)
        if assessor == ASSESSORS[0]:
            scores[first] = 1
        r.score(BOLTON, assessor, scores)
    review = load_round(r.workspace, ROUND)
    assert [e.facts.organisation for e in review.entries] == [BOLTON, CHESHIRE, STOCKPORT]
    bolton, cheshire, stockport = (e.review for e in review.entries)
    assert bolton.outcome_differs and bolton.risk == RISK_OUTCOME
    assert cheshire.wide_spreads == 1 and not cheshire.outcome_differs
    assert cheshire.risk == RISK_SPREAD
    assert stockport.disagreements == 1 and stockport.risk == RISK_DISAGREE


def test_rationale_required_when_differing(moderation_round, uniform) -> None:
    r = moderation_round
    first = r.criteria(BOLTON)[0]
    for assessor in ASSESSORS:
        scores = uniform(r, BOLTON, 2)
        if assessor == ASSESSORS[0]:
            scores[first] = 1
        r.score(BOLTON, assessor, scores)
    with pytest.raises(Refused, match="rationale is required"):
        agree_score(r.workspace, PANEL, ROUND, BOLTON, first, 2)
    with pytest.raises(Refused, match="not on the rating scale"):
        agree_score(r.workspace, PANEL, ROUND, BOLTON, first, 7, "x")
    change = agree_score(
        r.workspace, PANEL, ROUND, BOLTON, first, 2, "Minute found on p.4", "Well evidenced."
    )
    assert change.before is None and change.after.score == 2 and change.revision == 1
    again = agree_score(r.workspace, PANEL, ROUND, BOLTON, first, 2, "Minute on p.4", "Clear.")
    assert again.before is not None and again.revision == 2
    entry = load_round(r.workspace, ROUND).find(BOLTON)
    assert entry is not None and entry.review.live is not None
    assert entry.review.live.outcome == "awarded"
    # The assessors' original scores are untouched.
    line = next(ln for ln in entry.review.lines if ln.criterion_id == first)
    assert sorted(line.scores.values()) == [1, 2, 2]
    with r.workspace.read() as conn:
        actions = [e.action for e in audit.page(conn, 0, 2)]
        assert actions == ["moderation.agree", "moderation.agree"]


def test_decide_refuses_incomplete_and_records_override(moderation_round, uniform) -> None:
    r = moderation_round
    first = r.criteria(BOLTON)[0]
    for assessor in ASSESSORS:
        scores = uniform(r, BOLTON, 2)
        if assessor == ASSESSORS[0]:
            scores[first] = 0
        r.score(BOLTON, assessor, scores)
    result = decide(r.workspace, PANEL, ROUND)
    refused = dict(result.refused)
    assert "1 criteria still to agree" in refused[BOLTON]
    assert "no assessor has submitted" in refused[CHESHIRE]
    agree_score(
        r.workspace, PANEL, ROUND, BOLTON, first, 1, "Partly shown", "Board approval not shown."
    )
    entry = load_round(r.workspace, ROUND).find(BOLTON)
    assert entry is not None and entry.review.live is not None
    assert entry.review.live.outcome == "minor_revisions"
    with pytest.raises(Refused, match="needs a reason"):
        decide(r.workspace, PANEL, ROUND, BOLTON, override=Override("awarded", "bronze", " "))
    result = decide(
        r.workspace,
        PANEL,
        ROUND,
        BOLTON,
        "2026-02-01",
        ["Amara Okafor", "Siân Evans"],
        Override("awarded", "Bronze", "Further evidence seen at panel"),
    )
    record = result.decided[0]
    assert (record.outcome, record.level_awarded) == ("awarded", "bronze")
    assert (record.computed_outcome, record.computed_level) == ("minor_revisions", None)
    with pytest.raises(Refused, match="has been decided"):
        agree_score(r.workspace, PANEL, ROUND, BOLTON, first, 2, "late change")
    again = decide(r.workspace, PANEL, ROUND, BOLTON)
    assert "already decided" in dict(again.refused)[BOLTON]
    reopen_decision(r.workspace, PANEL, ROUND, BOLTON, "Appeal upheld")
    assert agree_score(r.workspace, PANEL, ROUND, BOLTON, first, 2, "On appeal").revision == 2
    with r.workspace.read() as conn:
        assert audit.verify(conn).ok


def test_conflicted_panel_member_is_recused(moderation_round, uniform) -> None:
    from arf_desktop.registers.assessors import AssessorDraft, add_assessor

    r = moderation_round
    add_assessor(r.workspace, PANEL, AssessorDraft("Priya Patel", organisation=BOLTON))
    for assessor in ASSESSORS:
        r.score(BOLTON, assessor, uniform(r, BOLTON, 3))
    result = decide(r.workspace, PANEL, ROUND, BOLTON, None, ["Priya Patel", "Siân Evans"])
    assert result.decided[0].recusals == ("Priya Patel",)


def test_unanimity_waits_for_every_allocated_assessor(moderation_round, uniform) -> None:
    r = moderation_round
    for assessor in ASSESSORS[:2]:
        r.score(BOLTON, assessor, uniform(r, BOLTON, 2))
    entry = load_round(r.workspace, ROUND).find(BOLTON)
    assert entry is not None
    assert {line.status for line in entry.review.lines} == {"Awaiting 1 more"}
    assert entry.review.risk == RISK_AWAITING and entry.review.to_agree == 17
    assert "17 criteria still to agree" in dict(decide(r.workspace, PANEL, ROUND).refused)[BOLTON]
    nobody = load_round(r.workspace, ROUND).find(CHESHIRE)
    assert nobody is not None and nobody.review.risk == RISK_AWAITING
