"""Immutable row records that repositories hand to services and the window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FrameworkRecord:
    id: int
    key: str
    version: str
    name: str
    status: str
    loaded_at: str


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str
    icb: str | None
    org_type: str
    code: str | None
    contact_name: str | None
    contact_email: str | None
    active: bool


@dataclass(frozen=True)
class Round:
    id: int
    name: str
    framework_id: int
    opens_on: str | None
    closes_on: str | None
    assessors_per_submission: int
    same_icb_conflict: bool
    status: str = "open"
    submission_deadline: str | None = None
    scoring_deadline: str | None = None
    panel_date: str | None = None
    resubmission_opens: str | None = None
    resubmission_closes: str | None = None

    @property
    def closed(self) -> bool:
        return self.status == "closed"


@dataclass(frozen=True)
class SubmissionRow:
    """One submission as the Submissions table shows it (its latest version)."""

    id: int
    round_name: str
    organisation: str
    icb: str | None
    level_applied: str
    version_no: int
    version_id: int
    source_name: str
    imported_at: str
    evidence_files: int
    warnings: int
    withdrawn: bool = False


@dataclass(frozen=True)
class WorkspaceCounts:
    organisations: int
    rounds: int
    submissions: int
    assessors: int
    allocations: int
    scores: int
    audit_entries: int


# -- a submission's versions and evidence -----------------------------------------------


@dataclass(frozen=True)
class EvidenceFile:
    """A file an organisation named for a criterion; `file_id` is None when it was not stored."""

    name: str
    file_id: int | None
    sha256: str | None
    size: int | None

    @property
    def stored(self) -> bool:
        return self.file_id is not None


@dataclass(frozen=True)
class EvidenceRecord:
    """What the organisation said for one criterion of one version, with the files it named."""

    criterion_id: str
    self_assessment: str | None
    summary: str
    files: tuple[EvidenceFile, ...]


@dataclass(frozen=True)
class CriterionAnswer(EvidenceRecord):
    """An evidence record in a submission's detail, marked if it changed since the last version."""

    changed: bool = False


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


# -- scores ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OtherScore:
    """Another assessor's score on the same submission (shown only once the viewer submitted)."""

    allocation_id: int
    assessor: str
    status: str
    criterion_id: str
    score: int | None
    comment: str


# -- the audit log ----------------------------------------------------------------

GENESIS = "0" * 64  # the hash before the first audit entry


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    details: dict[str, Any]
    prev_hash: str
    hash: str
    stored_details: str = ""  # the details as hashed (personal values sealed), when read back
    stored_actor: str = ""  # the actor as hashed (sealed), when read back


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the audit chain; `broken_at` is the first bad entry's number."""

    entries: int
    ok: bool
    broken_at: int | None = None
    reason: str = ""
    head: str = GENESIS
