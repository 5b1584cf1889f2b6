"""Forged score returns: each is refused with its reason before anything is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from arf_desktop.exchange.container import container_bytes, read_container, safe_name
from arf_desktop.exchange.keys import revoke_keys
from arf_desktop.exchange.manifest import ExchangeRejected, encode, seal
from arf_desktop.exchange.merge import MERGED, import_return_bytes
from arf_desktop.exchange.packs import rotate_key
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage.workspace import Workspace
from tests.exchange.conftest import (
    COORDINATOR,
    ROUND,
    Coordinator,
    resigned,
    score_all,
    status_record,
    take_pack,
    unsealed,
    write_return,
)

MALLORY, VICTIM, ABSENT = "Amara Okafor", "Łukasz Nowak", "Siân Evans"


def manifest_of(data: bytes) -> dict[str, Any]:
    return json.loads(read_container(data, safe_name, 10**8).parts["manifest.json"])


def records_of(data: bytes) -> list[dict[str, Any]]:
    records = json.loads(read_container(data, safe_name, 10**8).parts["records.json"])
    return [{k: v for k, v in r.items() if k != "seq"} for r in records]


def genuine(coord: Coordinator, assessor: str, folder: Path) -> bytes:
    """A return written by the assessor's own workspace from a real pack, every score submitted."""
    folder.mkdir(parents=True, exist_ok=True)
    laptop = take_pack(coord, assessor, folder)
    score_all(laptop, coord.framework, lambda org, cid: 1 + (len(org) + len(cid)) % 3)
    return unsealed(coord, write_return(laptop, folder / "return.arfreturn").read_bytes())


def refused(coord: Coordinator, data: bytes) -> str:
    """Import must fail with named reasons and leave the workspace exactly as it was."""
    before = coord.snapshot()
    with pytest.raises(ExchangeRejected) as caught:
        import_return_bytes(coord.workspace, COORDINATOR, data, "forged.arfreturn")
    assert coord.snapshot() == before
    return "\n".join(caught.value.reasons)


@pytest.fixture
def scene(coordinator: Coordinator, tmp_path: Path) -> dict[str, bytes]:
    """The victim's submitted return merged; the attacker holds a genuine return of their own."""
    victim = genuine(coordinator, VICTIM, tmp_path / "victim")
    report = import_return_bytes(coordinator.workspace, COORDINATOR, victim, "victim.arfreturn")
    assert report.status == MERGED
    return {"victim": victim, "mallory": genuine(coordinator, MALLORY, tmp_path / "mallory")}


def victim_scores(coord: Coordinator) -> dict[int, Any]:
    with coord.workspace.read() as conn:
        return {a: score_repo.scores_for(conn, a) for a in coord.mine(VICTIM).values()}


def test_a_return_retargeted_at_another_assessors_allocation(
    coordinator: Coordinator, scene: dict[str, bytes]
) -> None:
    before = victim_scores(coordinator)
    m_pack = manifest_of(scene["mallory"])["pack_id"]
    org, alloc = sorted(coordinator.mine(VICTIM).items())[0]
    records = [
        {**r, "allocation": alloc, "organisation": org, "revision": r["revision"] + 5}
        | ({"score": 0} if r["kind"] == "score" else {"status": "allocated"})
        for r in records_of(scene["victim"])
        if r["allocation"] == alloc
    ]
    with coordinator.workspace.read() as conn:
        from arf_desktop.storage import assessors as assessor_repo

        victim = assessor_repo.find_assessor(conn, VICTIM)
    assert victim is not None
    as_victim = resigned(
        coordinator, scene["mallory"],
        lambda m: m.update(assessor={"id": victim.id, "name": victim.name}),
        records, key_of=m_pack,
    )  # fmt: skip
    assert "issued to another assessor" in refused(coordinator, as_victim)
    as_herself = resigned(coordinator, scene["mallory"], lambda m: None, records)
    assert f"{MALLORY} is not allocated to it" in refused(coordinator, as_herself)
    assert victim_scores(coordinator) == before


def test_a_return_invented_for_an_assessor_who_never_scored(
    coordinator: Coordinator, scene: dict[str, bytes]
) -> None:
    with coordinator.workspace.read() as conn:
        from arf_desktop.storage import assessors as assessor_repo

        absent = assessor_repo.find_assessor(conn, ABSENT)
    assert absent is not None
    org, alloc = sorted(coordinator.mine(ABSENT).items())[0]
    records = [
        {**r, "allocation": alloc, "organisation": org}
        for r in records_of(scene["mallory"])
        if r["kind"] == "status"
    ][:1]
    invented = resigned(
        coordinator, scene["mallory"],
        lambda m: m.update(assessor={"id": absent.id, "name": absent.name}), records,
    )  # fmt: skip
    assert "issued to another assessor" in refused(coordinator, invented)
    # rebuilt with the standard library alone: digests right, no key to authenticate with
    manifest = manifest_of(invented)
    manifest["pack_id"] = "11111111-2222-3333-4444-555555555555"
    manifest["authentication"]["mac"] = "0" * 64
    parts = read_container(invented, safe_name, 10**8).parts
    unkeyed = container_bytes(
        [("manifest.json", encode(seal(manifest))), ("records.json", parts["records.json"])]
    )
    assert "was never issued by this workspace" in refused(coordinator, unkeyed)


def test_unsubmitting_with_a_higher_revision_status_record(
    coordinator: Coordinator, scene: dict[str, bytes]
) -> None:
    org, alloc = sorted(coordinator.mine(VICTIM).items())[0]
    record = status_record(org, alloc, 99, submitted=False)
    victim_pack = manifest_of(scene["victim"])["pack_id"]
    # the attacker cannot use the victim's key, and their own key is not the victim's
    with_own_key = resigned(coordinator, scene["mallory"], lambda m: None, [record])
    assert f"{MALLORY} is not allocated to it" in refused(coordinator, with_own_key)
    pretending = resigned(
        coordinator, scene["mallory"],
        lambda m: m.update(assessor=manifest_of(scene["victim"])["assessor"]), [record],
    )  # fmt: skip
    assert "issued to another assessor" in refused(coordinator, pretending)
    # the victim's pack id with a MAC made without its key
    manifest = manifest_of(pretending)
    manifest["pack_id"] = victim_pack
    parts = read_container(pretending, safe_name, 10**8).parts
    guessed = container_bytes(
        [("manifest.json", encode(seal(manifest))), ("records.json", parts["records.json"])]
    )
    assert "not authenticated by the key" in refused(coordinator, guessed)
    # even the victim's own key cannot jump thousands of revisions ahead
    far = resigned(
        coordinator, scene["victim"], lambda m: None, [status_record(org, alloc, 50_000, False)]
    )
    assert "more than 10,000 edits ahead" in refused(coordinator, far)
    with coordinator.workspace.read() as conn:
        from arf_desktop.storage import allocations as allocation_repo

        assert allocation_repo.get_allocation(conn, alloc).status == "submitted"


@pytest.mark.parametrize("revision", [2**63 - 1, 2**63, 2**31, -1])
def test_revision_overflow_is_refused_with_its_reason(
    coordinator: Coordinator, scene: dict[str, bytes], revision: int
) -> None:
    records = records_of(scene["mallory"])
    records[0]["revision"] = revision
    forged = resigned(coordinator, scene["mallory"], lambda m: None, records)
    reasons = refused(coordinator, forged)
    assert "revision" in reasons and ("maximum" in reasons or "minimum" in reasons)
    assert "Overflow" not in reasons and "SELECT" not in reasons and "INSERT" not in reasons


def test_a_return_replayed_into_another_round(
    coordinator: Coordinator, scene: dict[str, bytes]
) -> None:
    second = create_round(coordinator.workspace, COORDINATOR, RoundDraft("Second round 2026"))
    replayed = resigned(
        coordinator, scene["mallory"],
        lambda m: m.update(round={"id": second.id, "name": "Second round 2026"}),
    )  # fmt: skip
    assert f"issued for “{ROUND}”" in refused(coordinator, replayed)


def test_a_pack_id_not_issued_to_that_assessor(
    coordinator: Coordinator, scene: dict[str, bytes]
) -> None:
    victim_pack = manifest_of(scene["victim"])["pack_id"]
    borrowed = resigned(
        coordinator, scene["mallory"], lambda m: m.update(pack_id=victim_pack),
        key_of=victim_pack,
    )  # fmt: skip
    assert "issued to another assessor" in refused(coordinator, borrowed)


def test_a_revoked_key_stops_returns_until_a_new_pack(
    coordinator: Coordinator, scene: dict[str, bytes], tmp_path: Path
) -> None:
    done = revoke_keys(coordinator.workspace, COORDINATOR, MALLORY, ROUND, "laptop lost")
    assert done.revoked == 1
    assert "revoked (laptop lost)" in refused(coordinator, scene["mallory"])
    fresh = rotate_key(
        coordinator.workspace, COORDINATOR, ROUND, MALLORY, tmp_path / "new.arfpack", "rotated"
    )
    laptop = tmp_path / "mallory" / f"{MALLORY}.arfdb"
    from arf_desktop.exchange.pack_import import import_pack

    with Workspace.open(laptop) as opened:
        import_pack(opened, "Laptop owner", fresh.path)
    again = write_return(laptop, tmp_path / "again.arfreturn").read_bytes()
    report = import_return_bytes(coordinator.workspace, COORDINATOR, again, "again.arfreturn")
    assert report.status == MERGED
