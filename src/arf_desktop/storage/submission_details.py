"""One submission in full (cover, answers, files, changes between versions), and import look-ups."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from arf_desktop.storage import tables


@dataclass(frozen=True)
class EvidenceFileRef:
    name: str
    file_id: int | None
    size: int | None

    @property
    def stored(self) -> bool:
        return self.file_id is not None


@dataclass(frozen=True)
class CriterionAnswer:
    criterion_id: str
    self_assessment: str | None
    summary: str
    files: tuple[EvidenceFileRef, ...]
    changed: bool


@dataclass(frozen=True)
class SubmissionDetail:
    """The chosen version of one submission, with what changed since the version before it."""

    submission_id: int
    round_name: str
    framework_id: int
    organisation: str
    icb: str | None
    version_no: int
    versions: int
    level_applied: str
    cover: dict[str, str]
    source_name: str
    imported_at: str
    imported_by: str
    warnings: tuple[str, ...]
    answers: tuple[CriterionAnswer, ...]
    compared_with: int | None

    @property
    def changed(self) -> tuple[str, ...]:
        return tuple(a.criterion_id for a in self.answers if a.changed)


def version_hashes(conn: Connection, round_id: int, organisation_id: int) -> list[tuple[int, str]]:
    """(version number, content hash) of every version, newest first."""
    s, v = tables.submissions, tables.submission_versions
    rows = conn.execute(
        select(v.c.version_no, v.c.content_sha256)
        .join(s, s.c.id == v.c.submission_id)
        .where(s.c.round_id == round_id, s.c.organisation_id == organisation_id)
        .order_by(v.c.version_no.desc())
    )
    return [(row.version_no, row.content_sha256) for row in rows]


def _answers(conn: Connection, version_id: int) -> dict[str, tuple[Any, list[EvidenceFileRef]]]:
    e, links, files = tables.evidence_rows, tables.evidence_links, tables.evidence_files
    result: dict[str, tuple[Any, list[EvidenceFileRef]]] = {
        row.criterion_id: (row, [])
        for row in conn.execute(select(e).where(e.c.version_id == version_id).order_by(e.c.id))
    }
    query = (
        select(links.c.criterion_id, links.c.name, links.c.file_id, files.c.size)
        .outerjoin(files, files.c.id == links.c.file_id)
        .where(links.c.version_id == version_id)
        .order_by(links.c.id)
    )
    for link in conn.execute(query):
        if link.criterion_id in result:
            result[link.criterion_id][1].append(EvidenceFileRef(link.name, link.file_id, link.size))
    return result


def _fingerprint(entry: tuple[Any, list[EvidenceFileRef]]) -> tuple:
    row, refs = entry
    return (row.self_assessment, row.summary, tuple((r.name, r.file_id) for r in refs))


def submission_detail(
    conn: Connection, submission_id: int, version_no: int | None = None
) -> SubmissionDetail:
    """A version (the latest by default) and the criteria changed since the one before it."""
    s, v, o, r = tables.submissions, tables.submission_versions, tables.organisations, tables.rounds
    head = conn.execute(
        select(s.c.id, o.c.name, o.c.icb, r.c.name.label("round_name"), r.c.framework_id)
        .join(o, o.c.id == s.c.organisation_id)
        .join(r, r.c.id == s.c.round_id)
        .where(s.c.id == submission_id)
    ).one()
    versions = conn.execute(
        select(v).where(v.c.submission_id == submission_id).order_by(v.c.version_no)
    ).all()
    chosen = next((x for x in versions if x.version_no == version_no), versions[-1])
    earlier = [x for x in versions if x.version_no < chosen.version_no]
    current = _answers(conn, chosen.id)
    previous = _answers(conn, earlier[-1].id) if earlier else None
    answers = tuple(
        CriterionAnswer(
            criterion_id,
            row.self_assessment,
            row.summary,
            tuple(refs),
            previous is not None
            and (
                criterion_id not in previous
                or _fingerprint(previous[criterion_id]) != _fingerprint((row, refs))
            ),
        )
        for criterion_id, (row, refs) in current.items()
    )
    return SubmissionDetail(
        submission_id=submission_id,
        round_name=head.round_name,
        framework_id=head.framework_id,
        organisation=head.name,
        icb=head.icb,
        version_no=chosen.version_no,
        versions=len(versions),
        level_applied=chosen.level_applied,
        cover=json.loads(chosen.cover),
        source_name=chosen.source_name,
        imported_at=chosen.imported_at,
        imported_by=chosen.imported_by,
        warnings=tuple(json.loads(chosen.warnings)),
        answers=answers,
        compared_with=earlier[-1].version_no if earlier else None,
    )


def evidence_file_content(conn: Connection, file_id: int) -> bytes:
    table = tables.evidence_files
    return conn.execute(select(table.c.content).where(table.c.id == file_id)).scalar_one()


def submission_statuses(conn: Connection) -> dict[int, str]:
    """Where each submission is in the round, from its assessor allocations."""
    a = tables.allocations
    rows = conn.execute(
        select(
            a.c.submission_id,
            func.count().label("allocated"),
            func.count(a.c.submitted_at).label("submitted"),
        ).group_by(a.c.submission_id)
    )
    statuses: dict[int, str] = {}
    for row in rows:
        if row.submitted and row.submitted >= row.allocated:
            statuses[row.submission_id] = "Assessed"
        else:
            statuses[row.submission_id] = f"With assessors ({row.submitted}/{row.allocated} done)"
    return statuses
