"""Rounds: list, find, create and change their settings, audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.records import Round
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx


def _round(row: Any) -> Round:
    return Round(
        id=row.id,
        name=row.name,
        framework_id=row.framework_id,
        opens_on=row.opens_on,
        closes_on=row.closes_on,
        assessors_per_submission=row.assessors_per_submission,
        same_icb_conflict=bool(row.same_icb_conflict),
        status=row.status or "open",
        submission_deadline=row.submission_deadline,
        scoring_deadline=row.scoring_deadline,
        panel_date=row.panel_date,
        resubmission_opens=row.resubmission_opens,
        resubmission_closes=row.resubmission_closes,
    )


def list_rounds(conn: Connection, include_hidden: bool = False) -> list[Round]:
    """Live rounds in order; `include_hidden` adds the rounds that hold calibration exercises."""
    query = select(tables.rounds).order_by(tables.rounds.c.id)
    if not include_hidden:
        hidden = select(tables.calibration_exercises.c.round_id)
        query = query.where(tables.rounds.c.id.not_in(hidden))
    return [_round(r) for r in conn.execute(query)]


def find_round(conn: Connection, name: str) -> Round | None:
    wanted = name.strip().casefold()
    for item in list_rounds(conn, include_hidden=True):
        if item.name.casefold() == wanted:
            return item
    return None


def get_round(conn: Connection, round_id: int) -> Round:
    return _round(conn.execute(select(tables.rounds).where(tables.rounds.c.id == round_id)).one())


def insert_round(tx: WriteTx, values: dict[str, Any]) -> int:
    round_id = tx.execute(
        tables.rounds.insert().values(created_at=utc_now(), **values)
    ).inserted_primary_key[0]
    tx.audit("round.create", "round", round_id, values)
    return round_id


def update_round(
    tx: WriteTx, round_id: int, changes: dict[str, Any], source: str
) -> dict[str, list[Any]]:
    """Change a round's settings; return {field: [old, new]} for those that really changed."""
    r = tables.rounds
    row = tx.execute(select(r).where(r.c.id == round_id)).one()
    diff = {k: [getattr(row, k), v] for k, v in changes.items() if getattr(row, k) != v}
    if diff:
        tx.execute(
            r.update().where(r.c.id == round_id).values({k: v for k, (_, v) in diff.items()})
        )
        tx.audit("round.edit", "round", round_id, {"changes": diff, "source": source})
    return diff


def round_holdings(conn: Connection, round_id: int) -> dict[str, list[str] | int]:
    """What a round holds that would stop it being deleted: submissions and exchange records."""
    s, o = tables.submissions, tables.organisations
    names = list(
        conn.execute(
            select(o.c.name)
            .join(s, s.c.organisation_id == o.c.id)
            .where(s.c.round_id == round_id)
            .order_by(o.c.name)
        ).scalars()
    )
    exchanged = 0
    for table in (tables.exchange_origins, tables.exchange_merges):
        exchanged += conn.execute(
            select(func.count()).select_from(table).where(table.c.round_id == round_id)
        ).scalar_one()
    return {"submissions": names, "exchange_records": exchanged}


def delete_round(tx: WriteTx, round_id: int, name: str) -> None:
    tx.execute(tables.rounds.delete().where(tables.rounds.c.id == round_id))
    tx.audit("round.delete", "round", round_id, {"name": name})
