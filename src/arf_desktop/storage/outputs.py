"""What the outputs read: decided versions' covers, full submission history, awards, audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from arf_desktop.storage import tables
from arf_desktop.storage.audit import AuditEntry, _row_to_entry


@dataclass(frozen=True)
class EvidenceFileRecord:
    name: str
    file_id: int | None
    sha256: str | None
    size: int | None


@dataclass(frozen=True)
class EvidenceRecord:
    criterion_id: str
    self_assessment: str | None
    summary: str
    files: tuple[EvidenceFileRecord, ...]


@dataclass(frozen=True)
class VersionRecord:
    """One version of a submission exactly as imported."""

    version_id: int
    version_no: int
    level_applied: str
    cover: dict[str, str]
    source_name: str
    source_sha256: str
    content_sha256: str
    template_version: str | None
    warnings: tuple[str, ...]
    imported_at: str
    imported_by: str
    evidence: tuple[EvidenceRecord, ...]


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
class AwardFact:
    """One decision anywhere in the workspace: who, in which round, what level, when."""

    organisation_id: int
    round_id: int
    outcome: str
    level_awarded: str | None
    decided_at: str


def version_covers(conn: Connection, version_ids: list[int]) -> dict[int, dict[str, str]]:
    """The cover answers of the given versions, by version id."""
    v = tables.submission_versions
    found: dict[int, dict[str, str]] = {}
    for start in range(0, len(version_ids), 500):
        chunk = version_ids[start : start + 500]
        for row in conn.execute(select(v.c.id, v.c.cover).where(v.c.id.in_(chunk))):
            found[row.id] = json.loads(row.cover)
    return found


def _evidence(conn: Connection, version_id: int) -> tuple[EvidenceRecord, ...]:
    e, links, files = tables.evidence_rows, tables.evidence_links, tables.evidence_files
    refs: dict[str, list[EvidenceFileRecord]] = {}
    query = (
        select(links.c.criterion_id, links.c.name, links.c.file_id, files.c.sha256, files.c.size)
        .outerjoin(files, files.c.id == links.c.file_id)
        .where(links.c.version_id == version_id)
        .order_by(links.c.id)
    )
    for row in conn.execute(query):
        refs.setdefault(row.criterion_id, []).append(
            EvidenceFileRecord(row.name, row.file_id, row.sha256, row.size)
        )
    rows = conn.execute(select(e).where(e.c.version_id == version_id).order_by(e.c.id))
    return tuple(
        EvidenceRecord(
            row.criterion_id,
            row.self_assessment,
            row.summary,
            tuple(refs.get(row.criterion_id, ())),
        )
        for row in rows
    )


def submission_versions(conn: Connection, submission_id: int) -> list[VersionRecord]:
    """Every version of a submission, oldest first, with its evidence rows and file references."""
    v = tables.submission_versions
    rows = conn.execute(
        select(v).where(v.c.submission_id == submission_id).order_by(v.c.version_no)
    ).all()
    return [
        VersionRecord(
            version_id=row.id,
            version_no=row.version_no,
            level_applied=row.level_applied,
            cover=json.loads(row.cover),
            source_name=row.source_name,
            source_sha256=row.source_sha256,
            content_sha256=row.content_sha256,
            template_version=row.template_version,
            warnings=tuple(json.loads(row.warnings)),
            imported_at=row.imported_at,
            imported_by=row.imported_by,
            evidence=_evidence(conn, row.id),
        )
        for row in rows
    ]


def file_content(conn: Connection, file_id: int) -> bytes:
    table = tables.evidence_files
    return conn.execute(select(table.c.content).where(table.c.id == file_id)).scalar_one()


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


def agreed_records(conn: Connection, submission_id: int) -> list[AgreedRecord]:
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


def award_facts(conn: Connection) -> list[AwardFact]:
    """Every decision in the workspace with its organisation and round."""
    d, s = tables.decisions, tables.submissions
    rows = conn.execute(
        select(s.c.organisation_id, s.c.round_id, d.c.outcome, d.c.level_awarded, d.c.decided_at)
        .join(s, s.c.id == d.c.submission_id)
        .order_by(s.c.round_id, d.c.decided_at)
    ).all()
    return [AwardFact(*row) for row in rows]


def _mentions_submission(row: Any, submission_id: int) -> bool:
    """A batch allocation entry whose (submission, assessor) pairs include the submission."""
    try:
        pairs = json.loads(row.details).get("pairs", [])
    except (ValueError, AttributeError):
        return False
    return any(isinstance(p, list) and p and p[0] == submission_id for p in pairs)


def audit_trail(
    conn: Connection, submission_id: int, organisation_id: int, allocation_ids: list[int]
) -> list[AuditEntry]:
    """Every audit entry about the submission, its allocations and scores, and the organisation."""
    log = tables.audit_log
    allocations = {str(a) for a in allocation_ids}
    allocations |= {f"{submission_id}:{a}" for a in _assessor_ids(conn, allocation_ids)}
    condition = (
        ((log.c.entity == "submission") & (log.c.entity_id == str(submission_id)))
        | ((log.c.entity == "organisation") & (log.c.entity_id == str(organisation_id)))
        | ((log.c.entity == "allocation") & log.c.entity_id.in_([*sorted(allocations), "*"]))
    )
    for allocation_id in allocation_ids:
        condition = condition | (
            (log.c.entity == "score") & log.c.entity_id.like(f"{allocation_id}:%")
        )
    found = []
    for row in conn.execute(select(log).where(condition).order_by(log.c.seq)):
        batch = row.entity == "allocation" and row.entity_id == "*"
        if not batch or _mentions_submission(row, submission_id):
            found.append(_row_to_entry(row))
    return found


def _assessor_ids(conn: Connection, allocation_ids: list[int]) -> list[int]:
    al = tables.allocations
    if not allocation_ids:
        return []
    return list(conn.execute(select(al.c.assessor_id).where(al.c.id.in_(allocation_ids))).scalars())
