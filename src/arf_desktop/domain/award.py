"""The award rule: from agreed scores to an outcome and the level awarded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from arf_desktop.domain.framework import Framework, MinorRevisionsRule


@dataclass(frozen=True)
class OutcomeResult:
    """What the award rule says for one submission.

    `outcome` is None while any criterion up to the level applied for has no score.
    """

    level_applied: str
    outcome: str | None
    level_awarded: str | None
    missing: tuple[str, ...]
    unmet: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.outcome is not None


def level_met(framework: Framework, level_id: str, scores: Mapping[str, int]) -> bool:
    """True when every must-meet criterion at this level reaches the threshold."""
    threshold = framework.award_rule.threshold
    below = threshold - 1
    return all(
        scores.get(cid, below) >= threshold for cid in framework.must_meet_ids(level_id, False)
    )


def highest_level_met(
    framework: Framework, scores: Mapping[str, int], up_to: str | None = None
) -> str | None:
    """The highest level met with every lower level met too (levels are cumulative)."""
    awarded: str | None = None
    ceiling = framework.level(up_to).rank if up_to else max(lv.rank for lv in framework.levels)
    for level in framework.levels:
        if level.rank > ceiling or not level_met(framework, level.id, scores):
            break
        awarded = level.id
    return awarded


def compute_outcome(
    framework: Framework, level_applied: str, scores: Mapping[str, int]
) -> OutcomeResult:
    """Apply the framework's award rule to the agreed scores of one submission."""
    rule = framework.award_rule
    threshold = rule.threshold
    considered = framework.must_meet_ids(level_applied)
    missing = tuple(cid for cid in considered if cid not in scores)
    if missing:
        unmet = tuple(cid for cid in considered if cid in scores and scores[cid] < threshold)
        return OutcomeResult(level_applied, None, None, missing, unmet)
    unmet = tuple(cid for cid in considered if scores[cid] < threshold)
    if not unmet:
        return OutcomeResult(level_applied, "awarded", level_applied, (), ())
    below = highest_level_met(framework, scores, up_to=level_applied)
    if _is_minor_revision(framework, level_applied, scores, unmet):
        return OutcomeResult(level_applied, "minor_revisions", below, (), unmet)
    kept = below if rule.lower_level_on_not_yet else None
    return OutcomeResult(level_applied, "not_yet_awarded", kept, (), unmet)


def _is_minor_revision(
    framework: Framework, level_applied: str, scores: Mapping[str, int], unmet: tuple[str, ...]
) -> bool:
    minor = framework.award_rule.minor_revisions
    if minor is None:
        return False
    return (
        len(unmet) <= minor.max_criteria
        and all(framework.criterion(cid).level == level_applied for cid in unmet)
        and all(scores[cid] == minor.score for cid in unmet)
    )


@dataclass(frozen=True)
class AwardShape:
    """What the award rule reads at one level applied for, worked out once for a queue of
    many submissions: `decide` gives (outcome, level awarded) from the must-meet scores alone,
    as `compute_outcome` would from the whole sheet, without walking the framework each time.
    """

    level_applied: str
    threshold: int
    walked: tuple[str, ...]  # the levels `highest_level_met` walks, lowest first
    places: tuple[int, ...]  # per must-meet criterion: its level's place in `walked`
    at_applied: tuple[bool, ...]  # per must-meet criterion: at the level applied for
    minor: MinorRevisionsRule | None
    lower_level_on_not_yet: bool
    in_order: bool = False  # `places` never falls: the criteria come level by level

    @staticmethod
    def of(framework: Framework, level_applied: str) -> AwardShape:
        ceiling = framework.level(level_applied).rank
        walked: list[str] = []
        for level in framework.levels:
            if level.rank > ceiling:
                break
            walked.append(level.id)
        levels = [framework.criterion(cid).level for cid in framework.must_meet_ids(level_applied)]
        rule = framework.award_rule
        places = [walked.index(lv) if lv in walked else len(walked) for lv in levels]
        return AwardShape(
            level_applied,
            rule.threshold,
            tuple(walked),
            tuple(places),
            tuple(lv == level_applied for lv in levels),
            rule.minor_revisions,
            rule.lower_level_on_not_yet,
            places == sorted(places),
        )

    def decide(self, must_meet: Sequence[int | None]) -> tuple[str | None, str | None]:
        """(outcome, level awarded) from the scores of `framework.must_meet_ids(level_applied)`,
        in that order (None where not scored): what `compute_outcome` gives for them."""
        if None in must_meet:
            return None, None
        unmet = list(map(self.threshold.__gt__, must_meet))  # type: ignore[arg-type]
        if True not in unmet:
            return "awarded", self.level_applied
        places = self.places
        if self.in_order:  # the first criterion unmet is at the lowest level unmet
            lowest = places[unmet.index(True)]
        else:
            lowest = min(place for place, no in zip(places, unmet, strict=True) if no)
        below = self.walked[lowest - 1] if lowest else None  # the level below the first unmet
        minor = self.minor
        if minor is not None and unmet.count(True) <= minor.max_criteria:
            chosen = [n for n, no in enumerate(unmet) if no]
            if all(self.at_applied[n] and must_meet[n] == minor.score for n in chosen):
                return "minor_revisions", below
        return "not_yet_awarded", below if self.lower_level_on_not_yet else None
