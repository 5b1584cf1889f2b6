"""An organisation's history across rounds, and the region's progress round by round."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from arf_desktop.domain.errors import NotFound
from arf_desktop.exporters.dashboard import (
    COUNTED_TYPES,
    dashboard_for,
    held_levels,
)
from arf_desktop.exporters.documents import add_years
from arf_desktop.exporters.output_settings import output_settings
from arf_desktop.registers.frameworks import current_framework
from arf_desktop.storage import moderation as moderation_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage.workspace import Workspace

RENEWAL_NOTICE = timedelta(days=183)  # renewal is due six months before an award lapses


@dataclass(frozen=True)
class HistoryLine:
    """One round of one organisation's history, as `history --json` prints it."""

    round: str
    level_applied: str
    status: str  # decided | open | withdrawn
    outcome: str | None
    level_awarded: str | None
    decision_date: str | None
    valid_until: str | None
    renewal_due: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _line(fact: moderation_repo.HistoryFact, validity_years: int) -> HistoryLine:
    decided = fact.decision_panel_date or (fact.decided_at or "")[:10] or None
    valid_until = renewal = None
    if decided and fact.level_awarded:
        until = add_years(date.fromisoformat(decided), validity_years)
        valid_until, renewal = until.isoformat(), (until - RENEWAL_NOTICE).isoformat()
    status = "decided" if fact.outcome else "open"
    status = "withdrawn" if fact.withdrawn_at else status
    return HistoryLine(
        fact.round_name,
        fact.level_applied,
        status,
        fact.outcome,
        fact.level_awarded,
        decided if fact.outcome else None,
        valid_until,
        renewal,
    )


def organisation_history(workspace: Workspace, organisation: str) -> tuple[str, list[HistoryLine]]:
    """(the register's name, every round it submitted to, oldest first)."""
    validity = output_settings(workspace).validity_years
    with workspace.read() as conn:
        found = org_repo.find_organisation(conn, organisation)
        if found is None:
            raise NotFound(f"“{organisation}” is not in the organisation register.")
        facts = moderation_repo.organisation_history(conn, found.id)
    facts.sort(key=lambda f: (f.panel_date or f.decision_panel_date or "9999", f.round_id))
    return found.name, [_line(f, validity) for f in facts]


@dataclass(frozen=True)
class TrendPoint:
    """The region after one round: organisations holding a valid level, against the target."""

    round: str
    as_of: str
    recognised: int
    organisations: int
    share: float
    target: float

    @property
    def meets_target(self) -> bool:
        return self.organisations > 0 and self.share >= self.target - 1e-9


def progress_over_time(workspace: Workspace) -> list[TrendPoint]:
    """The region's recognised share at the end of each round that has decisions, in order."""
    target = dashboard_for(workspace).target
    validity = output_settings(workspace).validity_years
    found = current_framework(workspace)
    if found is None:
        return []
    framework = found[1]
    with workspace.read() as conn:
        rounds = sorted(round_repo.list_rounds(conn), key=lambda r: (r.panel_date or "9999", r.id))
        facts = moderation_repo.dated_awards(conn)
        organisations = [
            o for o in org_repo.list_organisations(conn) if o.active and o.org_type in COUNTED_TYPES
        ]
    points = []
    done: set[int] = set()
    for item in rounds:
        done.add(item.id)
        mine = [f for f in facts if f.round_id == item.id]
        if not mine:
            continue
        last = max(f.decided_at[:10] for f in mine)
        as_of = date.fromisoformat(item.panel_date or last)
        upto = [f for f in facts if f.round_id in done]
        held = held_levels(framework, upto, validity, as_of)
        recognised = sum(1 for o in organisations if o.id in held)
        share = recognised / len(organisations) if organisations else 0.0
        points.append(
            TrendPoint(item.name, as_of.isoformat(), recognised, len(organisations), share, target)
        )
    return points
