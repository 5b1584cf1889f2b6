"""Submission versions with their evidence rows and files, stored all-or-nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx


@dataclass(frozen=True)
class EvidenceRow:
    criterion_id: str
    self_assessment: str | None
    summary: str
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewVersion:
    """Everything one workbook says, ready to store as a submission version."""

    round_id: int
    organisation_id: int
    level_applied: str
    cover: dict[str, str]
    source_name: str
    source_sha256: str
    template_version: str | None
    rows: tuple[EvidenceRow, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def content_sha256(self) -> str:
        """A hash of what the organisation said, independent of the file's bytes."""
        body = json.dumps(
            [
                self.level_applied,
                sorted(self.cover.items()),
                [(r.criterion_id, r.self_assessment, r.summary, list(r.files)) for r in self.rows],
                sorted(
                    (name, hashlib.sha256(data).hexdigest()) for name, data in self.files.items()
                ),
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(body.encode()).hexdigest()


def submission_id_for(conn: Connection, round_id: int, organisation_id: int) -> int | None:
    s = tables.submissions
    return conn.execute(
        select(s.c.id).where(s.c.round_id == round_id, s.c.organisation_id == organisation_id)
    ).scalar_one_or_none()


def latest_version(conn: Connection, submission_id: int) -> Any:
    v = tables.submission_versions
    return conn.execute(
        select(v).where(v.c.submission_id == submission_id).order_by(v.c.version_no.desc()).limit(1)
    ).one_or_none()


def store_file(tx: WriteTx, data: bytes) -> int:
    """Store file content once by its SHA-256; return its id."""
    digest = hashlib.sha256(data).hexdigest()
    table = tables.evidence_files
    existing = tx.execute(select(table.c.id).where(table.c.sha256 == digest)).scalar_one_or_none()
    if existing is not None:
        return existing
    return tx.execute(
        table.insert().values(sha256=digest, size=len(data), content=data)
    ).inserted_primary_key[0]


def _file_ids(tx: WriteTx, digests: list[str]) -> dict[str, int]:
    table = tables.evidence_files
    rows = tx.execute(select(table.c.sha256, table.c.id).where(table.c.sha256.in_(digests)))
    return {row.sha256: row.id for row in rows}


def store_files(tx: WriteTx, files: dict[str, bytes]) -> dict[str, int]:
    """Store many files at once, each content once by SHA-256; return {name: file id}."""
    table = tables.evidence_files
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    wanted = sorted(set(digests.values()))
    ids: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        ids.update(_file_ids(tx, chunk))
    missing = {digest: data for name, data in files.items() if (digest := digests[name]) not in ids}
    if missing:
        tx.execute(
            table.insert(),
            [{"sha256": d, "size": len(data), "content": data} for d, data in missing.items()],
        )
        for start in range(0, len(missing), 500):
            chunk = list(missing)[start : start + 500]
            ids.update(_file_ids(tx, chunk))
    return {name: ids[digest] for name, digest in digests.items()}


def add_version(tx: WriteTx, new: NewVersion) -> tuple[int, int]:
    """Store a new version (creating the submission if needed); return (submission, version no)."""
    submission_id = submission_id_for(tx.connection, new.round_id, new.organisation_id)
    if submission_id is None:
        submission_id = tx.execute(
            tables.submissions.insert().values(
                round_id=new.round_id, organisation_id=new.organisation_id, created_at=utc_now()
            )
        ).inserted_primary_key[0]
    previous = tx.execute(
        select(func.max(tables.submission_versions.c.version_no)).where(
            tables.submission_versions.c.submission_id == submission_id
        )
    ).scalar_one()
    version_no = (previous or 0) + 1
    content_sha = new.content_sha256()
    version_id = tx.execute(
        tables.submission_versions.insert().values(
            submission_id=submission_id,
            version_no=version_no,
            level_applied=new.level_applied,
            cover=json.dumps(new.cover, ensure_ascii=False),
            source_name=new.source_name,
            source_sha256=new.source_sha256,
            content_sha256=content_sha,
            template_version=new.template_version,
            warnings=json.dumps(list(new.warnings), ensure_ascii=False),
            imported_at=utc_now(),
            imported_by=tx.actor,
        )
    ).inserted_primary_key[0]
    if new.rows:
        tx.execute(
            tables.evidence_rows.insert(),
            [
                {
                    "version_id": version_id,
                    "criterion_id": row.criterion_id,
                    "self_assessment": row.self_assessment,
                    "summary": row.summary,
                }
                for row in new.rows
            ],
        )
    file_ids = store_files(tx, new.files)
    links = [
        {
            "version_id": version_id,
            "criterion_id": row.criterion_id,
            "name": name,
            "file_id": file_ids.get(name),
        }
        for row in new.rows
        for name in row.files
    ]
    if links:
        tx.execute(tables.evidence_links.insert(), links)
    tx.audit(
        "submission.import",
        "submission",
        submission_id,
        {
            "version": version_no,
            "source": new.source_name,
            "source_sha256": new.source_sha256,
            "content_sha256": content_sha,
            "level_applied": new.level_applied,
            "criteria": len(new.rows),
            "files": len(file_ids),
        },
    )
    return submission_id, version_no


@dataclass(frozen=True)
class WorkDone:
    """How far a submission had got before a new version arrived."""

    scored_allocations: int
    submitted_allocations: int
    decided: bool


def work_done(conn: Connection, submission_id: int) -> WorkDone:
    al, sc = tables.allocations, tables.scores
    scored = conn.execute(
        select(func.count(func.distinct(al.c.id)))
        .join(sc, sc.c.allocation_id == al.c.id)
        .where(al.c.submission_id == submission_id, sc.c.score.is_not(None))
    ).scalar_one()
    submitted = conn.execute(
        select(func.count())
        .select_from(al)
        .where(al.c.submission_id == submission_id, al.c.status == "submitted")
    ).scalar_one()
    decided = conn.execute(
        select(func.count())
        .select_from(tables.decisions)
        .where(tables.decisions.c.submission_id == submission_id)
    ).scalar_one()
    return WorkDone(scored, submitted, bool(decided))
