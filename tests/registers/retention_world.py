"""A workspace whose data straddles every retention cutoff by one day, and row-set snapshots."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from arf_desktop.demo.workspace import synthetic_version
from arf_desktop.moderation.decide import decide
from arf_desktop.registers.assessors import AssessorDraft, add_assessor
from arf_desktop.registers.frameworks import current_framework
from arf_desktop.registers.rounds import RoundDraft, create_round, set_status
from arf_desktop.scoring.allocation import allocate, list_allocations
from arf_desktop.scoring.scores import apply_change, submit
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage import tables
from arf_desktop.storage.submissions import add_version
from arf_desktop.storage.workspace import Workspace

ACTOR = "Retention tester"
ASSESSORS = ("Asha Patel", "Ben Ward")
# "early" ends one day before "late"; each decision's panel date likewise one day apart.
ROUNDS = {
    "early": {"closes_on": "2020-03-31", "panel_date": "2020-03-10"},
    "late": {"closes_on": "2020-04-01", "panel_date": "2020-03-11"},
}
CONTACT_EMAIL = "retention.contact.{}@example.nhs.uk"
# Each kind's due day for "early" under its default years (late is due one day after).
DUE = {
    "evidence": "2025-03-10",  # validity 3 years from the panel, then 2 years
    "scores": "2023-03-31",  # 3 years after the round's end
    "submissions": "2026-03-31",  # 6 years after the round's end
    "contacts": "2023-03-31",  # 3 years after the organisation's last round ended
}


@dataclass(frozen=True)
class World:
    """Ids of what the workspace holds: per round, its organisation and submission."""

    organisations: dict[str, int]
    submissions: dict[str, int]
    rounds: dict[str, int]


def _round(workspace: Workspace, name: str, dates: dict[str, str], orgs: list[Any]) -> int:
    found = current_framework(workspace)
    assert found is not None
    framework = found[1]
    created = create_round(workspace, ACTOR, RoundDraft(name, **dates))
    with workspace.write(ACTOR) as tx:
        for index, org in enumerate(orgs):
            rng = random.Random(f"{name}-{index}")
            add_version(
                tx, synthetic_version(rng, framework, created.id, org.id, org.name, "bronze")
            )
    allocate(workspace, ACTOR, name, list(ASSESSORS), 2)
    rows = list_allocations(workspace, name)
    with workspace.write(ACTOR) as tx:
        for row in rows:
            facts = allocation_repo.get_allocation(tx.connection, row.id)
            assert facts is not None
            for criterion in framework.criteria_up_to(facts.level_applied):
                apply_change(tx, facts, framework, criterion.id, "score", 2, "test")
                apply_change(
                    tx, facts, framework, criterion.id, "comment", "Seen in minutes", "test"
                )
    if "panel_date" in dates:
        for row in rows:
            submit(workspace, row.assessor, row.id)
        decide(workspace, ACTOR, name, None, dates["panel_date"], [ACTOR])
        set_status(workspace, ACTOR, name, "closed")
    return created.id


def build_world(workspace: Workspace) -> World:
    """Three trusts: one in a round that ended a day before another's, one in an open round."""
    for name in ASSESSORS:
        add_assessor(workspace, ACTOR, AssessorDraft(name))
    with workspace.read() as conn:
        trusts = [o for o in org_repo.list_organisations(conn) if o.org_type == "Trust"][:3]
    with workspace.write(ACTOR) as tx:
        for key, org in zip(("early", "late", "open"), trusts, strict=True):
            tx.execute(
                tables.organisations.update()
                .where(tables.organisations.c.id == org.id)
                .values(contact_name=f"Contact {key}", contact_email=CONTACT_EMAIL.format(key))
            )
    rounds = {
        "early": _round(workspace, "Round early", ROUNDS["early"], [trusts[0]]),
        "late": _round(workspace, "Round late", ROUNDS["late"], [trusts[1]]),
        "open": _round(workspace, "Round open", {"closes_on": "2019-01-01"}, [trusts[2]]),
    }
    s = tables.submissions
    with workspace.read() as conn:
        submissions = {
            key: conn.execute(select(s.c.id).where(s.c.round_id == rid)).scalar_one()
            for key, rid in rounds.items()
        }
    organisations = dict(zip(("early", "late", "open"), [t.id for t in trusts], strict=True))
    return World(organisations, submissions, rounds)


def snapshot(workspace: Workspace) -> dict[str, dict[Any, tuple]]:
    """Every row of every table, by primary key (the whole row when a table has none)."""
    found: dict[str, dict[Any, tuple]] = {}
    with workspace.read() as conn:
        for table in tables.metadata.sorted_tables:
            keys = list(table.primary_key.columns)
            rows = {}
            for row in conn.execute(select(table)):
                data = tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                key = tuple(getattr(row, c.name) for c in keys) if keys else data
                rows[key[0] if len(key) == 1 else key] = data
            found[table.name] = rows
    return found


def changes(before: dict, after: dict) -> dict[str, dict[str, set]]:
    """Per table: keys removed, added and changed (tables that did not change are left out)."""
    found = {}
    for name, rows in before.items():
        now = after[name]
        removed, added = set(rows) - set(now), set(now) - set(rows)
        changed = {k for k in set(rows) & set(now) if rows[k] != now[k]}
        if removed or added or changed:
            found[name] = {"removed": removed, "added": added, "changed": changed}
    return found


def rows_of(workspace: Workspace, table: Any, column: Any, ids: list[int]) -> set[int]:
    """Primary keys of `table` rows whose `column` is in `ids`."""
    with workspace.read() as conn:
        return set(conn.execute(select(table.c.id).where(column.in_(ids))).scalars())
