"""Immutable row records that repositories hand to services and the window."""

from __future__ import annotations

from dataclasses import dataclass


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


@dataclass(frozen=True)
class WorkspaceCounts:
    organisations: int
    rounds: int
    submissions: int
    assessors: int
    allocations: int
    scores: int
    audit_entries: int
