"""The dates retention is reckoned from: each submission's round end and award validity."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, union
from sqlalchemy.engine import Connection

from arf_desktop.domain.retention import add_years, as_date, latest
from arf_desktop.storage import tables

ROUND_DATES = ("closes_on", "submission_deadline", "scoring_deadline", "panel_date",
               "resubmission_closes")  # fmt: skip


@dataclass(frozen=True)
class SubmissionFacts:
    """One live submission with the dates its retention is reckoned from."""

    submission_id: int
    round_id: int
    round_name: str
    organisation_id: int
    organisation: str
    round_end: date | None  # None while the round is open: nothing in it is ever due
    valid_until: date | None  # the end of the award's validity (None: no level awarded)

    @property
    def label(self) -> str:
        return f"{self.organisation} — {self.round_name}"


def calibration_held(conn: Connection) -> set[int]:
    """Submissions a calibration exercise uses (as a source or a seed): kept with the exercise."""
    ci, cs = tables.calibration_items, tables.calibration_seeds
    query = union(
        select(ci.c.source_submission_id.label("id")).where(ci.c.source_submission_id.is_not(None)),
        select(cs.c.submission_id.label("id")),
        select(cs.c.key_submission_id.label("id")),
    )
    return {row.id for row in conn.execute(query)}


def round_ends(conn: Connection) -> dict[int, date | None]:
    """Each closed live round's last day: its latest date, decision or import; open rounds None."""
    r, s, d = tables.rounds, tables.submissions, tables.decisions
    hidden = select(tables.calibration_exercises.c.round_id)
    decided: dict[int, list[date | None]] = defaultdict(list)
    for row in conn.execute(
        select(s.c.round_id, d.c.panel_date, d.c.decided_at).join(d, d.c.submission_id == s.c.id)
    ):
        decided[row.round_id].append(as_date(row.panel_date) or as_date(row.decided_at))
    ends: dict[int, date | None] = {}
    for row in conn.execute(select(r).where(r.c.id.not_in(hidden))):
        if (row.status or "open") != "closed":
            ends[row.id] = None
            continue
        days = [as_date(getattr(row, name)) for name in ROUND_DATES]
        ends[row.id] = latest(*days, *decided[row.id]) or as_date(row.created_at)
    return ends


def submission_facts(conn: Connection, validity_years: int) -> list[SubmissionFacts]:
    """Every live submission (not a calibration one) with its round end and award validity."""
    s, r, o, d = tables.submissions, tables.rounds, tables.organisations, tables.decisions
    ends = round_ends(conn)
    held = calibration_held(conn)
    rows = conn.execute(
        select(
            s.c.id,
            s.c.round_id,
            r.c.name.label("round_name"),
            s.c.organisation_id,
            o.c.name.label("organisation"),
            d.c.level_awarded,
            d.c.panel_date,
            d.c.decided_at,
        )
        .join(r, r.c.id == s.c.round_id)
        .join(o, o.c.id == s.c.organisation_id)
        .outerjoin(d, d.c.submission_id == s.c.id)
        .order_by(r.c.id, o.c.name)
    )
    found = []
    for row in rows:
        if row.round_id not in ends or row.id in held:
            continue
        valid_until = None
        decided_on = as_date(row.panel_date) or as_date(row.decided_at)
        if row.level_awarded and decided_on is not None:
            valid_until = add_years(decided_on, validity_years)
        found.append(
            SubmissionFacts(
                row.id,
                row.round_id,
                row.round_name,
                row.organisation_id,
                row.organisation,
                ends[row.round_id],
                valid_until,
            )
        )
    return found


def versions_of(conn: Connection, submission_ids: list[int]) -> dict[int, list[int]]:
    """Version ids per submission."""
    v = tables.submission_versions
    found: dict[int, list[int]] = defaultdict(list)
    if submission_ids:
        for row in conn.execute(
            select(v.c.submission_id, v.c.id)
            .where(v.c.submission_id.in_(submission_ids))
            .order_by(v.c.id)
        ):
            found[row.submission_id].append(row.id)
    return found


def allocations_of(conn: Connection, submission_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """(allocation id, assessor id) per submission."""
    al = tables.allocations
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if submission_ids:
        for row in conn.execute(
            select(al.c.submission_id, al.c.id, al.c.assessor_id)
            .where(al.c.submission_id.in_(submission_ids))
            .order_by(al.c.id)
        ):
            found[row.submission_id].append((row.id, row.assessor_id))
    return found
