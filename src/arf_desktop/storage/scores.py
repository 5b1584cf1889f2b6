"""Scores and comments per allocation and criterion, the evidence beside them, the comment bank."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx


@dataclass(frozen=True)
class StoredScore:
    criterion_id: str
    score: int | None
    comment: str
    revision: int
    updated_at: str
    updated_by: str
    source: str | None


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    file_id: int | None
    size: int | None


@dataclass(frozen=True)
class Evidence:
    """What the organisation said for one criterion."""

    self_assessment: str | None
    summary: str
    files: tuple[EvidenceFile, ...]


@dataclass(frozen=True)
class OtherScore:
    """Another assessor's score on the same submission (shown only once the viewer submitted)."""

    allocation_id: int
    assessor: str
    status: str
    criterion_id: str
    score: int | None
    comment: str


def _stored(row: Any) -> StoredScore:
    return StoredScore(
        criterion_id=row.criterion_id,
        score=row.score,
        comment=row.comment,
        revision=row.revision,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        source=row.source,
    )


def scores_for(conn: Connection, allocation_id: int) -> dict[str, StoredScore]:
    sc = tables.scores
    rows = conn.execute(select(sc).where(sc.c.allocation_id == allocation_id)).all()
    return {row.criterion_id: _stored(row) for row in rows}


def get_score(conn: Connection, allocation_id: int, criterion_id: str) -> StoredScore | None:
    sc = tables.scores
    row = conn.execute(
        select(sc).where(sc.c.allocation_id == allocation_id, sc.c.criterion_id == criterion_id)
    ).first()
    return None if row is None else _stored(row)


def write_score(
    tx: WriteTx,
    allocation_id: int,
    criterion_id: str,
    score: int | None,
    comment: str,
    revision: int,
    source: str,
) -> str:
    """Insert (revision 1) or update one score row; return the time stamped on it."""
    sc = tables.scores
    now = utc_now()
    values = {
        "score": score,
        "comment": comment,
        "revision": revision,
        "updated_at": now,
        "updated_by": tx.actor,
        "source": source,
    }
    if revision == 1:
        tx.execute(
            sc.insert().values(allocation_id=allocation_id, criterion_id=criterion_id, **values)
        )
    else:
        tx.execute(
            sc.update()
            .where(sc.c.allocation_id == allocation_id, sc.c.criterion_id == criterion_id)
            .values(**values)
        )
    return now


def evidence_for(conn: Connection, version_id: int) -> dict[str, Evidence]:
    er, el, ef = tables.evidence_rows, tables.evidence_links, tables.evidence_files
    files: dict[str, list[EvidenceFile]] = {}
    links = conn.execute(
        select(el.c.criterion_id, el.c.name, el.c.file_id, ef.c.size)
        .outerjoin(ef, ef.c.id == el.c.file_id)
        .where(el.c.version_id == version_id)
        .order_by(el.c.id)
    )
    for row in links:
        files.setdefault(row.criterion_id, []).append(EvidenceFile(row.name, row.file_id, row.size))
    rows = conn.execute(
        select(er.c.criterion_id, er.c.self_assessment, er.c.summary).where(
            er.c.version_id == version_id
        )
    )
    return {
        row.criterion_id: Evidence(
            row.self_assessment, row.summary or "", tuple(files.get(row.criterion_id, ()))
        )
        for row in rows
    }


def file_content(conn: Connection, file_id: int) -> bytes:
    ef = tables.evidence_files
    return conn.execute(select(ef.c.content).where(ef.c.id == file_id)).scalar_one()


def others_scores(conn: Connection, submission_id: int, allocation_id: int) -> list[OtherScore]:
    al, sc, a = tables.allocations, tables.scores, tables.assessors
    rows = conn.execute(
        select(al.c.id, a.c.name, al.c.status, sc.c.criterion_id, sc.c.score, sc.c.comment)
        .join(a, a.c.id == al.c.assessor_id)
        .join(sc, sc.c.allocation_id == al.c.id)
        .where(al.c.submission_id == submission_id, al.c.id != allocation_id)
        .order_by(a.c.name, sc.c.criterion_id)
    ).all()
    return [OtherScore(r.id, r.name, r.status, r.criterion_id, r.score, r.comment) for r in rows]


# -- comment bank ---------------------------------------------------------------


def bank_for(conn: Connection, criterion_id: str) -> list[tuple[int, str]]:
    cb = tables.comment_bank
    rows = conn.execute(
        select(cb.c.id, cb.c.text).where(cb.c.criterion_id == criterion_id).order_by(cb.c.id)
    ).all()
    return [(row.id, row.text) for row in rows]


def bank_has(conn: Connection, criterion_id: str, text: str) -> bool:
    cb = tables.comment_bank
    return (
        conn.execute(
            select(cb.c.id).where(cb.c.criterion_id == criterion_id, cb.c.text == text)
        ).first()
        is not None
    )


def insert_bank(tx: WriteTx, criterion_id: str, text: str) -> int:
    entry_id = tx.execute(
        tables.comment_bank.insert().values(
            criterion_id=criterion_id, text=text, created_at=utc_now(), created_by=tx.actor
        )
    ).inserted_primary_key[0]
    tx.audit(
        "comment_bank.add", "comment_bank", entry_id, {"criterion": criterion_id, "text": text}
    )
    return entry_id


def delete_bank(tx: WriteTx, entry_id: int) -> None:
    cb = tables.comment_bank
    text = tx.execute(select(cb.c.text).where(cb.c.id == entry_id)).scalar_one_or_none()
    if text is not None:
        tx.execute(cb.delete().where(cb.c.id == entry_id))
        tx.audit("comment_bank.remove", "comment_bank", entry_id, {"text": text})
