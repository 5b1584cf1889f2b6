"""The regional dashboard's figures: organisations at each level by ICB, against the target."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from arf_desktop.domain.framework import Framework
from arf_desktop.domain.records import Organisation
from arf_desktop.exporters.documents import add_years
from arf_desktop.exporters.output_settings import output_settings
from arf_desktop.registers.frameworks import current_framework
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import moderation as decisions_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.moderation import DatedAward
from arf_desktop.storage.workspace import Workspace

COUNTED_TYPES = ("Trust", "ICB", "Regional team")
REGION_WIDE = "Region-wide (no ICB)"
REGION = "North West region"


@dataclass(frozen=True)
class LevelInfo:
    id: str
    name: str
    colour: str


@dataclass(frozen=True)
class GroupProgress:
    """One bar of the chart: an ICB (or the whole region) and how many hold each level."""

    name: str
    organisations: int
    held: dict[str, int] = field(default_factory=dict)  # level id -> organisations

    @property
    def recognised(self) -> int:
        return sum(self.held.values())

    @property
    def share(self) -> float:
        return self.recognised / self.organisations if self.organisations else 0.0


@dataclass(frozen=True)
class Dashboard:
    levels: tuple[LevelInfo, ...]
    groups: tuple[GroupProgress, ...]
    region: GroupProgress
    target: float
    scope: str  # "all rounds, …" or "round <name>"
    as_of: date

    def meets_target(self, group: GroupProgress) -> bool:
        return group.organisations > 0 and group.share >= self.target - 1e-9

    @property
    def lowest_level(self) -> str:
        return self.levels[0].name if self.levels else "the first level"


def _days(fact: DatedAward) -> tuple[date, date] | None:
    """The decision's date (the panel's, else the day recorded) and the day validity starts.

    Validity runs from the letter's default date: the later of the two.
    """
    try:
        recorded = date.fromisoformat(fact.decided_at[:10])
        dated = date.fromisoformat(fact.panel_date[:10]) if fact.panel_date else recorded
    except ValueError:
        return None
    return dated, max(dated, recorded)


def held_levels(
    framework: Framework,
    facts: Sequence[DatedAward],
    validity_years: int,
    as_of: date,
    round_id: int | None = None,
) -> dict[int, str]:
    """{organisation id: highest level awarded on or before `as_of` and still valid then}."""
    rank = {level.id: level.rank for level in framework.levels}
    held: dict[int, str] = {}
    for fact in facts:
        if round_id is not None and fact.round_id != round_id:
            continue
        if not fact.level_awarded or fact.level_awarded not in rank:
            continue
        days = _days(fact)
        if days is None or days[0] > as_of:
            continue  # not decided yet on that day
        if round_id is None and add_years(days[1], validity_years) < as_of:
            continue
        current = held.get(fact.organisation_id)
        if current is None or rank[fact.level_awarded] > rank[current]:
            held[fact.organisation_id] = fact.level_awarded
    return held


def group_progress(
    organisations: Sequence[Organisation], held: dict[int, str], levels: Sequence[LevelInfo]
) -> tuple[list[GroupProgress], GroupProgress]:
    """Counts per ICB and for the region over active organisations of the counted types."""
    counted = [o for o in organisations if o.active and o.org_type in COUNTED_TYPES]
    names = sorted({o.icb for o in counted if o.icb}, key=str.casefold)
    if any(not o.icb for o in counted):
        names.append(REGION_WIDE)

    def progress(name: str, members: list[Organisation]) -> GroupProgress:
        counts = {level.id: 0 for level in levels}
        for organisation in members:
            level = held.get(organisation.id)
            if level in counts:
                counts[level] += 1
        return GroupProgress(name, len(members), counts)

    groups = [
        progress(name, [o for o in counted if (o.icb or REGION_WIDE) == name]) for name in names
    ]
    return groups, progress(REGION, counted)


def dashboard_for(
    workspace: Workspace, round_name: str | None = None, as_of: date | None = None
) -> Dashboard:
    """The dashboard for one round, or across all rounds (awards still valid on `as_of`)."""
    settings = output_settings(workspace)
    as_of = as_of or date.today()
    chosen = require_round(workspace, round_name) if round_name else None
    with workspace.read() as conn:
        if chosen is not None:
            framework = framework_repo.get_framework(conn, chosen.framework_id)
        facts = decisions_repo.dated_awards(conn)
        organisations = org_repo.list_organisations(conn)
    if chosen is None:
        found = current_framework(workspace)
        if found is None:
            return Dashboard((), (), GroupProgress(REGION, 0), settings.target, "all rounds", as_of)
        framework = found[1]
    levels = tuple(LevelInfo(lv.id, lv.name, lv.colour) for lv in framework.levels)
    held = held_levels(
        framework, facts, settings.validity_years, as_of, chosen.id if chosen else None
    )
    groups, region = group_progress(organisations, held, levels)
    scope = f"round {chosen.name}" if chosen else "all rounds, awards still valid"
    return Dashboard(levels, tuple(groups), region, settings.target, scope, as_of)


def describe(dashboard: Dashboard) -> list[str]:
    """The dashboard in words, one line per bar (for screen readers, tables and the CLI)."""
    lines = []
    for group in (*dashboard.groups, dashboard.region):
        counts = ", ".join(f"{lv.name} {group.held.get(lv.id, 0)}" for lv in dashboard.levels)
        verdict = "meets" if dashboard.meets_target(group) else "below"
        lines.append(
            f"{group.name}: {group.recognised} of {group.organisations} at "
            f"{dashboard.lowest_level} or above ({group.share:.0%}; {counts}) — {verdict} the "
            f"{dashboard.target:.0%} target"
        )
    return lines
