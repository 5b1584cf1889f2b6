"""The award rule against SPEC §1, case by case and exhaustively with hypothesis."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arf_desktop.domain.award import AwardShape, compute_outcome, highest_level_met
from arf_desktop.domain.framework import AwardRule, Framework, MinorRevisionsRule


def spec_outcome(
    framework: Framework, applied: str, scores: dict[str, int]
) -> tuple[str, str | None]:
    """SPEC §1 written out plainly, independently of the implementation."""
    order = [level.id for level in framework.levels]
    upto = order[: order.index(applied) + 1]

    def met(level: str) -> bool:
        return all(scores[c.id] >= 2 for c in framework.criteria if c.level == level)

    fully_met = None
    for level in upto:
        if not met(level):
            break
        fully_met = level
    if fully_met == applied:
        return "awarded", applied
    failing = [c for c in framework.criteria if c.level in upto and scores[c.id] < 2]
    if (
        all(c.level == applied for c in failing)
        and len(failing) <= 2
        and all(scores[c.id] == 1 for c in failing)
    ):
        return "minor_revisions", fully_met
    return "not_yet_awarded", None


@st.composite
def submissions(draw: st.DrawFn, framework: Framework) -> tuple[str, dict[str, int]]:
    applied = draw(st.sampled_from([level.id for level in framework.levels]))
    criteria = framework.criteria_up_to(applied)
    # Mostly-met score sheets, so that every outcome is reached often.
    base = draw(st.sampled_from([2, 3]))
    scores = {c.id: base for c in criteria}
    changed = draw(st.lists(st.sampled_from([c.id for c in criteria]), max_size=5))
    for criterion_id in changed:
        scores[criterion_id] = draw(st.integers(0, 3))
    return applied, scores


@settings(max_examples=3000, deadline=None)
@given(data=st.data())
def test_outcome_matches_the_spec_rule(framework: Framework, data: st.DataObject) -> None:
    applied, scores = data.draw(submissions(framework))
    result = compute_outcome(framework, applied, scores)
    assert (result.outcome, result.level_awarded) == spec_outcome(framework, applied, scores)
    assert result.missing == ()


def all_scores(framework: Framework, level: str, value: int) -> dict[str, int]:
    return {c.id: value for c in framework.criteria_up_to(level)}


def test_awarded_at_every_level(framework: Framework) -> None:
    for level in framework.levels:
        result = compute_outcome(framework, level.id, all_scores(framework, level.id, 2))
        assert result.outcome == "awarded" and result.level_awarded == level.id


def test_two_criteria_at_one_is_minor_revisions_and_keeps_lower_level(framework: Framework) -> None:
    scores = all_scores(framework, "gold", 3)
    gold = framework.criteria_at("gold")
    scores[gold[0].id] = scores[gold[5].id] = 1
    result = compute_outcome(framework, "gold", scores)
    assert result.outcome == "minor_revisions"
    assert result.level_awarded == "silver"
    assert set(result.unmet) == {gold[0].id, gold[5].id}


def test_three_criteria_at_one_is_not_yet_awarded(framework: Framework) -> None:
    scores = all_scores(framework, "silver", 2)
    for criterion in framework.criteria_at("silver")[:3]:
        scores[criterion.id] = 1
    result = compute_outcome(framework, "silver", scores)
    assert (result.outcome, result.level_awarded) == ("not_yet_awarded", None)


def test_a_zero_is_never_minor(framework: Framework) -> None:
    scores = all_scores(framework, "bronze", 2)
    scores[framework.criteria_at("bronze")[0].id] = 0
    assert compute_outcome(framework, "bronze", scores).outcome == "not_yet_awarded"


def test_a_shortfall_at_a_lower_level_is_not_minor(framework: Framework) -> None:
    scores = all_scores(framework, "silver", 2)
    scores[framework.criteria_at("bronze")[0].id] = 1
    assert compute_outcome(framework, "silver", scores).outcome == "not_yet_awarded"


def test_missing_scores_leave_the_outcome_open(framework: Framework) -> None:
    scores = all_scores(framework, "bronze", 2)
    first = framework.criteria_at("bronze")[0].id
    del scores[first]
    result = compute_outcome(framework, "bronze", scores)
    assert result.outcome is None and result.missing == (first,) and not result.complete


def test_rule_is_configurable(framework: Framework) -> None:
    strict = replace(framework, award_rule=AwardRule(threshold=3, minor_revisions=None))
    generous = replace(
        framework,
        award_rule=AwardRule(2, MinorRevisionsRule(5, 1), lower_level_on_not_yet=True),
    )
    scores = all_scores(framework, "silver", 2)
    assert compute_outcome(strict, "silver", scores).outcome == "not_yet_awarded"
    for criterion in framework.criteria_at("silver")[:4]:
        scores[criterion.id] = 1
    assert compute_outcome(generous, "silver", scores).outcome == "minor_revisions"
    scores[framework.criteria_at("silver")[5].id] = 0
    result = compute_outcome(generous, "silver", scores)
    assert (result.outcome, result.level_awarded) == ("not_yet_awarded", "bronze")


def test_optional_criteria_do_not_block_the_award(framework: Framework) -> None:
    criteria = tuple(
        replace(c, must_meet=False) if c.id == "B-P1-01" else c for c in framework.criteria
    )
    relaxed = replace(framework, criteria=criteria)
    scores = all_scores(relaxed, "bronze", 2)
    scores["B-P1-01"] = 0
    assert compute_outcome(relaxed, "bronze", scores).outcome == "awarded"
    assert highest_level_met(relaxed, scores) == "bronze"


@pytest.mark.parametrize("level", ["bronze", "silver", "gold"])
def test_catalogue_counts(framework: Framework, level: str) -> None:
    expected = {"bronze": 17, "silver": 16, "gold": 12}[level]
    assert len(framework.criteria_at(level)) == expected
    assert framework.is_draft and "DRAFT" in framework.label


RULES = [
    AwardRule(2, MinorRevisionsRule(2, 1)),
    AwardRule(2, MinorRevisionsRule(1, 0), lower_level_on_not_yet=True),
    AwardRule(3, None),
    AwardRule(1, MinorRevisionsRule(5, 0), lower_level_on_not_yet=True),
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["bronze", "silver", "gold"]),
    st.sampled_from(range(len(RULES))),
    st.integers(1, 4),  # every n-th criterion need not be met
    st.one_of(  # any scores, or mostly met with a few gaps and low scores (minor revisions)
        st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=45, max_size=45),
        st.lists(st.sampled_from([3] * 30 + [2, 1, 1, 0, None]), min_size=45, max_size=45),
    ),
)
def test_the_award_shape_decides_as_the_rule(
    framework: Framework, applied: str, rule: int, relaxed: int, given_scores: list[int | None]
) -> None:
    """`AwardShape.decide`, from the must-meet scores alone, gives the rule's outcome and
    level for the whole sheet: any rule, any must-meet criteria, any scores or gaps."""
    changed = replace(
        framework,
        award_rule=RULES[rule],
        criteria=tuple(
            replace(c, must_meet=relaxed == 1 or n % relaxed != 0)
            for n, c in enumerate(framework.criteria)
        ),
    )
    ids = [c.id for c in changed.criteria]
    sheet = {cid: s for cid, s in zip(ids, given_scores, strict=False) if s is not None}
    must_meet = [sheet.get(cid) for cid in changed.must_meet_ids(applied)]
    result = compute_outcome(changed, applied, sheet)
    decided = AwardShape.of(changed, applied).decide(must_meet)
    assert decided == (result.outcome, result.level_awarded)


def test_the_award_shape_with_levels_out_of_criterion_order(framework: Framework) -> None:
    """Must-meet criteria listed with a higher level first: the lowest level unmet still
    decides the level kept."""
    backwards = replace(framework, criteria=tuple(reversed(framework.criteria)))
    shape = AwardShape.of(backwards, "gold")
    assert not shape.in_order
    ids = backwards.must_meet_ids("gold")
    for seed in range(40):
        scores = {cid: (seed * 7 + n * 3) % 4 for n, cid in enumerate(ids)}
        result = compute_outcome(backwards, "gold", scores)
        assert shape.decide([scores[cid] for cid in ids]) == (result.outcome, result.level_awarded)


@pytest.mark.parametrize("rule", RULES)
def test_the_award_shape_reaches_each_outcome(framework: Framework, rule: AwardRule) -> None:
    """Each outcome a rule can give, with a level kept below where the rule keeps one."""
    changed = replace(framework, award_rule=rule)
    ids = changed.must_meet_ids("gold")
    top = [c.id for c in changed.criteria_at("gold") if c.must_meet]
    high, low = 3, rule.minor_revisions.score if rule.minor_revisions else 0
    cases = {
        "awarded": {},
        None: {ids[0]: None},
        "minor_revisions": {top[-1]: low},
        "not_yet_awarded": dict.fromkeys(top, 0),
    }
    shape = AwardShape.of(changed, "gold")
    for outcome, changes in cases.items():
        if outcome == "minor_revisions" and rule.minor_revisions is None:
            continue
        sheet = {cid: changes.get(cid, high) for cid in ids}
        result = compute_outcome(changed, "gold", {k: v for k, v in sheet.items() if v is not None})
        assert result.outcome == outcome
        assert shape.decide([sheet[cid] for cid in ids]) == (outcome, result.level_awarded)
