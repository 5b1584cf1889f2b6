"""The appeal pack for one organisation: a zip of its whole record, documents and audit trail."""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from dataclasses import asdict, dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from arf_desktop.domain.errors import NotFound
from arf_desktop.domain.framework import canonical_json
from arf_desktop.exporters.batch_export import DOCUMENT_KINDS, PREFIX, render
from arf_desktop.exporters.from_decisions import documents_for_review
from arf_desktop.files.names import slug, unique_names, windows_safe
from arf_desktop.moderation.review import QueueEntry, RoundReview, load_round
from arf_desktop.storage import audit
from arf_desktop.storage import moderation as moderation_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.workspace import Workspace

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same record always gives the same zip
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


@dataclass(frozen=True)
class AppealPack:
    """What was written: the file, how many parts, and whether the audit chain verified."""

    path: Path
    organisation: str
    parts: int
    audit_entries: int
    chain_ok: bool


def safe_name(name: str, fallback: str) -> str:
    """An evidence file's own name, without folders or characters a file system refuses."""
    base = re.split(r"[\\/]", name)[-1]
    base = _UNSAFE_NAME.sub("_", base).strip().lstrip(".")
    return windows_safe(base[:120], fallback)


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def _versions(workspace: Workspace, submission_id: int) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every version's cover, evidence rows and files, and {member: the name the file had}.

    Files named alike in different folders ("Evidence/minutes.pdf", "Annex/minutes.pdf")
    are both kept, the later (by stored file) as "minutes-2.pdf"; names are unique ignoring
    case, so the zip unpacks whole on Windows and macOS.
    """
    parts: dict[str, bytes] = {}
    originals: dict[str, str] = {}
    with workspace.read() as conn:
        for version in submission_repo.versions(conn, submission_id):
            folder = f"submission/version-{version.version_no}"
            record = asdict(version)
            evidence = record.pop("evidence")
            parts[f"{folder}/cover.json"] = _json(record)
            parts[f"{folder}/evidence.json"] = _json(evidence)
            named: dict[int, str] = {}
            for row in version.evidence:
                for ref in row.files:
                    if ref.file_id is not None:
                        named.setdefault(ref.file_id, ref.name)
            members = unique_names(
                [
                    (file_id, safe_name(name, f"file-{file_id}"))
                    for file_id, name in sorted(named.items())
                ]
            )
            for file_id, member in members.items():
                path = f"{folder}/files/{member}"
                parts[path] = submission_repo.file_content(conn, file_id)
                originals[path] = named[file_id]
    return parts, originals


def _assessors(workspace: Workspace, submission_id: int) -> tuple[dict[str, bytes], list[int]]:
    with workspace.read() as conn:
        records = score_repo.assessor_records(conn, submission_id)
    parts = {
        f"assessors/{slug(r.assessor) or 'assessor'}-{r.allocation_id}.json": _json(asdict(r))
        for r in records
    }
    return parts, [r.allocation_id for r in records]


def _moderation(workspace: Workspace, review: RoundReview, entry: QueueEntry) -> dict[str, bytes]:
    with workspace.read() as conn:
        agreed = moderation_repo.agreed_records(conn, entry.review.submission_id)
    live = entry.review.live
    record = {
        "round": review.round.name,
        "framework": {"id": review.framework.key, "version": review.framework.version},
        "level_applied": entry.facts.level_applied,
        "agreed_scores": [asdict(a) for a in agreed],
        "criteria": [
            {
                "criterion": line.criterion_id,
                "assessor_scores": dict(line.scores),
                "status": line.status,
                "score_that_counts": line.effective,
            }
            for line in entry.review.lines
        ],
        "computed_outcome": None if live is None else asdict(live),
    }
    decision = None if entry.decision is None else asdict(entry.decision)
    return {"moderation/record.json": _json(record), "decision.json": _json(decision)}


def _documents(
    workspace: Workspace, review: RoundReview, entry: QueueEntry, letter_date: date | None
) -> dict[str, bytes]:
    if entry.decision is None:
        return {}
    made = documents_for_review(workspace, review, letter_date, entry.facts.organisation)[0]
    name = slug(made.organisation) or f"organisation-{made.submission_id}"
    return {
        f"documents/{windows_safe(f'{PREFIX[kind]}-{name}.pdf')}": render(kind, made.document)
        for kind in DOCUMENT_KINDS
        if kind != "certificates" or made.document.level_awarded
    }


def _audit(
    workspace: Workspace, entry: QueueEntry, allocation_ids: list[int]
) -> tuple[dict[str, bytes], int, bool]:
    with workspace.read() as conn:
        report = audit.verify(conn)
        entries = audit.submission_trail(
            conn, entry.review.submission_id, entry.facts.organisation_id, allocation_ids
        )
    checks = []
    for item in entries:
        recomputed = audit.entry_hash(
            item.seq,
            item.at,
            item.stored_actor or item.actor,
            item.action,
            item.entity,
            item.entity_id,
            item.stored_details or canonical_json(item.details),
            item.prev_hash,
        )
        checks.append(
            {
                "seq": item.seq,
                "hash": item.hash,
                "prev_hash": item.prev_hash,
                "hash_recomputed_matches": recomputed == item.hash,
            }
        )
    verification = {
        "whole_chain": asdict(report),
        "entries_in_this_pack": checks,
        "how_to_check": "Run `arf-desktop audit verify` on the workspace: the chain head and "
        "each entry's hash above must match what it reports.",
    }
    parts = {
        "audit/entries.json": _json([asdict(item) for item in entries]),
        "audit/verification.json": _json(verification),
    }
    ok = report.ok and all(c["hash_recomputed_matches"] for c in checks)
    return parts, len(entries), ok


def _readme(entry: QueueEntry, review: RoundReview, chain_ok: bool, entries: int) -> bytes:
    decision = entry.decision
    outcome = f"{decision.outcome} ({decision.level_awarded or 'no level'})" if decision else "none"
    lines = [
        "Anti-Racist Framework appeal pack",
        "",
        f"Organisation: {entry.facts.organisation}",
        f"Round: {review.round.name}",
        f"Framework: {review.framework.label}",
        f"Decision: {outcome}",
        f"Audit entries in this pack: {entries}; "
        f"audit chain {'verified' if chain_ok else 'DID NOT VERIFY'}",
        "",
        "submission/   every version as imported: cover, evidence rows and evidence files",
        "assessors/    each assessor's scores and comments",
        "moderation/   agreed scores with rationales and feedback, computed outcome",
        "decision.json the panel's decision",
        "documents/    the letter, certificate and feedback report as sent",
        "audit/        the audit entries concerned and the chain verification",
        "manifest.json the SHA-256 of every file in this pack",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def build_appeal_pack(
    workspace: Workspace, round_name: str, organisation: str, letter_date: date | None = None
) -> tuple[bytes, AppealPack]:
    """The zip's bytes and a summary; refused when the organisation has no submission."""
    from arf_desktop.exporters.batch_export import workspace_head
    from arf_desktop.exporters.pdf_common import anchor_full, audit_anchor

    review = load_round(workspace, round_name, include_withdrawn=True)
    entry = review.find(organisation)
    if entry is None:
        raise NotFound(f"{organisation} has no submission in {review.round.name}.")
    head = workspace_head(workspace)
    with audit_anchor(*head):
        return _build(workspace, review, entry, letter_date, head, anchor_full(*head))


def _build(
    workspace: Workspace, review: RoundReview, entry: QueueEntry, letter_date: date | None,
    head: tuple[int, str], anchor: str,
) -> tuple[bytes, AppealPack]:  # fmt: skip
    parts, originals = _versions(workspace, entry.review.submission_id)
    assessor_parts, allocation_ids = _assessors(workspace, entry.review.submission_id)
    parts.update(assessor_parts)
    parts.update(_moderation(workspace, review, entry))
    parts.update(_documents(workspace, review, entry, letter_date))
    audit_parts, entries, chain_ok = _audit(workspace, entry, allocation_ids)
    parts.update(audit_parts)
    parts["README.txt"] = _readme(entry, review, chain_ok, entries)
    manifest = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in sorted(parts.items())
    }
    parts["manifest.json"] = _json(
        {
            "format": "arf-appeal-pack/1",
            "files": manifest,
            "evidence_files": {
                member: {"original_name": name} for member, name in sorted(originals.items())
            },
            "audit_head": {"seq": head[0], "hash": head[1], "anchor": anchor},
        }
    )
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name])
    summary = AppealPack(Path(), entry.facts.organisation, len(parts), entries, chain_ok)
    return buffer.getvalue(), summary


def write_appeal_pack(
    workspace: Workspace,
    round_name: str,
    organisation: str,
    path: str | os.PathLike[str],
    letter_date: date | None = None,
) -> AppealPack:
    """Build the appeal pack and write it atomically to `path`."""
    from arf_desktop.files.atomic import write_atomic

    data, summary = build_appeal_pack(workspace, round_name, organisation, letter_date)
    target = write_atomic(path, data)
    return AppealPack(
        target, summary.organisation, summary.parts, summary.audit_entries, summary.chain_ok
    )
