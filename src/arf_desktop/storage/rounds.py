"""Rounds and the submissions in them, as records for services and the window."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.records import Round, SubmissionRow, WorkspaceCounts
from arf_desktop.storage import audit, tables
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
    )


def list_rounds(conn: Connection) -> list[Round]:
    return [_round(r) for r in conn.execute(select(tables.rounds).order_by(tables.rounds.c.id))]


def find_round(conn: Connection, name: str) -> Round | None:
    wanted = name.strip().casefold()
    for item in list_rounds(conn):
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


def submission_rows(conn: Connection, round_id: int | None = None) -> list[SubmissionRow]:
    """Every submission with its latest version, evidence-file and warning counts."""
    s, v, o, r = (
        tables.submissions,
        tables.submission_versions,
        tables.organisations,
        tables.rounds,
    )
    latest = tables.latest_versions()
    files = (
        select(tables.evidence_links.c.version_id, func.count().label("n"))
        .where(tables.evidence_links.c.file_id.is_not(None))
        .group_by(tables.evidence_links.c.version_id)
        .subquery()
    )
    query = (
        select(
            s.c.id,
            r.c.name.label("round_name"),
            o.c.name.label("organisation"),
            o.c.icb,
            v.c.level_applied,
            v.c.version_no,
            v.c.id.label("version_id"),
            v.c.source_name,
            v.c.imported_at,
            v.c.warnings,
            func.coalesce(files.c.n, 0).label("files"),
        )
        .join(latest, latest.c.submission_id == s.c.id)
        .join(v, (v.c.submission_id == s.c.id) & (v.c.version_no == latest.c.version_no))
        .join(o, o.c.id == s.c.organisation_id)
        .join(r, r.c.id == s.c.round_id)
        .outerjoin(files, files.c.version_id == v.c.id)
        .order_by(o.c.name)
    )
    if round_id is not None:
        query = query.where(s.c.round_id == round_id)
    return [
        SubmissionRow(
            id=row.id,
            round_name=row.round_name,
            organisation=row.organisation,
            icb=row.icb,
            level_applied=row.level_applied,
            version_no=row.version_no,
            version_id=row.version_id,
            source_name=row.source_name,
            imported_at=row.imported_at,
            evidence_files=row.files,
            warnings=len(json.loads(row.warnings)),
        )
        for row in conn.execute(query)
    ]


def counts(conn: Connection) -> WorkspaceCounts:
    def count(table: Any) -> int:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()

    return WorkspaceCounts(
        organisations=count(tables.organisations),
        rounds=count(tables.rounds),
        submissions=count(tables.submissions),
        assessors=count(tables.assessors),
        allocations=count(tables.allocations),
        scores=conn.execute(
            select(func.count())
            .select_from(tables.scores)
            .where(tables.scores.c.score.is_not(None))
        ).scalar_one(),
        audit_entries=audit.count_entries(conn),
    )
