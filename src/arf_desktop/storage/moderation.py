"""The panel's work: agreed scores and decisions, read per round or submission, and written."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.moderation import Agreed
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx


@dataclass(frozen=True)
class AgreedRecord:
    criterion_id: str
    score: int
    rationale: str
    feedback: str
    revision: int
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class DecisionRecord:
    submission_id: int
    version_id: int
    outcome: str
    level_awarded: str | None
    computed_outcome: str
    computed_level: str | None
    override_reason: str
    panel_date: str | None
    members: tuple[str, ...]
    recusals: tuple[str, ...]
    decided_at: str
    decided_by: str


def agreed_for_round(
    conn: Connection, round_id: int, submission_id: int | None = None
) -> dict[int, dict[str, Agreed]]:
    """{submission id: {criterion: agreed}} for the round (or one submission)."""
    ag, s = tables.agreed_scores, tables.submissions
    found: dict[int, dict[str, Agreed]] = {}
    query = (
        select(ag.c.submission_id, ag.c.criterion_id, ag.c.score, ag.c.rationale, ag.c.feedback)
        .join(s, s.c.id == ag.c.submission_id)
        .where(s.c.round_id == round_id)
    )
    if submission_id is not None:
        query = query.where(ag.c.submission_id == submission_id)
    rows = conn.execute(query)
    for submission_id, criterion_id, score, rationale, feedback in rows:
        found.setdefault(submission_id, {})[criterion_id] = Agreed(score, rationale, feedback)
    return found


def agreed_scores_for_round(
    conn: Connection, round_id: int, submission_id: int | None = None
) -> dict[int, dict[str, int]]:
    """{submission id: {criterion: agreed score}} for the round (or one submission)."""
    ag, s = tables.agreed_scores, tables.submissions
    query = (
        select(ag.c.submission_id, ag.c.criterion_id, ag.c.score)
        .join(s, s.c.id == ag.c.submission_id)
        .where(s.c.round_id == round_id)
    )
    if submission_id is not None:
        query = query.where(ag.c.submission_id == submission_id)
    found: dict[int, dict[str, int]] = {}
    for sid, criterion_id, score in conn.execute(query):
        found.setdefault(sid, {})[criterion_id] = score
    return found


def agreed_records(conn: Connection, submission_id: int) -> list[AgreedRecord]:
    """Every agreed score of one submission with its revision and who last changed it."""
    ag = tables.agreed_scores
    rows = conn.execute(
        select(
            ag.c.criterion_id,
            ag.c.score,
            ag.c.rationale,
            ag.c.feedback,
            ag.c.revision,
            ag.c.updated_at,
            ag.c.updated_by,
        )
        .where(ag.c.submission_id == submission_id)
        .order_by(ag.c.id)
    ).all()
    return [AgreedRecord(*row) for row in rows]


def write_agreed(
    tx: WriteTx, submission_id: int, criterion_id: str, agreed: Agreed
) -> tuple[Agreed | None, int]:
    """Insert or update an agreed score; return the previous value and the new revision."""
    ag = tables.agreed_scores
    old = tx.execute(
        select(ag).where(ag.c.submission_id == submission_id, ag.c.criterion_id == criterion_id)
    ).one_or_none()
    values = {
        "score": agreed.score,
        "rationale": agreed.rationale,
        "feedback": agreed.feedback,
        "updated_at": utc_now(),
        "updated_by": tx.actor,
    }
    if old is None:
        tx.execute(
            ag.insert().values(submission_id=submission_id, criterion_id=criterion_id, **values)
        )
        return None, 1
    tx.execute(ag.update().where(ag.c.id == old.id).values(revision=old.revision + 1, **values))
    return Agreed(old.score, old.rationale, old.feedback), old.revision + 1


def _decision(row: Any) -> DecisionRecord:
    return DecisionRecord(
        submission_id=row.submission_id,
        version_id=row.version_id,
        outcome=row.outcome,
        level_awarded=row.level_awarded,
        computed_outcome=row.computed_outcome,
        computed_level=row.computed_level,
        override_reason=row.override_reason,
        panel_date=row.panel_date,
        members=tuple(json.loads(row.members)),
        recusals=tuple(json.loads(row.recusals)),
        decided_at=row.decided_at,
        decided_by=row.decided_by,
    )


def decisions_for_round(conn: Connection, round_id: int) -> dict[int, DecisionRecord]:
    d, s = tables.decisions, tables.submissions
    rows = conn.execute(
        select(d).join(s, s.c.id == d.c.submission_id).where(s.c.round_id == round_id)
    )
    return {row.submission_id: _decision(row) for row in rows}


def write_decision(tx: WriteTx, record: DecisionRecord) -> DecisionRecord | None:
    """Record (or replace) the decision for a submission; return the one it replaced."""
    d = tables.decisions
    old = tx.execute(select(d).where(d.c.submission_id == record.submission_id)).one_or_none()
    values = {
        "version_id": record.version_id,
        "outcome": record.outcome,
        "level_awarded": record.level_awarded,
        "computed_outcome": record.computed_outcome,
        "computed_level": record.computed_level,
        "override_reason": record.override_reason,
        "panel_date": record.panel_date,
        "members": json.dumps(list(record.members), ensure_ascii=False),
        "recusals": json.dumps(list(record.recusals), ensure_ascii=False),
        "decided_at": record.decided_at,
        "decided_by": record.decided_by,
    }
    if old is None:
        tx.execute(d.insert().values(submission_id=record.submission_id, **values))
        return None
    tx.execute(d.update().where(d.c.id == old.id).values(**values))
    return _decision(old)


def delete_decision(tx: WriteTx, submission_id: int) -> None:
    tx.execute(tables.decisions.delete().where(tables.decisions.c.submission_id == submission_id))


@dataclass(frozen=True)
class DatedAward:
    """One decision anywhere in the workspace with the day the panel met (when recorded)."""

    organisation_id: int
    round_id: int
    outcome: str
    level_awarded: str | None
    decided_at: str
    panel_date: str | None


def dated_awards(conn: Connection) -> list[DatedAward]:
    """Every decision in the workspace with its organisation, round, panel date and record time."""
    d, s = tables.decisions, tables.submissions
    rows = conn.execute(
        select(
            s.c.organisation_id,
            s.c.round_id,
            d.c.outcome,
            d.c.level_awarded,
            d.c.decided_at,
            d.c.panel_date,
        )
        .join(s, s.c.id == d.c.submission_id)
        .where(s.c.withdrawn_at.is_(None))
        .order_by(s.c.round_id, d.c.decided_at)
    ).all()
    return [DatedAward(*row) for row in rows]


@dataclass(frozen=True)
class HistoryFact:
    """One organisation's submission in one round, with its decision if there is one."""

    round_id: int
    round_name: str
    panel_date: str | None
    level_applied: str
    withdrawn_at: str | None
    outcome: str | None
    level_awarded: str | None
    decision_panel_date: str | None
    decided_at: str | None


def organisation_history(conn: Connection, organisation_id: int) -> list[HistoryFact]:
    """Every round the organisation submitted to, oldest first, with its latest version."""
    s, r, v, d = tables.submissions, tables.rounds, tables.submission_versions, tables.decisions
    latest = tables.latest_versions()
    rows = conn.execute(
        select(
            r.c.id,
            r.c.name,
            r.c.panel_date,
            v.c.level_applied,
            s.c.withdrawn_at,
            d.c.outcome,
            d.c.level_awarded,
            d.c.panel_date.label("decision_panel_date"),
            d.c.decided_at,
        )
        .join(r, r.c.id == s.c.round_id)
        .join(latest, latest.c.submission_id == s.c.id)
        .join(v, (v.c.submission_id == s.c.id) & (v.c.version_no == latest.c.version_no))
        .outerjoin(d, d.c.submission_id == s.c.id)
        .where(s.c.organisation_id == organisation_id)
        .order_by(r.c.id)
    )
    return [HistoryFact(*row) for row in rows]
