"""Work packs in: the assessor's workspace gets the round, submissions and allocations, once.

Records keep the coordinator's identities through a mapping table (coordinator workspace,
kind, coordinator id → local id), so a newer pack updates what an older one created and
never touches a score the assessor has saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arf_desktop.domain.errors import Refused
from arf_desktop.domain.scoring import SUBMITTED
from arf_desktop.exchange.pack_reader import Pack, read_pack_file
from arf_desktop.registers.assessors import CURRENT_ASSESSOR_KEY
from arf_desktop.registers.rounds import RoundDraft, create_round_in
from arf_desktop.scoring.score_writes import save_score
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import exchange as repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import interests as interest_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.workspace import (
    Workspace,
    WriteTx,
    put_setting,
    read_setting,
    workspace_id,
)

STATUS_ITEM = "#status"


@dataclass(frozen=True)
class PackImported:
    file: str
    pack_id: str
    round: str
    assessor: str
    unchanged: bool
    allocations_added: int = 0
    versions_added: int = 0
    allocations: int = 0
    withdrawn: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()

    def summary(self) -> str:
        if self.unchanged:
            return f"{self.file} was already imported; nothing changed."
        text = (
            f"{self.allocations} submissions for {self.assessor} in “{self.round}” "
            f"({self.allocations_added} newly allocated, {self.versions_added} with a newer "
            "submission version)"
        )
        if self.withdrawn:
            text += f"; withdrawn: {', '.join(self.withdrawn)}"
        if self.kept:
            text += f"; no longer allocated but kept because scored: {', '.join(self.kept)}"
        return text


def import_pack(
    workspace: Workspace, actor: str, path: Path, passphrase: str | None = None
) -> PackImported:
    """Decrypt (with the passphrase) and verify the pack completely in memory, then import it
    in one transaction (or not at all)."""
    return apply_pack(workspace, actor, read_pack_file(Path(path), passphrase))


def _local(
    tx: WriteTx, pack: Pack, kind: str, remote_id: int, find: Callable[[], int | None],
    create: Callable[[], int], offset: int = 0,
) -> tuple[int, bool]:  # fmt: skip
    """The local id for a coordinator id: mapped, else found by name, else created."""
    mapped = repo.mapping(tx.connection, pack.coordinator, kind).get(remote_id)
    if mapped is not None:
        return mapped[0], False
    found = find()
    local_id = found if found is not None else create()
    repo.put_mapping(tx, pack.coordinator, kind, remote_id, local_id, offset)
    return local_id, found is None


def apply_pack(workspace: Workspace, actor: str, pack: Pack) -> PackImported:
    m = pack.manifest
    with workspace.write(actor) as tx:
        conn = tx.connection
        if pack.coordinator == workspace_id(conn):
            raise Refused(
                f"{pack.file} was exported from this workspace; import it in the assessor's own "
                "workspace (a new one from `arf-desktop init`, or theirs)."
            )
        origin = repo.find_origin(conn, pack.coordinator, m["round"]["id"], m["assessor"]["id"])
        if origin is not None and origin.pack_id == m["pack_id"]:
            return PackImported(
                pack.file, m["pack_id"], m["round"]["name"], m["assessor"]["name"], True
            )
        if origin is not None and m["sequence"] < origin.pack_sequence:
            raise Refused(
                f"{pack.file} is older than the work pack already imported for this round "
                f"(written {origin.pack_created[:16].replace('T', ' ')} UTC); nothing was changed."
            )
        framework_id = _framework(tx, pack)
        organisations = {
            o["id"]: _organisation(tx, pack, o)
            for o in sorted(pack.organisations, key=lambda o: o["id"])
        }
        round_id = _round(tx, pack, framework_id)
        assessor_id = _assessor(tx, pack, organisations)
        _conflicts(tx, pack, assessor_id, organisations)
        added = versions = 0
        for allocation in pack.allocations:
            new_allocation, new_version = _allocation(
                tx, pack, allocation, round_id, assessor_id, organisations
            )
            added += new_allocation
            versions += new_version
        withdrawn, kept = _withdraw(tx, pack, round_id, assessor_id)
        name = m["assessor"]["name"]
        for key, value in (("workspace.user", name), (CURRENT_ASSESSOR_KEY, str(assessor_id))):
            if read_setting(conn, key) != value:
                put_setting(tx, key, value)
        repo.save_origin(
            tx,
            {
                "coordinator_workspace": pack.coordinator,
                "remote_round_id": m["round"]["id"],
                "remote_assessor_id": m["assessor"]["id"],
                "round_id": round_id,
                "assessor_id": assessor_id,
                "pack_id": m["pack_id"],
                "pack_sequence": m["sequence"],
                "pack_created": m["created"],
                "return_key": m["return_key"],
            },
        )
        tx.audit(
            "pack.import",
            "round",
            round_id,
            {
                "pack_id": m["pack_id"],
                "file": pack.file,
                "coordinator": pack.coordinator,
                "sequence": m["sequence"],
                "assessor": name,
                "allocations": len(pack.allocations),
                "added": added,
                "versions": versions,
                "withdrawn": withdrawn,
                "kept": kept,
            },
        )
    return PackImported(
        pack.file, m["pack_id"], m["round"]["name"], name, False, added, versions,
        len(pack.allocations), tuple(withdrawn), tuple(kept),
    )  # fmt: skip


def _framework(tx: WriteTx, pack: Pack) -> int:
    try:
        framework_id, _ = framework_repo.add_framework(tx, pack.definition)
    except ValueError as error:
        raise Refused(f"{pack.file}: {error}") from None
    return framework_id


def _organisation(tx: WriteTx, pack: Pack, o: dict[str, Any]) -> int:
    conn = tx.connection
    values = {"name": o["name"], "icb": o["icb"], "org_type": o["org_type"], "code": o["code"]}

    def find() -> int | None:
        found = org_repo.find_organisation(conn, o["name"])
        return found.id if found else None

    local_id, created = _local(
        tx, pack, "organisation", o["id"], find, lambda: org_repo.insert_organisation(tx, values)
    )
    if not created:
        org_repo.update_organisation(tx, local_id, {"icb": o["icb"], "org_type": o["org_type"]})
    return local_id


def _round(tx: WriteTx, pack: Pack, framework_id: int) -> int:
    conn, r = tx.connection, pack.manifest["round"]
    settings = {
        "opens_on": r["opens_on"],
        "closes_on": r["closes_on"],
        "assessors_per_submission": r["assessors_per_submission"],
        "same_icb_conflict": r["same_icb_conflict"],
    }

    def find() -> int | None:
        found = round_repo.find_round(conn, r["name"])
        return found.id if found else None

    def create() -> int:
        return create_round_in(tx, RoundDraft(r["name"], framework_id=framework_id, **settings)).id

    local_id, _ = _local(tx, pack, "round", r["id"], find, create)
    local = round_repo.get_round(conn, local_id)
    if local.framework_id != framework_id:
        raise Refused(
            f"The round “{local.name}” in this workspace uses another framework version than the "
            f"pack ({pack.framework.label}); nothing was changed."
        )
    round_repo.update_round(tx, local_id, settings, "work pack")
    return local_id


def _assessor(tx: WriteTx, pack: Pack, organisations: dict[int, int]) -> int:
    conn, a = tx.connection, pack.manifest["assessor"]
    by_name = {o["name"]: organisations[o["id"]] for o in pack.organisations}
    values = {
        "name": a["name"],
        "organisation_id": by_name.get(a["organisation"]) if a["organisation"] else None,
        "icb": a["icb"],
        "email": a["email"],
    }

    def find() -> int | None:
        found = assessor_repo.find_assessor(conn, a["name"])
        return found.id if found else None

    local_id, created = _local(
        tx, pack, "assessor", a["id"], find, lambda: assessor_repo.insert_assessor(tx, values)
    )
    if not created:
        assessor_repo.update_assessor(tx, local_id, {**values, "active": True})
    return local_id


def _conflicts(tx: WriteTx, pack: Pack, assessor_id: int, organisations: dict[int, int]) -> None:
    for c in pack.conflicts:
        values = {
            "assessor_id": assessor_id,
            "organisation_id": organisations[c["organisation"]],
            "kind": c["kind"],
            "reason": c["reason"],
            "starts_on": c["starts_on"],
            "ends_on": c["ends_on"],
        }
        _local(
            tx, pack, "conflict", c["id"], lambda: None,
            lambda v=values: interest_repo.insert_conflict(tx, v),
        )  # fmt: skip


def _allocation(
    tx: WriteTx, pack: Pack, a: dict[str, Any], round_id: int, assessor_id: int,
    organisations: dict[int, int],
) -> tuple[bool, bool]:  # fmt: skip
    conn = tx.connection
    organisation_id = organisations[a["organisation"]]
    submission_id, _ = _local(
        tx, pack, "submission", a["submission"],
        lambda: submission_repo.submission_id_for(conn, round_id, organisation_id),
        lambda: submission_repo.insert_submission(tx, round_id, organisation_id),
    )  # fmt: skip
    version = a["version"]
    new_version = version["id"] not in repo.mapping(conn, pack.coordinator, "version")
    if new_version:
        if version["version_no"] in submission_repo.version_numbers(conn, submission_id):
            raise Refused(
                f"{pack.file}: this workspace already has its own version {version['version_no']} "
                f"of the submission from organisation {a['organisation']}; nothing was changed."
            )
        digests = sorted({link["file"] for link in version["links"] if link["file"]})
        file_ids = submission_repo.store_files(tx, {d: pack.files[d] for d in digests})
        version_id = submission_repo.insert_version(
            tx,
            submission_id,
            version["version_no"],
            version,
            [(r["criterion"], r["self_assessment"], r["summary"]) for r in version["rows"]],
            [
                (
                    link["criterion"],
                    link["name"],
                    file_ids.get(link["file"]) if link["file"] else None,
                )
                for link in version["links"]
            ],
        )
        repo.put_mapping(tx, pack.coordinator, "version", version["id"], version_id)
        tx.audit(
            "submission.import",
            "submission",
            submission_id,
            {
                "version": version["version_no"],
                "source": pack.file,
                "pack_id": pack.manifest["pack_id"],
                "content_sha256": version["content_sha256"],
                "criteria": len(version["rows"]),
            },
        )
    mapped = repo.mapping(conn, pack.coordinator, "allocation").get(a["id"])
    if mapped is not None and allocation_repo.get_allocation(conn, mapped[0]) is not None:
        return False, new_version
    local_id = allocation_repo.find_allocation(conn, submission_id, assessor_id)
    if local_id is not None:
        repo.put_mapping(tx, pack.coordinator, "allocation", a["id"], local_id)
        return False, new_version
    allocation_repo.insert_allocations(
        tx,
        [(submission_id, assessor_id)],
        {"round": pack.manifest["round"]["name"], "mode": "work pack"},
    )
    local_id = allocation_repo.find_allocation(conn, submission_id, assessor_id)
    assert local_id is not None
    offset = 0
    for returned in a["returned"]:
        if returned["item"] == STATUS_ITEM:
            offset = returned["revision"]
            if returned["content"].get("status") == SUBMITTED:
                allocation_repo.set_status(tx, local_id, SUBMITTED)
        else:
            content = returned["content"]
            save_score(  # the coordinator's value at the coordinator's revision
                tx, local_id, returned["item"], content.get("score"), content.get("comment", ""),
                source="pack", audit=None, revision=returned["revision"],
            )  # fmt: skip
    repo.put_mapping(tx, pack.coordinator, "allocation", a["id"], local_id, offset)
    return True, new_version


def _withdraw(
    tx: WriteTx, pack: Pack, round_id: int, assessor_id: int
) -> tuple[list[str], list[str]]:
    """Allocations an older pack brought that this one no longer has: removed unless scored."""
    conn = tx.connection
    in_pack = {a["id"] for a in pack.allocations}
    local_to_remote = {
        local: remote
        for remote, (local, _) in repo.mapping(conn, pack.coordinator, "allocation").items()
    }
    withdrawn, kept = [], []
    for facts in allocation_repo.list_allocations(conn, round_id, assessor_id):
        remote = local_to_remote.get(facts.id)
        if remote is None or remote in in_pack:
            continue
        repo.drop_mapping(tx, pack.coordinator, "allocation", remote)  # left out of returns
        if score_repo.has_scores(conn, facts.id):
            kept.append(facts.organisation)
            continue
        allocation_repo.delete_allocation(tx, facts.id)
        tx.audit(
            "allocation.remove",
            "allocation",
            facts.id,
            {
                "organisation": facts.organisation,
                "source": pack.file,
                "pair": [facts.submission_id, facts.assessor_id],
            },
        )
        withdrawn.append(facts.organisation)
    return withdrawn, kept
