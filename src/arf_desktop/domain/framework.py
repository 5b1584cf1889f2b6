"""The framework as plain data: levels, principles, rating scale, award rule and criteria."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

OUTCOME_IDS = ("awarded", "minor_revisions", "not_yet_awarded")


class FrameworkError(ValueError):
    """A framework definition that is well-formed JSON but does not make sense."""


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    code: str
    rank: int
    colour: str
    description: str = ""


@dataclass(frozen=True)
class Principle:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str
    descriptor: str = ""

    @property
    def caption(self) -> str:
        """Number and label together, as scores are shown everywhere ("2 · Fully evidenced")."""
        return f"{self.value} · {self.label}"


@dataclass(frozen=True)
class MinorRevisionsRule:
    max_criteria: int
    score: int


@dataclass(frozen=True)
class AwardRule:
    threshold: int
    minor_revisions: MinorRevisionsRule | None
    lower_level_on_not_yet: bool = False


@dataclass(frozen=True)
class OutcomeDefinition:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Criterion:
    id: str
    level: str
    principle: str
    title: str
    guidance: str
    evidence_examples: tuple[str, ...]
    must_meet: bool = True


@dataclass(frozen=True)
class Framework:
    key: str
    version: str
    name: str
    status: str
    description: str
    levels: tuple[Level, ...]
    principles: tuple[Principle, ...]
    scale: tuple[ScalePoint, ...]
    award_rule: AwardRule
    outcomes: tuple[OutcomeDefinition, ...]
    criteria: tuple[Criterion, ...]
    _by_id: dict[str, Criterion] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _memo: dict[tuple[str, str], tuple[Criterion, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _ids: dict[tuple[str, str], tuple[str, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._by_id.update({c.id: c for c in self.criteria})

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def label(self) -> str:
        """Name and version, with the draft status written out."""
        suffix = " — DRAFT" if self.is_draft else ""
        return f"{self.name} v{self.version}{suffix}"

    def criterion(self, criterion_id: str) -> Criterion:
        return self._by_id[criterion_id]

    def has_criterion(self, criterion_id: str) -> bool:
        return criterion_id in self._by_id

    def level(self, level_id: str) -> Level:
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def find_level(self, text: str) -> Level | None:
        """The level named by id, name or code, ignoring case and surrounding spaces."""
        wanted = text.strip().casefold()
        for level in self.levels:
            if wanted in {level.id.casefold(), level.name.casefold(), level.code.casefold()}:
                return level
        return None

    def principle(self, principle_id: str) -> Principle:
        for principle in self.principles:
            if principle.id == principle_id:
                return principle
        raise KeyError(principle_id)

    def levels_up_to(self, level_id: str) -> tuple[Level, ...]:
        rank = self.level(level_id).rank
        return tuple(level for level in self.levels if level.rank <= rank)

    def criteria_up_to(self, level_id: str) -> tuple[Criterion, ...]:
        """Every criterion at this level and below (levels are cumulative); memoised."""
        key = ("up_to", level_id)
        if key not in self._memo:
            wanted = {level.id for level in self.levels_up_to(level_id)}
            self._memo[key] = tuple(c for c in self.criteria if c.level in wanted)
        return self._memo[key]

    def criteria_at(self, level_id: str) -> tuple[Criterion, ...]:
        key = ("at", level_id)
        if key not in self._memo:
            self._memo[key] = tuple(c for c in self.criteria if c.level == level_id)
        return self._memo[key]

    def must_meet_ids(self, level_id: str, cumulative: bool = True) -> tuple[str, ...]:
        """Ids of the must-meet criteria up to this level (or at it only); memoised."""
        key = ("must_up_to" if cumulative else "must_at", level_id)
        if key not in self._ids:
            chosen = self.criteria_up_to(level_id) if cumulative else self.criteria_at(level_id)
            self._ids[key] = tuple(c.id for c in chosen if c.must_meet)
        return self._ids[key]

    def scale_point(self, value: int) -> ScalePoint:
        for point in self.scale:
            if point.value == value:
                return point
        raise KeyError(value)

    @property
    def scale_values(self) -> tuple[int, ...]:
        return tuple(point.value for point in self.scale)

    def on_scale(self, value: object) -> bool:
        """Whether a value is a score on this framework's rating scale (True/False never are)."""
        return not isinstance(value, bool) and value in self.scale_values

    def off_scale(self, value: object) -> str:
        """The one refusal for a value that is not on the scale, naming the values that are."""
        values = ", ".join(str(v) for v in self.scale_values)
        return f"{value} is not on the rating scale ({values})."

    def outcome(self, outcome_id: str) -> OutcomeDefinition:
        for outcome in self.outcomes:
            if outcome.id == outcome_id:
                return outcome
        raise KeyError(outcome_id)

    def fingerprint(self) -> str:
        """A short hash of the criterion list (ids, levels, principles) that templates record."""
        text = "\n".join(f"{c.id}|{c.level}|{c.principle}" for c in self.criteria)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def framework_from_dict(data: Mapping[str, Any]) -> Framework:
    """Build a framework from its (schema-valid) JSON form and check its cross-references."""
    levels = tuple(
        sorted(
            (
                Level(
                    id=item["id"],
                    name=item["name"],
                    code=item["code"],
                    rank=int(item["rank"]),
                    colour=item["colour"],
                    description=item.get("description", ""),
                )
                for item in data["levels"]
            ),
            key=lambda level: level.rank,
        )
    )
    principles = tuple(
        Principle(item["id"], item["name"], item.get("description", ""))
        for item in data["principles"]
    )
    scale = tuple(
        sorted(
            (
                ScalePoint(int(p["value"]), p["label"], p.get("descriptor", ""))
                for p in data["scale"]["points"]
            ),
            key=lambda point: point.value,
        )
    )
    rule = data["award_rule"]
    minor = rule.get("minor_revisions")
    award_rule = AwardRule(
        threshold=int(rule["threshold"]),
        minor_revisions=(
            MinorRevisionsRule(int(minor["max_criteria"]), int(minor["score"])) if minor else None
        ),
        lower_level_on_not_yet=bool(rule.get("lower_level_on_not_yet", False)),
    )
    outcomes = tuple(
        OutcomeDefinition(item["id"], item["label"], item.get("description", ""))
        for item in data["outcomes"]
    )
    criteria = tuple(
        Criterion(
            id=item["id"],
            level=item["level"],
            principle=item["principle"],
            title=item["title"],
            guidance=item.get("guidance", ""),
            evidence_examples=tuple(item.get("evidence_examples", ())),
            must_meet=bool(item.get("must_meet", True)),
        )
        for item in data["criteria"]
    )
    framework = Framework(
        key=data["id"],
        version=str(data["version"]),
        name=data["name"],
        status=data["status"],
        description=data.get("description", ""),
        levels=levels,
        principles=principles,
        scale=scale,
        award_rule=award_rule,
        outcomes=outcomes,
        criteria=criteria,
    )
    check_references(framework)
    return framework


def _duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({v for v in values if v in seen or seen.add(v)})  # type: ignore[func-returns-value]


def check_references(framework: Framework) -> None:
    """Raise FrameworkError naming every broken cross-reference or duplicate id."""
    problems: list[str] = []
    for kind, ids in (
        ("level", [level.id for level in framework.levels]),
        ("principle", [p.id for p in framework.principles]),
        ("criterion", [c.id for c in framework.criteria]),
        ("scale value", [str(p.value) for p in framework.scale]),
        ("outcome", [o.id for o in framework.outcomes]),
        ("level rank", [str(level.rank) for level in framework.levels]),
    ):
        for duplicate in _duplicates(ids):
            problems.append(f"duplicate {kind} {duplicate!r}")
    level_ids = {level.id for level in framework.levels}
    principle_ids = {p.id for p in framework.principles}
    for index, criterion in enumerate(framework.criteria):
        where = f"$.criteria[{index}]"
        if criterion.level not in level_ids:
            problems.append(f"{where}.level: unknown level {criterion.level!r}")
        if criterion.principle not in principle_ids:
            problems.append(f"{where}.principle: unknown principle {criterion.principle!r}")
    values = set(framework.scale_values)
    rule = framework.award_rule
    if rule.threshold not in values:
        problems.append(f"$.award_rule.threshold: {rule.threshold} is not a value of the scale")
    if rule.minor_revisions and rule.minor_revisions.score not in values:
        problems.append(
            f"$.award_rule.minor_revisions.score: {rule.minor_revisions.score} is not on the scale"
        )
    required = {"awarded", "not_yet_awarded"} | (
        {"minor_revisions"} if rule.minor_revisions else set()
    )
    missing = sorted(required - {o.id for o in framework.outcomes})
    if missing:
        problems.append(f"$.outcomes: missing {', '.join(missing)}")
    if problems:
        raise FrameworkError("; ".join(problems))


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no spacing: the form that is hashed and stored."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
