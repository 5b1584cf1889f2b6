"""Work packs out: one file per assessor with their allocated submissions, written atomically."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arf_desktop.domain.errors import NotFound, Refused, UserFacingError
from arf_desktop.domain.framework import canonical_json
from arf_desktop.domain.records import Round, VersionRecord
from arf_desktop.domain.scoring import SUBMITTED, Assessor
from arf_desktop.exchange.container import write_container
from arf_desktop.exchange.keys import issue_key, revoke_keys
from arf_desktop.exchange.manifest import MANIFEST, common_fields, encode, part_entry, seal, sha256
from arf_desktop.exchange.sealed import Sealing, check_new_passphrase
from arf_desktop.files.names import unique_names, windows_safe
from arf_desktop.files.output_guard import check_planned
from arf_desktop.registers.assessors import require_assessor
from arf_desktop.registers.interests import ConflictOfInterest
from arf_desktop.registers.rounds import require_round
from arf_desktop.scoring.scores import refuse_conflict
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import exchange as repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import interests as interest_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.exchange import Base
from arf_desktop.storage.workspace import Workspace, WriteTx, workspace_id

STATUS_ITEM = "#status"
PACK_FORMAT = "arf-work-pack"
PACK_SUFFIX = ".arfpack"
PACK_SCHEMA = "pack-manifest.schema.json"
JSON_PARTS = ("framework.json", "organisations.json", "conflicts.json", "allocations.json")
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class PackWritten:
    path: Path
    pack_id: str
    round: str
    assessor: str
    allocations: int
    files: int
    size: int
    skipped: tuple[str, ...] = ()
    encrypted: bool = False


@dataclass(frozen=True)
class PacksWritten:
    """What a batch export did: a pack per assessor, or the reason there is none."""

    round: str
    written: tuple[PackWritten, ...]
    problems: tuple[tuple[str, str], ...] = ()
    cancelled: bool = False
    not_started: tuple[str, ...] = field(default_factory=tuple)


def pack_name(round_name: str, assessor: str) -> str:
    """A file name every system accepts: round and assessor, unsafe characters replaced."""
    text = windows_safe(f"{round_name} - {assessor}")[:150].rstrip(". ")
    return windows_safe(text + PACK_SUFFIX)


def _organisation(conn: Any, organisation_id: int) -> dict[str, Any]:
    o = org_repo.get_organisation(conn, organisation_id)
    return {"id": o.id, "name": o.name, "icb": o.icb, "org_type": o.org_type, "code": o.code}


def _first_sending(tx: WriteTx, fact: Any, bases: dict[tuple[int, str], Base]) -> None:
    """Values this workspace already holds go out at revision 1, recorded as the merge base.

    Only when an allocation is packed for the first time: the assessor cannot have values
    of their own for it yet, so a later edit of theirs (revision 2 on) merges cleanly, and
    a change made here after the pack still meets theirs as an edit clash.
    """
    stored = score_repo.scores_for(tx.connection, fact.id)
    values = {
        cid: canonical_json({"score": s.score, "comment": s.comment}) for cid, s in stored.items()
    }
    revisions = {cid: s.revision for cid, s in stored.items()}
    if fact.status == SUBMITTED:
        values[STATUS_ITEM], revisions[STATUS_ITEM] = canonical_json({"status": SUBMITTED}), 0
    for item, content in values.items():
        if (fact.id, item) not in bases:
            base = Base(fact.id, item, 1, revisions[item], content)
            repo.put_base(tx, base, None)
            bases[(fact.id, item)] = base


def _version_payload(version: VersionRecord) -> dict[str, Any]:
    """A submission version as the pack carries it: fields, answers and file links by hash."""
    return {
        "id": version.version_id,
        "version_no": version.version_no,
        "level_applied": version.level_applied,
        "cover": version.cover,
        "source_name": version.source_name,
        "source_sha256": version.source_sha256,
        "content_sha256": version.content_sha256,
        "template_version": version.template_version,
        "warnings": list(version.warnings),
        "imported_at": version.imported_at,
        "rows": [
            {
                "criterion": e.criterion_id,
                "self_assessment": e.self_assessment,
                "summary": e.summary,
            }
            for e in version.evidence
        ],
        "links": [
            {"criterion": e.criterion_id, "name": f.name, "file": f.sha256}
            for e in version.evidence
            for f in e.files
        ],
    }


def _collect(tx: WriteTx, chosen: Round, assessor: Assessor, pack_id: str) -> dict[str, Any]:
    conn = tx.connection
    allocations, skipped, organisation_ids = [], [], set()
    file_ids: dict[str, int] = {}
    facts = allocation_repo.list_allocations(conn, chosen.id, assessor.id)
    bases = repo.bases_for(conn, [f.id for f in facts])
    sent = repo.sent_allocations(conn, [f.id for f in facts])
    for fact in facts:
        try:
            refuse_conflict(conn, fact)
        except ConflictOfInterest as conflict:
            skipped.append(f"{fact.organisation}: {'; '.join(conflict.reasons)}")
            continue
        if fact.id not in sent:
            _first_sending(tx, fact, bases)
            repo.mark_sent(tx, [fact.id], pack_id)
        returned = [
            {"item": b.item, "revision": b.remote_revision, "content": json.loads(b.content)}
            for (allocation_id, _), b in sorted(bases.items())
            if allocation_id == fact.id
        ]
        version = submission_repo.get_version(conn, fact.version_id)
        file_ids.update(
            (f.sha256, f.file_id)
            for e in version.evidence
            for f in e.files
            if f.file_id and f.sha256
        )
        allocations.append(
            {
                "id": fact.id,
                "submission": fact.submission_id,
                "organisation": fact.organisation_id,
                "allocated_at": fact.allocated_at,
                "version": _version_payload(version),
                "returned": returned,
            }
        )
        organisation_ids.add(fact.organisation_id)
    conflicts = [
        {
            "id": c.id,
            "organisation": c.organisation_id,
            "kind": c.kind,
            "reason": c.reason,
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
        }
        for c in interest_repo.list_conflicts(conn, assessor.id)
    ]
    organisation_ids |= {c["organisation"] for c in conflicts}
    if assessor.organisation_id is not None:
        organisation_ids.add(assessor.organisation_id)
    files = sorted(
        {link["file"] for a in allocations for link in a["version"]["links"] if link["file"]}
    )
    return {
        "file_ids": {digest: file_ids[digest] for digest in files},
        "allocations": allocations,
        "skipped": skipped,
        "conflicts": conflicts,
        "organisations": [_organisation(conn, i) for i in sorted(organisation_ids)],
        "files": files,
    }


def _file_parts(conn: Any, file_ids: dict[str, int]) -> Iterator[tuple[str, bytes]]:
    """Each evidence file the pack carries, as (part name, bytes), checked against its hash."""
    for digest, file_id in file_ids.items():
        data = submission_repo.file_content(conn, file_id)
        if sha256(data) != digest:
            raise UserFacingError(f"An evidence file in this workspace is damaged ({digest[:12]}).")
        yield f"files/{digest}", data


def _manifest(
    conn: Any, chosen: Round, assessor: Assessor, content: dict[str, Any], header: dict[str, Any]
) -> dict[str, Any]:
    """The sealed manifest: who and what the pack is for, and every part's hash and size."""
    organisation = next(
        (o["name"] for o in content["organisations"] if o["id"] == assessor.organisation_id),
        None,
    )
    return seal(
        {
            **common_fields(PACK_FORMAT),
            **header,
            "coordinator_workspace": workspace_id(conn),
            "round": {
                "id": chosen.id,
                "name": chosen.name,
                "opens_on": chosen.opens_on,
                "closes_on": chosen.closes_on,
                "assessors_per_submission": chosen.assessors_per_submission,
                "same_icb_conflict": chosen.same_icb_conflict,
            },
            "assessor": {
                "id": assessor.id,
                "name": assessor.name,
                "organisation": organisation,
                "icb": assessor.icb,
                "email": assessor.email,
            },
            "counts": {
                "allocations": len(content["allocations"]),
                "files": len(content["files"]),
            },
        }
    )


def sealing_for(passphrase: str | None) -> Sealing | None:
    """The encryption of a new pack: a key from the passphrase (None: a plain pack)."""
    if passphrase is None:
        return None
    check_new_passphrase(passphrase)
    return Sealing.with_passphrase(PACK_FORMAT, passphrase)


def export_pack(
    workspace: Workspace,
    actor: str,
    round_name: str,
    assessor_name: str,
    out: Path,
    passphrase: str | None = None,
) -> PackWritten:
    """Write one assessor's work pack for a round, encrypted with the passphrase when one is
    given; the export is audited with the pack's id."""
    chosen = require_round(workspace, round_name)
    assessor = require_assessor(workspace, assessor_name)
    sealing = sealing_for(passphrase)  # before the write lock: scrypt takes a moment
    with workspace.write(actor) as tx:
        conn = tx.connection
        pack_id = str(uuid.uuid4())
        content = _collect(tx, chosen, assessor, pack_id)
        if not content["allocations"]:
            blocked = len(content["skipped"])
            raise Refused(
                f"{assessor.name} has no submissions to score in “{chosen.name}”"
                + (f" ({blocked} blocked by conflicts of interest)." if blocked else ".")
            )
        definition, framework_sha = framework_repo.framework_text(conn, chosen.framework_id)
        framework = json.loads(definition)
        parts: dict[str, bytes] = {
            "framework.json": definition.encode("utf-8"),
            "organisations.json": encode(content["organisations"]),
            "conflicts.json": encode(content["conflicts"]),
            "allocations.json": encode(content["allocations"]),
        }
        entries = {name: part_entry(data) for name, data in parts.items()}
        entries.update(
            (name, part_entry(data)) for name, data in _file_parts(conn, content["file_ids"])
        )
        entry = tx.audit(
            "pack.export",
            "assessor",
            assessor.id,
            {
                "pack_id": pack_id,
                "round": chosen.name,
                "file": Path(out).name,
                "allocations": [a["id"] for a in content["allocations"]],
                "files": len(content["files"]),
                "skipped": content["skipped"],
                "encrypted": sealing is not None,
            },
        )
        framework_fields = {
            "id": framework["id"],
            "version": str(framework["version"]),
            "sha256": framework_sha,
        }
        header = {
            "pack_id": pack_id,
            "sequence": entry.seq,
            "framework": framework_fields,
            "return_key": issue_key(tx, pack_id, chosen.id, assessor.id),
        }
        manifest = _manifest(conn, chosen, assessor, content, {**header, "parts": entries})

        def stream() -> Iterator[tuple[str, bytes]]:
            yield MANIFEST, encode(manifest)
            yield from parts.items()
            yield from _file_parts(conn, content["file_ids"])

        size = write_container(Path(out), stream(), sealing)
    return PackWritten(
        Path(out),
        pack_id,
        chosen.name,
        assessor.name,
        len(content["allocations"]),
        len(content["files"]),
        size,
        tuple(content["skipped"]),
        sealing is not None,
    )


def rotate_key(
    workspace: Workspace, actor: str, round_name: str, assessor_name: str, out: Path, reason: str,
    passphrase: str | None = None,
) -> PackWritten:  # fmt: skip
    """Revoke the assessor's keys for the round, then write a new pack with a fresh key."""
    if passphrase is not None:
        check_new_passphrase(passphrase)  # refused before any key is revoked
    check_planned([(Path(out), "work_pack")])  # a refused file revokes nothing
    with contextlib.suppress(NotFound):  # nothing live: the new pack still has a fresh key
        revoke_keys(workspace, actor, assessor_name, round_name, reason or "key rotated")
    return export_pack(workspace, actor, round_name, assessor_name, out, passphrase)


def pack_files(workspace: Workspace, round_name: str, folder: Path) -> dict[str, Path]:
    """{assessor: pack file} for everyone allocated in the round, file names unique ignoring
    case (two assessors whose names differ only in case or in characters Windows refuses)."""
    chosen = require_round(workspace, round_name)
    with workspace.read() as conn:
        names = sorted({f.assessor for f in allocation_repo.list_allocations(conn, chosen.id)})
    if not names:
        raise NotFound(f"Nobody is allocated in “{chosen.name}” yet; allocate assessors first.")
    unique = unique_names([(name, pack_name(chosen.name, name)) for name in names])
    return {name: folder / unique[name] for name in names}


def export_packs(
    workspace: Workspace,
    actor: str,
    round_name: str,
    folder: Path,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    passphrase: str | None = None,
) -> PacksWritten:
    """A pack for every assessor allocated in the round, each written and audited on its own
    (each encrypted with the passphrase, under a salt of its own, when one is given)."""
    chosen = require_round(workspace, round_name)
    if passphrase is not None:
        check_new_passphrase(passphrase)
    files = pack_files(workspace, chosen.name, Path(folder))
    names = list(files)
    check_planned([(path, "work_pack") for path in files.values()])
    written: list[PackWritten] = []
    problems: list[tuple[str, str]] = []
    for index, name in enumerate(names):
        if cancel is not None and cancel():
            return PacksWritten(
                chosen.name, tuple(written), tuple(problems), True, tuple(names[index:])
            )
        if progress is not None:
            progress(index, len(names), name)
        try:
            written.append(
                export_pack(workspace, actor, chosen.name, name, files[name], passphrase)
            )
        except (UserFacingError, OSError) as error:
            problems.append((name, getattr(error, "message", None) or str(error)))
    if progress is not None:
        progress(len(names), len(names), "")
    return PacksWritten(chosen.name, tuple(written), tuple(problems))
