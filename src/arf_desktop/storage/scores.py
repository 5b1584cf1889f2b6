"""Score rows (a score and comment per allocation and criterion): read them, write one.

`write_score` is called only by the score door (scoring/score_writes.py), which works out
the revision and the audit entry; tests/scoring/test_score_writes.py holds every other
module to that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.records import OtherScore
from arf_desktop.domain.scoring import SUBMITTED
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx

ScoreRow = tuple[int, str, str, int | None]  # submission id, assessor, criterion, score


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
class ScoreRecord:
    criterion_id: str
    score: int | None
    comment: str
    revision: int
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class AssessorRecord:
    """One assessor's allocation to a submission with every score and comment they wrote."""

    allocation_id: int
    assessor: str
    status: str
    allocated_at: str
    submitted_at: str | None
    scores: tuple[ScoreRecord, ...]


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


def has_scores(conn: Connection, allocation_id: int) -> bool:
    """Whether any score row (even one holding only a comment) exists for the allocation."""
    sc = tables.scores
    query = select(sc.c.id).where(sc.c.allocation_id == allocation_id).limit(1)
    return conn.execute(query).first() is not None


def write_score(
    tx: WriteTx,
    allocation_id: int,
    criterion_id: str,
    score: int | None,
    comment: str,
    revision: int,
    source: str,
    new: bool,
) -> str:
    """Insert (`new`) or update one score row; return the time stamped on it."""
    sc = tables.scores
    now = utc_now()
    row = {
        "score": score,
        "comment": comment,
        "revision": revision,
        "updated_at": now,
        "updated_by": tx.actor,
        "source": source,
    }
    if new:
        tx.execute(
            sc.insert().values(allocation_id=allocation_id, criterion_id=criterion_id, **row)
        )
    else:
        tx.execute(
            sc.update()
            .where(sc.c.allocation_id == allocation_id, sc.c.criterion_id == criterion_id)
            .values(**row)
        )
    return now


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


def assessor_records(conn: Connection, submission_id: int) -> list[AssessorRecord]:
    """Every allocation of the submission (submitted or not) with all its scores and comments."""
    al, a, sc = tables.allocations, tables.assessors, tables.scores
    allocations = conn.execute(
        select(al.c.id, a.c.name, al.c.status, al.c.allocated_at, al.c.submitted_at)
        .join(a, a.c.id == al.c.assessor_id)
        .where(al.c.submission_id == submission_id)
        .order_by(a.c.name)
    ).all()
    found = []
    for row in allocations:
        scores = conn.execute(
            select(
                sc.c.criterion_id,
                sc.c.score,
                sc.c.comment,
                sc.c.revision,
                sc.c.updated_at,
                sc.c.updated_by,
            )
            .where(sc.c.allocation_id == row.id)
            .order_by(sc.c.id)
        ).all()
        found.append(
            AssessorRecord(
                row.id,
                row.name,
                row.status,
                row.allocated_at,
                row.submitted_at,
                tuple(ScoreRecord(*s) for s in scores),
            )
        )
    return found


# -- what moderation reads: the scores of submitted allocations ------------------------------


def _submitted(round_id: int, submission_id: int | None, *columns: Any) -> Any:
    al, sc, a, s = tables.allocations, tables.scores, tables.assessors, tables.submissions
    query = (
        select(al.c.submission_id, a.c.name, sc.c.criterion_id, *columns)
        .join(a, a.c.id == al.c.assessor_id)
        .join(s, s.c.id == al.c.submission_id)
        .join(sc, sc.c.allocation_id == al.c.id)
        .where(s.c.round_id == round_id, al.c.status == SUBMITTED)
    )
    if submission_id is not None:
        query = query.where(al.c.submission_id == submission_id)
    return query


def submitted_scores(
    conn: Connection, round_id: int, submission_id: int | None = None
) -> list[ScoreRow]:
    """Scores of every submitted allocation in the round (or of one submission).

    Plain tuples: a national round has 40,000 of them and a record each would cost more
    than the query.
    """
    query = _submitted(round_id, submission_id, tables.scores.c.score)
    return conn.execute(query).all()  # type: ignore[return-value]


def submitted_comments(
    conn: Connection, round_id: int, submission_id: int
) -> dict[str, dict[str, str]]:
    """{criterion: {assessor: comment}} for one submission's submitted allocations."""
    query = _submitted(round_id, submission_id, tables.scores.c.comment)
    found: dict[str, dict[str, str]] = {}
    for _, assessor, criterion_id, comment in conn.execute(query):
        if comment:
            found.setdefault(criterion_id, {})[assessor] = comment
    return found


AssessorScores = dict[int, dict[str, dict[str, int | None]]]


def _sheet(conn: Connection) -> Any:
    """One allocation's scores as a JSON object {criterion: score}, built by the database:
    a subquery for each allocation, which costs less than grouping the joined score rows."""
    al, sc = tables.allocations, tables.scores
    name = "json_group_object" if conn.dialect.name == "sqlite" else "json_object_agg"
    sheet = getattr(func, name)(sc.c.criterion_id, sc.c.score)
    return select(sheet).where(sc.c.allocation_id == al.c.id).scalar_subquery()


def submitted_score_sheets(
    conn: Connection, round_id: int, submission_id: int | None = None
) -> AssessorScores:
    """{submission id: {assessor: {criterion: score}}} for every submitted allocation in the
    round (or of one submission), including an assessor who scored nothing.

    One row per allocation with its scores as one JSON object, so a national round makes
    900 rows, not 40,500; the same scores as `submitted_scores`.
    """
    al, a = tables.allocations, tables.assessors
    in_round = select(tables.submissions.c.id).where(tables.submissions.c.round_id == round_id)
    query = (
        select(al.c.submission_id, a.c.name, _sheet(conn))
        .join(a, a.c.id == al.c.assessor_id)
        .where(al.c.submission_id.in_(in_round), al.c.status == SUBMITTED)
    )
    if submission_id is not None:
        query = query.where(al.c.submission_id == submission_id)
    found: AssessorScores = {}
    loads = json.loads
    for sid, assessor, sheet in conn.execute(query):
        if isinstance(sheet, str):  # SQLite gives the JSON text, PostgreSQL the object
            sheet = loads(sheet)
        found.setdefault(sid, {})[assessor] = sheet or {}  # no scores: PostgreSQL gives NULL
    return found


Sheet = tuple[tuple[str, ...], list[int | None]]  # criterion ids and their scores, in step
SheetsBySubmission = dict[int, dict[str, Sheet]]


class _Scores(dict[str, int | None]):
    """Each score's text read as its number ("" for no score: None), worked out once: a round
    holds a handful of scale points, and a look-up is several times cheaper than `int`."""

    def __missing__(self, text: str) -> int | None:
        if len(self) > 256:  # an unusual scale: kept from growing without end
            self.clear()
        value = self[text] = int(text) if text else None
        return value


_SCORES = _Scores()


def _sheet_text() -> Any:
    """One allocation's criteria and scores as one text, "id,id,…;score,score,…" (no score:
    an empty place): both lists aggregate the same rows in one pass, so they keep step."""
    al, sc = tables.allocations, tables.scores
    scores = func.coalesce(cast(sc.c.score, String), "")
    text = (
        func.aggregate_strings(sc.c.criterion_id, ",") + ";" + func.aggregate_strings(scores, ",")
    )
    return select(text).where(sc.c.allocation_id == al.c.id).scalar_subquery()


def submitted_score_lists(
    conn: Connection, round_id: int, submission_id: int | None = None
) -> SheetsBySubmission:
    """{submission id: {assessor: (criterion ids, scores)}} for every submitted allocation in
    the round (or of one submission), including an assessor who scored nothing: the scores of
    `submitted_score_sheets` without a dictionary for each sheet, for a queue of hundreds.
    Sheets listing the same criteria in the same order share one tuple of ids.
    """
    al, a = tables.allocations, tables.assessors
    in_round = select(tables.submissions.c.id).where(tables.submissions.c.round_id == round_id)
    query = (
        select(al.c.submission_id, a.c.name, al.c.id, _sheet_text())
        .join(a, a.c.id == al.c.assessor_id)
        .where(al.c.submission_id.in_(in_round), al.c.status == SUBMITTED)
    )
    if submission_id is not None:
        query = query.where(al.c.submission_id == submission_id)
    found: SheetsBySubmission = {}
    layouts: dict[str, tuple[str, ...]] = {}
    for sid, assessor, allocation_id, text in conn.execute(query):
        sheet: Sheet = ((), [])
        if text is not None:
            ids_text, _, scores_text = text.rpartition(";")  # the scores hold none
            ids = layouts.get(ids_text) or layouts.setdefault(ids_text, tuple(ids_text.split(",")))
            sheet = ids, list(map(_SCORES.__getitem__, scores_text.split(",")))
            if len(ids) != len(sheet[1]):  # an id holding the separators: read its rows
                sheet = _sheet_rows(conn, allocation_id)
        found.setdefault(sid, {})[assessor] = sheet
    return found


def _sheet_rows(conn: Connection, allocation_id: int) -> Sheet:
    sc = tables.scores
    rows = conn.execute(
        select(sc.c.criterion_id, sc.c.score).where(sc.c.allocation_id == allocation_id)
    ).all()
    return tuple(r.criterion_id for r in rows), [r.score for r in rows]


def submitted_scores_and_comments(
    conn: Connection, round_id: int, submission_id: int
) -> list[tuple[int, str, str, int | None, str]]:
    """(submission, assessor, criterion, score, comment) for one submission's submitted scores."""
    query = _submitted(round_id, submission_id, tables.scores.c.score, tables.scores.c.comment)
    return conn.execute(query).all()  # type: ignore[return-value]
