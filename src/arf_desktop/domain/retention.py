"""The retention schedule: what each kind of personal data is kept for, and from which date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from arf_desktop.domain.errors import Refused

EVIDENCE, SUBMISSIONS, SCORES, CONTACTS, AUDIT = (
    "evidence", "submissions", "scores", "contacts", "audit",
)  # fmt: skip
MIN_YEARS, MAX_YEARS = 1, 50
SETTING_PREFIX = "retention."


@dataclass(frozen=True)
class Kind:
    """One kind of data the schedule covers: its key, label, default years and anchor date."""

    key: str
    label: str
    default_years: int
    anchor: str


KINDS: tuple[Kind, ...] = (
    Kind(EVIDENCE, "evidence files", 2,
         "after the award's validity ends, or after the round ended when no level was awarded"),
    Kind(SCORES, "scores and comments", 3, "after the round ended"),
    Kind(SUBMISSIONS, "submissions", 6,
         "after the round ended, and never while the award it earned is still valid"),
    Kind(CONTACTS, "contact details", 3, "after the organisation's last round ended"),
    Kind(AUDIT, "audit entries", 6, "after the entry was written; entries and chain stay"),
)  # fmt: skip
BY_KEY = {kind.key: kind for kind in KINDS}


def kind_named(text: str) -> Kind:
    """A kind by its key or label ("evidence", "evidence files", "scores-and-comments")."""
    wanted = " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()
    for kind in KINDS:
        if wanted in (kind.key, kind.label):
            return kind
    known = ", ".join(kind.key for kind in KINDS)
    raise Refused(f"“{text}” is not a kind of data the schedule covers (kinds: {known}).")


def parse_years(kind: Kind, text: str | None) -> int:
    """A number of whole years, MIN_YEARS to MAX_YEARS; the kind's default when empty."""
    if text is None or not str(text).strip():
        return kind.default_years
    try:
        years = int(str(text).strip())
    except ValueError:
        years = 0
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise Refused(
            f"Retention of {kind.label} is “{text}”; it must be a whole number of years, "
            f"{MIN_YEARS} to {MAX_YEARS}."
        )
    return years


@dataclass(frozen=True)
class Schedule:
    """Years kept per kind, and which of them were set (the rest are defaults)."""

    years: dict[str, int] = field(default_factory=lambda: {k.key: k.default_years for k in KINDS})
    set_keys: frozenset[str] = frozenset()

    def __getitem__(self, key: str) -> int:
        return self.years[key]

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": kind.key,
                "label": kind.label,
                "years": self.years[kind.key],
                "default_years": kind.default_years,
                "anchor": kind.anchor,
                "set": kind.key in self.set_keys,
            }
            for kind in KINDS
        ]


def schedule_from(stored: dict[str, str | None]) -> Schedule:
    """The schedule from stored settings (key → text), each checked."""
    years = {kind.key: parse_years(kind, stored.get(kind.key)) for kind in KINDS}
    chosen = frozenset(k for k, v in stored.items() if v is not None and str(v).strip())
    return Schedule(years, chosen)


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def as_date(text: str | None) -> date | None:
    """The date part of a stored date or timestamp, or None."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def latest(*days: date | None) -> date | None:
    found = [d for d in days if d is not None]
    return max(found) if found else None


def is_due(anchor: date | None, years: int, as_of: date) -> bool:
    """Whether data anchored on `anchor` and kept `years` is due on `as_of` (on the day itself)."""
    return anchor is not None and add_years(anchor, years) <= as_of


@dataclass(frozen=True)
class DueItem:
    """One thing due for removal: what it is (ids, no personal values) and why it is due."""

    kind: str
    item_id: int
    label: str
    anchor: str
    due_on: str
    ids: dict[str, list[int]] = field(default_factory=dict)
    before: str | None = None  # audit entries: those written before this day

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.item_id,
            "label": self.label,
            "anchor": self.anchor,
            "due_on": self.due_on,
            "ids": self.ids,
            **({"before": self.before} if self.before else {}),
        }
