"""A coordinator's round with allocations, assessor workspaces on disk, and return builders."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from arf_desktop.demo.workspace import synthetic_version
from arf_desktop.domain.framework import Framework
from arf_desktop.exchange.container import container_bytes
from arf_desktop.exchange.keys import issue_key
from arf_desktop.exchange.pack_import import import_pack
from arf_desktop.exchange.packs import export_pack
from arf_desktop.exchange.returns import assemble, export_return
from arf_desktop.registers.assessors import AssessorDraft, add_assessor, current_assessor
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.registers.setup import init_workspace
from arf_desktop.scoring.allocation import allocate, list_allocations
from arf_desktop.scoring.scores import my_allocations, record_comment, record_score, submit
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import audit
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.rounds import get_round
from arf_desktop.storage.submissions import add_version
from arf_desktop.storage.workspace import Workspace, counts, workspace_id

ROUND = "Exchange round 2025"
COORDINATOR = "Programme coordinator"
ASSESSORS = ("Amara Okafor", "Łukasz Nowak", "Siân Evans")
SUBMISSIONS = {
    "Bolton NHS Foundation Trust": "bronze",
    "East Cheshire NHS Trust": "silver",
    "Stockport NHS Foundation Trust": "bronze",
}


@dataclass
class Coordinator:
    workspace: Workspace
    framework: Framework
    round_id: int
    allocations: dict[tuple[str, str], int]  # (organisation, assessor) -> allocation id

    def criteria(self, organisation: str) -> list[str]:
        return [c.id for c in self.framework.criteria_up_to(SUBMISSIONS[organisation])]

    def mine(self, assessor: str) -> dict[str, int]:
        return {o: a for (o, who), a in self.allocations.items() if who == assessor}

    def snapshot(self) -> tuple[Any, ...]:
        """Counts, the audit head and the exchange tables: equal when nothing was written."""
        with self.workspace.read() as conn:
            return (counts(conn), audit.head(conn))


def build_round(workspace: Workspace, framework: Framework, per_submission: int = 2) -> Coordinator:
    created = create_round(workspace, COORDINATOR, RoundDraft(ROUND, assessors_per_submission=3))
    rng = random.Random(11)
    with workspace.read() as conn:
        register = {o.name: o for o in org_repo.list_organisations(conn)}
    with workspace.write(COORDINATOR) as tx:
        for name, level in SUBMISSIONS.items():
            add_version(
                tx, synthetic_version(rng, framework, created.id, register[name].id, name, level)
            )
    for name in ASSESSORS:
        add_assessor(workspace, COORDINATOR, AssessorDraft(name))
    allocate(workspace, COORDINATOR, ROUND, list(ASSESSORS), per_submission=per_submission)
    rows = list_allocations(workspace, ROUND)
    return Coordinator(
        workspace, framework, created.id, {(r.organisation, r.assessor): r.id for r in rows}
    )


@pytest.fixture
def coordinator(workspace: Workspace, framework: Framework) -> Coordinator:
    """The coordinator's workspace on SQLite and on PostgreSQL, every assessor on 2 of 3."""
    return build_round(workspace, framework)


def new_workspace(path: Path) -> Path:
    init_workspace(path, "Laptop owner")
    return path


def take_pack(coord: Coordinator, assessor: str, folder: Path) -> Path:
    """Export the assessor's pack and import it into a fresh workspace; return that workspace."""
    pack = export_pack(
        coord.workspace, COORDINATOR, ROUND, assessor, folder / f"{assessor}.arfpack"
    )
    laptop = new_workspace(folder / f"{assessor}.arfdb")
    with Workspace.open(laptop) as opened:
        import_pack(opened, "Laptop owner", pack.path)
    return laptop


Scorer = Callable[[str, str], int]


def score_all(laptop: Path, framework: Framework, value: Scorer, submit_all: bool = True) -> None:
    """Score every allocated criterion in an assessor's workspace, through the real services."""
    with Workspace.open(laptop) as opened:
        me = current_assessor(opened)
        assert me is not None
        for row in my_allocations(opened, me.id):
            for criterion in framework.criteria_up_to(row.level_applied):
                score = value(row.organisation, criterion.id)
                record_score(opened, me.name, row.id, criterion.id, score)
                if score < framework.award_rule.threshold:
                    record_comment(opened, me.name, row.id, criterion.id, "Evidence is partial.")
            if submit_all:
                submit(opened, me.name, row.id)


def write_return(laptop: Path, out: Path) -> Path:
    with Workspace.open(laptop) as opened:
        me = current_assessor(opened)
        assert me is not None
        return export_return(opened, me.name, ROUND, out).path


def unsealed(coord: Coordinator, data: bytes) -> bytes:
    """The plain container inside an encrypted return, opened with the key of its pack."""
    import io

    from arf_desktop.exchange.sealed import open_chunks, read_header, return_key
    from arf_desktop.storage.exchange_keys import find_key

    handle = io.BytesIO(data)
    header = read_header(handle, "return")
    with coord.workspace.read() as conn:
        key = find_key(conn, header.key_id or "")
    assert key is not None
    return open_chunks(handle, header, return_key(header, key.secret, "return"), "return", 10**8)


def synthetic_return(
    coord: Coordinator,
    assessor: str,
    records: Sequence[dict[str, Any]],
    lineage: str = "laptop-1",
    return_id: str | None = None,
) -> bytes:
    """A well-formed return for records (without seq), as an assessor's workspace would write,
    authenticated with a key issued to that assessor for the round (as a pack would carry)."""
    import uuid

    pack_id = str(uuid.uuid4())
    with coord.workspace.write(COORDINATOR) as tx:
        found_id = assessor_repo.find_assessor(tx.connection, assessor)
        assert found_id is not None
        secret = issue_key(tx, pack_id, coord.round_id, found_id.id)
    with coord.workspace.read() as conn:
        coordinator_workspace = workspace_id(conn)
        framework_id = get_round(conn, coord.round_id).framework_id
        _, framework_sha = framework_repo.framework_text(conn, framework_id)
        found = assessor_repo.find_assessor(conn, assessor)
    assert found is not None
    meta = {
        "return_id": return_id or str(uuid.uuid4()),
        "coordinator_workspace": coordinator_workspace,
        "assessor_workspace": lineage,
        "pack_id": pack_id,
        "round": {"id": coord.round_id, "name": ROUND},
        "assessor": {"id": found.id, "name": found.name},
        "framework": {
            "id": coord.framework.key,
            "version": coord.framework.version,
            "sha256": framework_sha,
        },
        "audit_head": {"seq": 7, "hash": "a" * 64},
    }
    return container_bytes(assemble(meta, list(records), secret))


def score_record(
    organisation: str, allocation: int, criterion: str, revision: int, score: int | None,
    comment: str = "",
) -> dict[str, Any]:  # fmt: skip
    return {
        "kind": "score",
        "allocation": allocation,
        "organisation": organisation,
        "criterion": criterion,
        "revision": revision,
        "score": score,
        "comment": comment,
        "updated_at": "2025-06-01T10:00:00+00:00",
        "updated_by": "Assessor",
    }


def status_record(
    organisation: str, allocation: int, revision: int, submitted: bool
) -> dict[str, Any]:
    return {
        "kind": "status",
        "allocation": allocation,
        "organisation": organisation,
        "revision": revision,
        "status": "submitted" if submitted else "allocated",
        "submitted_at": "2025-06-02T10:00:00+00:00" if submitted else None,
    }


def resigned(
    coord: Coordinator,
    data: bytes,
    edit: Callable[[dict[str, Any]], None],
    records: Sequence[dict[str, Any]] | None = None,
    key_of: str | None = None,
) -> bytes:
    """A return rebuilt after `edit` changed its manifest (and maybe its records, without seq),
    authenticated again with the key of pack `key_of` (default: the return's own pack), as
    someone holding that pack could."""
    import json
    import uuid

    from arf_desktop.exchange.container import read_container, safe_name
    from arf_desktop.storage.exchange_keys import find_key

    parts = read_container(data, safe_name, 10**8).parts
    manifest = json.loads(parts["manifest.json"])
    if records is None:
        records = [
            {k: v for k, v in r.items() if k != "seq"} for r in json.loads(parts["records.json"])
        ]
    manifest["return_id"] = str(uuid.uuid4())  # a new return, not a re-import of the old one
    edit(manifest)
    with coord.workspace.read() as conn:
        key = find_key(conn, key_of or manifest["pack_id"])
    assert key is not None
    fixed = ("format", "format_version", "created", "app_version", "records", "parts")
    meta = {
        k: v for k, v in manifest.items() if k not in (*fixed, "authentication", "manifest_digest")
    }
    return container_bytes(assemble(meta, list(records), key.secret))
