"""The retention schedule as a service: its settings, what is due, removing it after a backup."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from arf_desktop.domain import retention as rules
from arf_desktop.domain.errors import Refused
from arf_desktop.domain.retention import KINDS, DueItem, Kind, Schedule
from arf_desktop.exporters.output_settings import VALIDITY_KEY, parse_validity
from arf_desktop.storage import retention as store
from arf_desktop.storage.retention_facts import submission_facts
from arf_desktop.storage.workspace import Workspace, put_setting, read_setting

AUDIT_ACTION = "retention.apply"


def retention_schedule(workspace: Workspace) -> Schedule:
    """The workspace's schedule: each kind's years as set, else its default."""
    with workspace.read() as conn:
        stored = {k.key: read_setting(conn, rules.SETTING_PREFIX + k.key) for k in KINDS}
    return rules.schedule_from(stored)


def save_retention_schedule(workspace: Workspace, actor: str, changes: dict[str, str]) -> Schedule:
    """Check and store years per kind ({"evidence": "3"}), all in one audited write."""
    checked: dict[str, int] = {}
    for name, text in changes.items():
        kind = rules.kind_named(name)
        if not str(text).strip():
            raise Refused(f"Give the years to keep {kind.label}, e.g. {kind.key}=3.")
        checked[kind.key] = rules.parse_years(kind, text)
    if checked:
        with workspace.write(actor) as tx:
            for key, years in checked.items():
                put_setting(tx, rules.SETTING_PREFIX + key, str(years))
    return retention_schedule(workspace)


@dataclass(frozen=True)
class KindStatus:
    """One kind on one day: its years and the items due."""

    kind: Kind
    years: int
    items: tuple[DueItem, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.key,
            "label": self.kind.label,
            "years": self.years,
            "anchor": self.kind.anchor,
            "due": len(self.items),
            "items": [item.as_json() for item in self.items],
        }


@dataclass(frozen=True)
class RetentionReport:
    """What is due under the schedule on a day, kind by kind."""

    as_of: str
    kinds: tuple[KindStatus, ...]

    @property
    def total(self) -> int:
        return sum(len(k.items) for k in self.kinds)

    def as_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "due": self.total, "kinds": [k.as_json() for k in self.kinds]}


def _validity(conn: Any) -> int:
    return parse_validity(read_setting(conn, VALIDITY_KEY))


def _due(conn: Any, schedule: Schedule, as_of: date) -> RetentionReport:
    facts = submission_facts(conn, _validity(conn))
    kinds = tuple(
        KindStatus(kind, schedule[kind.key],
                   tuple(store.KINDS[kind.key].due(conn, facts, schedule[kind.key], as_of)))
        for kind in KINDS
    )  # fmt: skip
    return RetentionReport(as_of.isoformat(), kinds)


def retention_status(workspace: Workspace, as_of: date | None = None) -> RetentionReport:
    """What is due on `as_of` (default today) under the workspace's schedule."""
    schedule = retention_schedule(workspace)
    with workspace.read() as conn:
        return _due(conn, schedule, as_of or date.today())


@dataclass(frozen=True)
class ApplyResult:
    """What a run removed (or, dry, would remove): the report, the backup, per-kind summaries."""

    report: RetentionReport
    dry_run: bool
    backup: str | None = None
    removed: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            **self.report.as_json(),
            "dry_run": self.dry_run,
            "backup": self.backup,
            "removed": self.removed,
            "notes": list(self.notes),
        }


def apply_retention(
    workspace: Workspace, actor: str, as_of: date | None = None, dry_run: bool = False
) -> ApplyResult:
    """Remove everything due, after a backup, in one write with one audit entry per kind.

    A dry run only reports. The removal recomputes what is due inside the write, so exactly
    what the report lists goes; on SQLite the file is then vacuumed so nothing removed stays
    in its free pages.
    """
    day = as_of or date.today()
    planned = retention_status(workspace, day)
    if dry_run or planned.total == 0:
        notes = () if planned.total else ("Nothing is due.",)
        return ApplyResult(planned, dry_run, notes=notes)
    notes: list[str] = []
    backup = None
    if workspace.path is not None:
        backup = str(workspace.backup("before-retention"))
    else:
        notes.append("A server database is not backed up by ARF Desktop: take a pg_dump first.")
    schedule = retention_schedule(workspace)
    removed: dict[str, dict[str, Any]] = {}
    with workspace.write(actor) as tx:
        report = _due(tx.connection, schedule, day)
        by_key = {k.kind.key: k for k in report.kinds}
        for key in store.REMOVAL_ORDER:
            status = by_key[key]
            if not status.items:
                continue
            summary = store.KINDS[key].remove(tx.connection, list(status.items))
            removed[key] = summary
            tx.audit(AUDIT_ACTION, "retention", key, {
                "as_of": report.as_of, "years": status.years, "items": len(status.items),
                **summary,
            })  # fmt: skip
    store.vacuum(workspace.engine)
    return ApplyResult(report, False, backup, removed, tuple(notes))
