"""Submissions, their versions and their evidence (answers, file links, file contents)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.records import EvidenceFile, EvidenceRecord, SubmissionRow, VersionRecord
from arf_desktop.domain.scoring import SUBMITTED
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx

VERSION_FIELDS = (
    "level_applied", "cover", "source_name", "source_sha256", "content_sha256",
    "template_version", "warnings",
)  # fmt: skip


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


@dataclass(frozen=True)
class SubmissionFacts:
    """A submission in a round with its latest version and how many assessors have submitted."""

    submission_id: int
    organisation_id: int
    organisation: str
    icb: str | None
    level_applied: str
    version_id: int
    allocated: int
    submitted: int


@dataclass(frozen=True)
class SubmissionHead:
    """Whose submission it is and in which round."""

    submission_id: int
    round_name: str
    framework_id: int
    organisation: str
    icb: str | None


@dataclass(frozen=True)
class WorkDone:
    """How far a submission had got before a new version arrived."""

    scored_allocations: int
    submitted_allocations: int
    decided: bool


# -- submissions -----------------------------------------------------------------------


def submission_id_for(conn: Connection, round_id: int, organisation_id: int) -> int | None:
    s = tables.submissions
    return conn.execute(
        select(s.c.id).where(s.c.round_id == round_id, s.c.organisation_id == organisation_id)
    ).scalar_one_or_none()


def insert_submission(tx: WriteTx, round_id: int, organisation_id: int) -> int:
    return tx.execute(
        tables.submissions.insert().values(
            round_id=round_id, organisation_id=organisation_id, created_at=utc_now()
        )
    ).inserted_primary_key[0]


def withdrawn_at(conn: Connection, submission_id: int) -> str | None:
    s = tables.submissions
    return conn.execute(select(s.c.withdrawn_at).where(s.c.id == submission_id)).scalar_one()


def set_withdrawn(tx: WriteTx, submission_id: int, by: str | None, reason: str | None) -> None:
    """Withdraw a submission (with who and why), or restore it when `by` is None."""
    s = tables.submissions
    tx.execute(
        s.update()
        .where(s.c.id == submission_id)
        .values(
            withdrawn_at=utc_now() if by else None,
            withdrawn_by=by,
            withdrawn_reason=reason if by else None,
        )
    )


def submission_head(conn: Connection, submission_id: int) -> SubmissionHead:
    s, o, r = tables.submissions, tables.organisations, tables.rounds
    row = conn.execute(
        select(s.c.id, r.c.name.label("round_name"), r.c.framework_id, o.c.name, o.c.icb)
        .join(o, o.c.id == s.c.organisation_id)
        .join(r, r.c.id == s.c.round_id)
        .where(s.c.id == submission_id)
    ).one()
    return SubmissionHead(row.id, row.round_name, row.framework_id, row.name, row.icb)


def round_submissions(
    conn: Connection, round_id: int, include_withdrawn: bool = False
) -> list[SubmissionFacts]:
    """Every (not withdrawn) submission in a round with its latest version and progress.

    Calibration items seeded into a live round are left out: they are not allocated to
    others, moderated or decided; only their one assessor's allocation shows them.
    """
    s, v, o, al = (
        tables.submissions,
        tables.submission_versions,
        tables.organisations,
        tables.allocations,
    )
    latest = tables.latest_versions()
    allocated = (
        select(
            al.c.submission_id,
            func.count().label("allocated"),
            func.sum(case((al.c.status == SUBMITTED, 1), else_=0)).label("submitted"),
        )
        .group_by(al.c.submission_id)
        .subquery()
    )
    query = (
        select(
            s.c.id,
            s.c.organisation_id,
            o.c.name,
            o.c.icb,
            v.c.level_applied,
            v.c.id.label("version_id"),
            func.coalesce(allocated.c.allocated, 0).label("allocated"),
            func.coalesce(allocated.c.submitted, 0).label("submitted"),
        )
        .join(latest, latest.c.submission_id == s.c.id)
        .join(v, (v.c.submission_id == s.c.id) & (v.c.version_no == latest.c.version_no))
        .join(o, o.c.id == s.c.organisation_id)
        .outerjoin(allocated, allocated.c.submission_id == s.c.id)
        .where(s.c.round_id == round_id)
        .where(s.c.id.not_in(select(tables.calibration_seeds.c.submission_id)))
        .order_by(o.c.name)
    )
    if not include_withdrawn:
        query = query.where(s.c.withdrawn_at.is_(None))
    return [SubmissionFacts(*row) for row in conn.execute(query)]


def submission_rows(conn: Connection, round_id: int | None = None) -> list[SubmissionRow]:
    """Every live submission (or every one of a round) with its latest version and counts."""
    s, v, o, r = (
        tables.submissions,
        tables.submission_versions,
        tables.organisations,
        tables.rounds,
    )
    latest = tables.latest_versions()
    el = tables.evidence_links
    files = (
        select(el.c.version_id, func.count().label("n"))
        .where(el.c.file_id.is_not(None))
        .group_by(el.c.version_id)
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
            s.c.withdrawn_at,
        )
        .join(latest, latest.c.submission_id == s.c.id)
        .join(v, (v.c.submission_id == s.c.id) & (v.c.version_no == latest.c.version_no))
        .join(o, o.c.id == s.c.organisation_id)
        .join(r, r.c.id == s.c.round_id)
        .outerjoin(files, files.c.version_id == v.c.id)
        .order_by(o.c.name)
    )
    # Calibration items seeded into a live round are not the round's submissions; nor,
    # unless their round is asked for, are the copies that make up calibration exercises.
    query = query.where(s.c.id.not_in(select(tables.calibration_seeds.c.submission_id)))
    if round_id is not None:
        query = query.where(s.c.round_id == round_id)
    else:
        query = query.where(s.c.round_id.not_in(select(tables.calibration_exercises.c.round_id)))
    return [
        SubmissionRow(
            row.id,
            row.round_name,
            row.organisation,
            row.icb,
            row.level_applied,
            row.version_no,
            row.version_id,
            row.source_name,
            row.imported_at,
            row.files,
            len(json.loads(row.warnings)),
            row.withdrawn_at is not None,
        )
        for row in conn.execute(query)
    ]


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
        .where(al.c.submission_id == submission_id, al.c.status == SUBMITTED)
    ).scalar_one()
    decided = conn.execute(
        select(func.count())
        .select_from(tables.decisions)
        .where(tables.decisions.c.submission_id == submission_id)
    ).scalar_one()
    return WorkDone(scored, submitted, bool(decided))


# -- versions ----------------------------------------------------------------------------


def version_numbers(conn: Connection, submission_id: int) -> set[int]:
    v = tables.submission_versions
    return set(
        conn.execute(select(v.c.version_no).where(v.c.submission_id == submission_id)).scalars()
    )


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


def _version(conn: Connection, row: Any) -> VersionRecord:
    return VersionRecord(
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
        evidence=evidence(conn, row.id),
    )


def versions(conn: Connection, submission_id: int) -> list[VersionRecord]:
    """Every version of a submission, oldest first, with its evidence and file references."""
    v = tables.submission_versions
    rows = conn.execute(
        select(v).where(v.c.submission_id == submission_id).order_by(v.c.version_no)
    ).all()
    return [_version(conn, row) for row in rows]


def get_version(conn: Connection, version_id: int) -> VersionRecord:
    v = tables.submission_versions
    return _version(conn, conn.execute(select(v).where(v.c.id == version_id)).one())


def version_covers(conn: Connection, version_ids: list[int]) -> dict[int, dict[str, str]]:
    """The cover answers of the given versions, by version id."""
    v = tables.submission_versions
    found: dict[int, dict[str, str]] = {}
    for start in range(0, len(version_ids), 500):
        chunk = version_ids[start : start + 500]
        for row in conn.execute(select(v.c.id, v.c.cover).where(v.c.id.in_(chunk))):
            found[row.id] = json.loads(row.cover)
    return found


def insert_version(
    tx: WriteTx,
    submission_id: int,
    version_no: int,
    fields: dict[str, Any],
    rows: Iterable[tuple[str, str | None, str]],
    links: Iterable[tuple[str, str, int | None]],
) -> int:
    """Store one version with its evidence: the one place a version is written.

    `fields` holds VERSION_FIELDS; `rows` are (criterion, self-assessment, summary) and
    `links` (criterion, file name, stored file id or None). Stamped with who and when.
    """
    values = {name: fields[name] for name in VERSION_FIELDS}
    values["cover"] = json.dumps(values["cover"], ensure_ascii=False)
    values["warnings"] = json.dumps(list(values["warnings"]), ensure_ascii=False)
    version_id = tx.execute(
        tables.submission_versions.insert().values(
            submission_id=submission_id,
            version_no=version_no,
            imported_at=utc_now(),
            imported_by=tx.actor,
            **values,
        )
    ).inserted_primary_key[0]
    evidence_rows = [
        {"version_id": version_id, "criterion_id": c, "self_assessment": said, "summary": summary}
        for c, said, summary in rows
    ]
    if evidence_rows:
        tx.execute(tables.evidence_rows.insert(), evidence_rows)
    file_links = [
        {"version_id": version_id, "criterion_id": c, "name": name, "file_id": file_id}
        for c, name, file_id in links
    ]
    if file_links:
        tx.execute(tables.evidence_links.insert(), file_links)
    return version_id


def add_version(tx: WriteTx, new: NewVersion) -> tuple[int, int]:
    """Store a new version (creating the submission if needed); return (submission, version no)."""
    submission_id = submission_id_for(tx.connection, new.round_id, new.organisation_id)
    if submission_id is None:
        submission_id = insert_submission(tx, new.round_id, new.organisation_id)
    version_no = max(version_numbers(tx.connection, submission_id), default=0) + 1
    fields = {name: getattr(new, name) for name in VERSION_FIELDS if name != "content_sha256"}
    fields["content_sha256"] = content_sha = new.content_sha256()
    file_ids = store_files(tx, new.files)
    insert_version(
        tx,
        submission_id,
        version_no,
        fields,
        [(row.criterion_id, row.self_assessment, row.summary) for row in new.rows],
        [(row.criterion_id, name, file_ids.get(name)) for row in new.rows for name in row.files],
    )
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


# -- evidence ------------------------------------------------------------------------------


def evidence(conn: Connection, version_id: int) -> tuple[EvidenceRecord, ...]:
    """What the organisation said for each criterion of one version, with its files, in order."""
    er, el, ef = tables.evidence_rows, tables.evidence_links, tables.evidence_files
    files: dict[str, list[EvidenceFile]] = {}
    links = conn.execute(
        select(el.c.criterion_id, el.c.name, el.c.file_id, ef.c.sha256, ef.c.size)
        .outerjoin(ef, ef.c.id == el.c.file_id)
        .where(el.c.version_id == version_id)
        .order_by(el.c.id)
    )
    for link in links:
        files.setdefault(link.criterion_id, []).append(
            EvidenceFile(link.name, link.file_id, link.sha256, link.size)
        )
    rows = conn.execute(
        select(er.c.criterion_id, er.c.self_assessment, er.c.summary)
        .where(er.c.version_id == version_id)
        .order_by(er.c.id)
    )
    return tuple(
        EvidenceRecord(
            row.criterion_id,
            row.self_assessment,
            row.summary or "",
            tuple(files.get(row.criterion_id, ())),
        )
        for row in rows
    )


def file_content(conn: Connection, file_id: int) -> bytes:
    """The bytes of one stored evidence file."""
    ef = tables.evidence_files
    return conn.execute(select(ef.c.content).where(ef.c.id == file_id)).scalar_one()


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
