"""Calibration exercises, their items, the definitive key and items seeded into live rounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx


@dataclass(frozen=True)
class Exercise:
    """A calibration exercise: its hidden round, its neutral label and its tolerance."""

    id: int
    name: str
    round_id: int
    round_name: str
    framework_id: int
    label: str | None
    min_exact: float
    max_difference: int
    created_at: str


@dataclass(frozen=True)
class KeyEntry:
    """One definitive score with the rationale the assessor reads after submitting."""

    submission_id: int
    criterion_id: str
    score: int
    rationale: str


def _query() -> Any:
    e, r = tables.calibration_exercises, tables.rounds
    return select(
        e.c.id,
        e.c.name,
        e.c.round_id,
        r.c.name.label("round_name"),
        r.c.framework_id,
        e.c.label,
        e.c.min_exact,
        e.c.max_difference,
        e.c.created_at,
    ).join(r, r.c.id == e.c.round_id)


def _exercise(row: Any) -> Exercise:
    return Exercise(
        id=row.id,
        name=row.name,
        round_id=row.round_id,
        round_name=row.round_name,
        framework_id=row.framework_id,
        label=row.label,
        min_exact=float(row.min_exact),
        max_difference=row.max_difference,
        created_at=row.created_at,
    )


def list_exercises(conn: Connection) -> list[Exercise]:
    return [
        _exercise(r) for r in conn.execute(_query().order_by(tables.calibration_exercises.c.id))
    ]


def find_exercise(conn: Connection, name: str) -> Exercise | None:
    wanted = " ".join(name.split()).casefold()
    return next((e for e in list_exercises(conn) if e.name.casefold() == wanted), None)


def exercise_for_round(conn: Connection, round_id: int) -> Exercise | None:
    e = tables.calibration_exercises
    row = conn.execute(_query().where(e.c.round_id == round_id)).first()
    return None if row is None else _exercise(row)


def hidden_round_ids(conn: Connection) -> set[int]:
    """Rounds that hold calibration exercises: not live rounds, so lists leave them out."""
    return set(conn.execute(select(tables.calibration_exercises.c.round_id)).scalars())


def insert_exercise(tx: WriteTx, values: dict[str, Any]) -> int:
    exercise_id = tx.execute(
        tables.calibration_exercises.insert().values(
            created_at=utc_now(), created_by=tx.actor, **values
        )
    ).inserted_primary_key[0]
    tx.audit("calibration.create", "calibration", exercise_id, values)
    return exercise_id


@dataclass(frozen=True)
class Item:
    """One reference submission of an exercise, shown under its label."""

    submission_id: int
    label: str
    level_applied: str
    source_submission_id: int | None
    source: str


def items(conn: Connection, exercise_id: int) -> list[Item]:
    i, s, o = tables.calibration_items, tables.submissions, tables.organisations
    v, latest = tables.submission_versions, tables.latest_versions()
    rows = conn.execute(
        select(i.c.submission_id, o.c.name, v.c.level_applied, i.c.source_submission_id, i.c.source)
        .join(s, s.c.id == i.c.submission_id)
        .join(o, o.c.id == s.c.organisation_id)
        .join(latest, latest.c.submission_id == s.c.id)
        .join(v, (v.c.submission_id == s.c.id) & (v.c.version_no == latest.c.version_no))
        .where(i.c.exercise_id == exercise_id)
        .order_by(i.c.id)
    )
    return [Item(*row) for row in rows]


def insert_item(
    tx: WriteTx, exercise_id: int, submission_id: int, source_id: int | None, source: str
) -> None:
    tx.execute(
        tables.calibration_items.insert().values(
            exercise_id=exercise_id,
            submission_id=submission_id,
            source_submission_id=source_id,
            source=source,
        )
    )


def key_entries(conn: Connection, exercise_id: int) -> list[KeyEntry]:
    k = tables.calibration_keys
    rows = conn.execute(
        select(k.c.submission_id, k.c.criterion_id, k.c.score, k.c.rationale)
        .where(k.c.exercise_id == exercise_id)
        .order_by(k.c.submission_id, k.c.id)
    )
    return [KeyEntry(*row) for row in rows]


def put_key(
    tx: WriteTx, exercise_id: int, submission_id: int, criterion_id: str, score: int, why: str
) -> None:
    """Set one definitive score (replacing any before); audited without the score itself."""
    k = tables.calibration_keys
    where = (k.c.submission_id == submission_id) & (k.c.criterion_id == criterion_id)
    values = {"score": score, "rationale": why, "updated_at": utc_now(), "updated_by": tx.actor}
    if tx.execute(select(k.c.id).where(where)).first() is None:
        tx.execute(
            k.insert().values(
                exercise_id=exercise_id,
                submission_id=submission_id,
                criterion_id=criterion_id,
                **values,
            )
        )
    else:
        tx.execute(k.update().where(where).values(**values))


def relabel_submission(tx: WriteTx, submission_id: int, organisation_id: int) -> None:
    """Show a reference submission under its neutral label's organisation record."""
    s = tables.submissions
    tx.execute(s.update().where(s.c.id == submission_id).values(organisation_id=organisation_id))


def copy_version(
    tx: WriteTx, version_id: int, submission_id: int, rename: tuple[str, str] | None = None
) -> int:
    """Copy a stored version, its evidence rows and file links onto another submission.

    `rename` (old name, label) replaces the organisation's name in the cover, the file
    name and the evidence text, so a reference submission can be shown anonymously.
    """
    v, er, el = tables.submission_versions, tables.evidence_rows, tables.evidence_links

    def swap(text: Any) -> Any:
        return text.replace(*rename) if rename and isinstance(text, str) and rename[0] else text

    source = tx.execute(select(v).where(v.c.id == version_id)).one()._mapping
    values = {k: swap(source[k]) for k in source if k not in ("id", "submission_id")}
    values.update(submission_id=submission_id, version_no=1, imported_by=tx.actor)
    new_id = tx.execute(v.insert().values(**values)).inserted_primary_key[0]
    rows = tx.execute(
        select(er.c.criterion_id, er.c.self_assessment, er.c.summary).where(
            er.c.version_id == version_id
        )
    ).all()
    if rows:
        tx.execute(
            er.insert(),
            [{"version_id": new_id, **r._mapping, "summary": swap(r.summary)} for r in rows],
        )
    links = tx.execute(
        select(el.c.criterion_id, el.c.name, el.c.file_id).where(el.c.version_id == version_id)
    ).all()
    if links:
        tx.execute(el.insert(), [{"version_id": new_id, **r._mapping} for r in links])
    return new_id


def insert_seed(tx: WriteTx, exercise_id: int, key_submission_id: int, submission_id: int) -> None:
    tx.execute(
        tables.calibration_seeds.insert().values(
            exercise_id=exercise_id,
            key_submission_id=key_submission_id,
            submission_id=submission_id,
            created_at=utc_now(),
            created_by=tx.actor,
        )
    )


def seeds_of_round(conn: Connection, round_id: int) -> dict[int, int]:
    """{seeded submission id: calibration submission id} for one live round."""
    c, s = tables.calibration_seeds, tables.submissions
    rows = conn.execute(
        select(c.c.submission_id, c.c.key_submission_id)
        .join(s, s.c.id == c.c.submission_id)
        .where(s.c.round_id == round_id)
    )
    return {row.submission_id: row.key_submission_id for row in rows}


def seeds_in_round(conn: Connection, round_id: int) -> dict[int, int]:
    """{seeded submission id: the organisation id it wears} for one live round."""
    c, s = tables.calibration_seeds, tables.submissions
    rows = conn.execute(
        select(c.c.submission_id, s.c.organisation_id)
        .join(s, s.c.id == c.c.submission_id)
        .where(s.c.round_id == round_id)
    )
    return {row.submission_id: row.organisation_id for row in rows}


def key_for_submission(conn: Connection, submission_id: int) -> dict[str, int]:
    """{criterion: definitive score} of one calibration item."""
    k = tables.calibration_keys
    rows = conn.execute(
        select(k.c.criterion_id, k.c.score).where(k.c.submission_id == submission_id)
    )
    return {row.criterion_id: row.score for row in rows}
