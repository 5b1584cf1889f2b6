"""A round's own output settings: when and how minor revisions are sent back; read and saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from arf_desktop.domain.errors import Refused
from arf_desktop.domain.records import Round
from arf_desktop.exporters.documents import format_date
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage.workspace import Workspace, put_setting, read_setting

DEFAULT_WEEKS = 8
MAX_WEEKS = 52
MAX_ROUTE = 400
DEFAULT_ROUTE = (
    "return your submission workbook with the revised evidence for these criteria to the "
    "programme team by e-mail"
)


def deadline_key(round_id: int) -> str:
    return f"round.{round_id}.resubmission_deadline"


def route_key(round_id: int) -> str:
    return f"round.{round_id}.resubmission_route"


@dataclass(frozen=True)
class Resubmission:
    """Minor revisions are due `weeks` after the panel date, or on a fixed day if one is set."""

    weeks: int = DEFAULT_WEEKS
    fixed: date | None = None
    route: str = DEFAULT_ROUTE

    def deadline(self, panel_day: date) -> date:
        return self.fixed or panel_day + timedelta(weeks=self.weeks)

    def describe(self) -> str:
        when = (
            f"by {format_date(self.fixed)}"
            if self.fixed
            else f"{self.weeks} week{'s' * (self.weeks != 1)} after the panel date"
        )
        return f"revised evidence {when}; route: {self.route}"

    @property
    def deadline_text(self) -> str:
        """The setting as stored: a number of weeks, or a date."""
        return self.fixed.isoformat() if self.fixed else str(self.weeks)


def parse_deadline(text: str | None, key: str = "the resubmission deadline") -> Resubmission:
    """ "8" (weeks after the panel date) or "2026-06-01" (a fixed day)."""
    value = (text or "").strip().casefold().removesuffix("weeks").removesuffix("week").strip()
    if not value:
        return Resubmission()
    if value.isdigit():
        weeks = int(value)
        if 1 <= weeks <= MAX_WEEKS:
            return Resubmission(weeks=weeks)
    else:
        try:
            return Resubmission(fixed=date.fromisoformat(value))
        except ValueError:
            pass
    raise Refused(
        f"{key} is “{text}”: give a number of weeks after the panel date (1 to {MAX_WEEKS}) "
        "or a date written YYYY-MM-DD."
    )


def _route(text: str | None) -> str:
    route = " ".join((text or "").split()).rstrip(".")
    if len(route) > MAX_ROUTE:
        raise Refused(f"Keep the resubmission route under {MAX_ROUTE} characters.")
    return route or DEFAULT_ROUTE


def resubmission_for(workspace: Workspace, chosen: Round) -> Resubmission:
    """The round's resubmission setting (8 weeks after the panel date by default)."""
    with workspace.read() as conn:
        deadline, route = (read_setting(conn, key(chosen.id)) for key in (deadline_key, route_key))
    found = parse_deadline(deadline, deadline_key(chosen.id))
    return Resubmission(found.weeks, found.fixed, _route(route))


def save_resubmission(
    workspace: Workspace,
    actor: str,
    round_name: str,
    deadline: str | None = None,
    route: str | None = None,
) -> Resubmission:
    """Check and store the round's resubmission deadline and route (each only when given)."""
    chosen = require_round(workspace, round_name)
    values = {}
    if deadline is not None:
        values[deadline_key(chosen.id)] = parse_deadline(deadline).deadline_text
    if route is not None:
        values[route_key(chosen.id)] = _route(route)
    if values:
        with workspace.write(actor) as tx:
            for key, value in values.items():
                put_setting(tx, key, value)
    return resubmission_for(workspace, chosen)
