"""Exchange records: where a pack came from, id mappings, merges, merge bases, score conflicts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.storage import tables
from arf_desktop.storage.audit import GENESIS, HEAD_KEY
from arf_desktop.storage.workspace import WriteTx


@dataclass(frozen=True)
class Origin:
    """The coordinator's workspace, round and assessor a local round and assessor came from."""

    id: int
    coordinator_workspace: str
    remote_round_id: int
    remote_assessor_id: int
    round_id: int
    assessor_id: int
    pack_id: str
    pack_sequence: int
    pack_created: str


def workspace_id(conn: Connection) -> str:
    si = tables.schema_info
    return conn.execute(select(si.c.value).where(si.c.key == "workspace_id")).scalar_one()


def chain_head(conn: Connection) -> tuple[int, str]:
    si = tables.schema_info
    value = conn.execute(select(si.c.value).where(si.c.key == HEAD_KEY)).scalar_one_or_none()
    if value is None:
        return 0, GENESIS
    seq, _, digest = value.partition(":")
    return int(seq), digest


def framework_text(conn: Connection, framework_id: int) -> tuple[str, str]:
    """The stored definition (canonical JSON) and its SHA-256."""
    fw = tables.frameworks
    row = conn.execute(select(fw.c.definition, fw.c.sha256).where(fw.c.id == framework_id)).one()
    return row.definition, row.sha256


# -- packs: reading a version, writing one with its own number ------------------------


def version_payload(conn: Connection, version_id: int) -> dict[str, Any]:
    v, er, el, ef = (
        tables.submission_versions,
        tables.evidence_rows,
        tables.evidence_links,
        tables.evidence_files,
    )
    row = conn.execute(select(v).where(v.c.id == version_id)).one()
    rows = conn.execute(
        select(er.c.criterion_id, er.c.self_assessment, er.c.summary)
        .where(er.c.version_id == version_id)
        .order_by(er.c.id)
    ).all()
    links = conn.execute(
        select(el.c.criterion_id, el.c.name, ef.c.sha256)
        .outerjoin(ef, ef.c.id == el.c.file_id)
        .where(el.c.version_id == version_id)
        .order_by(el.c.id)
    ).all()
    return {
        "id": row.id,
        "version_no": row.version_no,
        "level_applied": row.level_applied,
        "cover": json.loads(row.cover),
        "source_name": row.source_name,
        "source_sha256": row.source_sha256,
        "content_sha256": row.content_sha256,
        "template_version": row.template_version,
        "warnings": json.loads(row.warnings),
        "imported_at": row.imported_at,
        "rows": [
            {
                "criterion": r.criterion_id,
                "self_assessment": r.self_assessment,
                "summary": r.summary,
            }
            for r in rows
        ],
        "links": [{"criterion": r.criterion_id, "name": r.name, "file": r.sha256} for r in links],
    }


def file_contents(conn: Connection, digests: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    ef = tables.evidence_files
    for digest in digests:
        yield digest, conn.execute(select(ef.c.content).where(ef.c.sha256 == digest)).scalar_one()


def insert_version(
    tx: WriteTx, submission_id: int, version: dict[str, Any], file_ids: dict[str, int]
) -> int:
    """Store a version under the number the coordinator gave it, with its rows and links."""
    version_id = tx.execute(
        tables.submission_versions.insert().values(
            submission_id=submission_id,
            version_no=version["version_no"],
            level_applied=version["level_applied"],
            cover=json.dumps(version["cover"], ensure_ascii=False),
            source_name=version["source_name"],
            source_sha256=version["source_sha256"],
            content_sha256=version["content_sha256"],
            template_version=version["template_version"],
            warnings=json.dumps(version["warnings"], ensure_ascii=False),
            imported_at=utc_now(),
            imported_by=tx.actor,
        )
    ).inserted_primary_key[0]
    if version["rows"]:
        tx.execute(
            tables.evidence_rows.insert(),
            [
                {
                    "version_id": version_id,
                    "criterion_id": r["criterion"],
                    "self_assessment": r["self_assessment"],
                    "summary": r["summary"],
                }
                for r in version["rows"]
            ],
        )
    if version["links"]:
        tx.execute(
            tables.evidence_links.insert(),
            [
                {
                    "version_id": version_id,
                    "criterion_id": link["criterion"],
                    "name": link["name"],
                    "file_id": file_ids.get(link["file"]) if link["file"] else None,
                }
                for link in version["links"]
            ],
        )
    return version_id


def insert_submission(tx: WriteTx, round_id: int, organisation_id: int) -> int:
    return tx.execute(
        tables.submissions.insert().values(
            round_id=round_id, organisation_id=organisation_id, created_at=utc_now()
        )
    ).inserted_primary_key[0]


def version_numbers(conn: Connection, submission_id: int) -> set[int]:
    v = tables.submission_versions
    return set(
        conn.execute(select(v.c.version_no).where(v.c.submission_id == submission_id)).scalars()
    )


def seed_score(
    tx: WriteTx, allocation_id: int, criterion_id: str, content: dict, revision: int
) -> None:
    tx.execute(
        tables.scores.insert().values(
            allocation_id=allocation_id,
            criterion_id=criterion_id,
            score=content.get("score"),
            comment=content.get("comment", ""),
            revision=revision,
            updated_at=utc_now(),
            updated_by=tx.actor,
            source="pack",
        )
    )


def has_scores(conn: Connection, allocation_id: int) -> bool:
    sc = tables.scores
    return (
        conn.execute(select(sc.c.id).where(sc.c.allocation_id == allocation_id).limit(1)).first()
        is not None
    )


def status_changes(conn: Connection, allocation_id: int) -> int:
    """How many times an allocation was submitted or reopened here (its status revision)."""
    log = tables.audit_log
    return conn.execute(
        select(func.count())
        .select_from(log)
        .where(
            log.c.entity == "allocation",
            log.c.entity_id == str(allocation_id),
            log.c.action.in_(("allocation.submit", "allocation.reopen")),
        )
    ).scalar_one()


# -- origins and id mappings (assessor side) ---------------------------------------------


def _origin(row: Any) -> Origin:
    return Origin(
        row.id, row.coordinator_workspace, row.remote_round_id, row.remote_assessor_id,
        row.round_id, row.assessor_id, row.pack_id, row.pack_sequence, row.pack_created,
    )  # fmt: skip


def find_origin(
    conn: Connection, coordinator: str, remote_round_id: int, remote_assessor_id: int
) -> Origin | None:
    eo = tables.exchange_origins
    row = conn.execute(
        select(eo).where(
            eo.c.coordinator_workspace == coordinator,
            eo.c.remote_round_id == remote_round_id,
            eo.c.remote_assessor_id == remote_assessor_id,
        )
    ).first()
    return None if row is None else _origin(row)


def origins_for_round(conn: Connection, round_id: int) -> list[Origin]:
    eo = tables.exchange_origins
    rows = conn.execute(select(eo).where(eo.c.round_id == round_id).order_by(eo.c.id)).all()
    return [_origin(row) for row in rows]


def save_origin(tx: WriteTx, values: dict[str, Any]) -> None:
    eo = tables.exchange_origins
    stamp = {"imported_at": utc_now(), "imported_by": tx.actor}
    found = find_origin(
        tx.connection,
        values["coordinator_workspace"],
        values["remote_round_id"],
        values["remote_assessor_id"],
    )
    if found is None:
        tx.execute(eo.insert().values(**values, **stamp))
    else:
        tx.execute(eo.update().where(eo.c.id == found.id).values(**values, **stamp))


def mapping(conn: Connection, coordinator: str, kind: str) -> dict[int, tuple[int, int]]:
    """Remote id → (local id, revision offset) for one kind of record."""
    ei = tables.exchange_ids
    rows = conn.execute(
        select(ei.c.remote_id, ei.c.local_id, ei.c.revision_offset).where(
            ei.c.coordinator_workspace == coordinator, ei.c.kind == kind
        )
    ).all()
    return {row.remote_id: (row.local_id, row.revision_offset) for row in rows}


def put_mapping(
    tx: WriteTx, coordinator: str, kind: str, remote_id: int, local_id: int, offset: int = 0
) -> None:
    ei = tables.exchange_ids
    where = (ei.c.coordinator_workspace == coordinator) & (ei.c.kind == kind)
    where = where & (ei.c.remote_id == remote_id)
    updated = tx.execute(ei.update().where(where).values(local_id=local_id, revision_offset=offset))
    if updated.rowcount == 0:
        tx.execute(
            ei.insert().values(
                coordinator_workspace=coordinator,
                kind=kind,
                remote_id=remote_id,
                local_id=local_id,
                revision_offset=offset,
            )
        )


def drop_mapping(tx: WriteTx, coordinator: str, kind: str, remote_id: int) -> None:
    ei = tables.exchange_ids
    tx.execute(
        ei.delete().where(
            ei.c.coordinator_workspace == coordinator,
            ei.c.kind == kind,
            ei.c.remote_id == remote_id,
        )
    )


def update_round(tx: WriteTx, round_id: int, changes: dict[str, Any]) -> dict[str, list[Any]]:
    """Bring a round's settings in line with the coordinator's; return {field: [old, new]}."""
    r = tables.rounds
    row = tx.execute(select(r).where(r.c.id == round_id)).one()
    diff = {k: [getattr(row, k), v] for k, v in changes.items() if getattr(row, k) != v}
    if diff:
        tx.execute(
            r.update().where(r.c.id == round_id).values({k: v for k, (_, v) in diff.items()})
        )
        tx.audit("round.edit", "round", round_id, {"changes": diff, "source": "work pack"})
    return diff


def setting_value(conn: Connection, key: str) -> str | None:
    st = tables.settings
    return conn.execute(select(st.c.value).where(st.c.key == key)).scalar_one_or_none()
