"""Exchange files: the canonical container, and every kind of tampering named before any write."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from arf_desktop.exchange.container import container_bytes, read_container, safe_name
from arf_desktop.exchange.manifest import ExchangeRejected, encode, records_digest, seal, sha256
from arf_desktop.exchange.returns import assemble, read_return

META = {
    "return_id": "6f1c0a52-8f53-4d6c-9d0e-2b1e7c2f0a11",
    "coordinator_workspace": "c" * 36,
    "assessor_workspace": "a" * 36,
    "pack_id": "0" * 36,
    "round": {"id": 1, "name": "Round"},
    "assessor": {"id": 2, "name": "Siân Evans"},
    "framework": {"id": "arf", "version": "1", "sha256": "f" * 64},
    "audit_head": {"seq": 9, "hash": "e" * 64},
}
SECRET = "5e" * 32
RECORDS = [
    {
        "kind": "score",
        "allocation": 3,
        "organisation": "Bolton NHS Foundation Trust",
        "criterion": f"B{i}",
        "revision": i,
        "score": i % 4,
        "comment": f"Note {i} — Łódź",
        "updated_at": "2025-06-01T10:00:00+00:00",
        "updated_by": "Siân Evans",
    }
    for i in range(1, 6)
] + [
    {
        "kind": "status",
        "allocation": 3,
        "organisation": "Bolton NHS Foundation Trust",
        "revision": 1,
        "status": "submitted",
        "submitted_at": "2025-06-02T10:00:00+00:00",
    }
]


def good() -> bytes:
    return container_bytes(assemble(META, RECORDS, SECRET))


def parts_of(data: bytes) -> dict[str, bytes]:
    return read_container(data, safe_name, 10**8).parts


def rebuilt(
    change: Callable[[list[dict[str, Any]]], None],
    rehash: bool = True,
    renumber: bool = False,
) -> bytes:
    """Edit the records as someone with a text editor might, optionally fixing the part hash."""
    parts = parts_of(good())
    manifest = json.loads(parts["manifest.json"])
    records = json.loads(parts["records.json"])
    change(records)
    if renumber:
        records = [{**r, "seq": i} for i, r in enumerate(records, start=1)]
    body = encode(records)
    if rehash:
        manifest["parts"]["records.json"] = {"sha256": sha256(body), "size": len(body)}
        manifest = seal(manifest)
    return container_bytes([("manifest.json", encode(manifest)), ("records.json", body)])


def reasons(data: bytes) -> str:
    with pytest.raises(ExchangeRejected) as caught:
        read_return(data, "scores.arfreturn")
    assert caught.value.reasons
    assert "nothing was imported" in caught.value.message
    return " ".join(caught.value.reasons)


def test_a_return_reads_back_and_any_zip_tool_opens_it() -> None:
    data = good()
    returned = read_return(data, "scores.arfreturn")
    assert [r["seq"] for r in returned.records] == [1, 2, 3, 4, 5, 6]
    assert returned.manifest["records"]["digest"] == records_digest(returned.records)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["manifest.json", "records.json"]


def test_the_same_parts_always_give_the_same_bytes() -> None:
    parts = [("manifest.json", b"{}"), ("files/" + "0" * 64, bytes(range(256)) * 10)]
    assert container_bytes(parts) == container_bytes(list(parts))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r[1].update(score=3), "a record was edited"),
        (lambda r: r.pop(2), "records were deleted, inserted or reordered"),
        (lambda r: r.insert(1, dict(r[1])), "records were deleted, inserted or reordered"),
        (lambda r: r.__setitem__(slice(1, 3), [r[2], r[1]]), "reordered"),
    ],
    ids=["edited", "deleted", "inserted", "reordered"],
)
def test_edited_deleted_inserted_and_reordered_records(change: Any, expected: str) -> None:
    assert expected in reasons(rebuilt(change))
    # Without fixing the part's hash, the part's SHA-256 gives it away first.
    assert "does not match its SHA-256" in reasons(rebuilt(change, rehash=False))


def test_renumbered_records_are_caught_by_the_count_and_digest() -> None:
    assert "record digest" in reasons(
        rebuilt(lambda r: r.__setitem__(slice(1, 3), [r[2], r[1]]), renumber=True)
    )
    assert "records were deleted or inserted" in reasons(rebuilt(lambda r: r.pop(), renumber=True))


def test_a_changed_manifest_is_caught_by_its_own_digest() -> None:
    parts = parts_of(good())
    manifest = json.loads(parts["manifest.json"])
    manifest["assessor"]["name"] = "Someone Else"
    data = container_bytes(
        [("manifest.json", encode(manifest)), ("records.json", parts["records.json"])]
    )
    assert "manifest was changed" in reasons(data)
    spaced = json.dumps(json.loads(parts["manifest.json"]), indent=1).encode()
    data = container_bytes([("manifest.json", spaced), ("records.json", parts["records.json"])])
    assert "not in the exact form" in reasons(data)


def test_damage_to_the_zip_itself() -> None:
    data = good()
    assert "empty" in reasons(b"")
    assert "not a zip" in reasons(b"Organisation,Score\nBolton,2\n")
    assert "cut short" in reasons(data[: len(data) // 2])
    assert "bytes were added" in reasons(data + b"\x00trailing")
    flipped = bytearray(data)
    flipped[10] ^= 0x01  # the first part's modification time: zip readers ignore it
    assert "byte 10 of the file was changed" in reasons(bytes(flipped))
    inside = bytearray(data)
    inside[60] ^= 0x20  # inside the manifest: its checksum fails
    assert "damaged" in reasons(bytes(inside))


def test_wrong_kind_version_and_extra_parts() -> None:
    parts = parts_of(good())
    manifest = json.loads(parts["manifest.json"])
    pack_like = seal({**manifest, "format": "arf-work-pack"})
    data = container_bytes(
        [("manifest.json", encode(pack_like)), ("records.json", parts["records.json"])]
    )
    assert "its format is 'arf-work-pack'" in reasons(data)
    newer = seal({**manifest, "format_version": 3})
    data = container_bytes(
        [("manifest.json", encode(newer)), ("records.json", parts["records.json"])]
    )
    assert "format version 3" in reasons(data)
    extra = container_bytes([*parts.items(), ("notes.txt", b"hello")])
    assert "notes.txt is not listed" in reasons(extra)
    assert "no manifest" in reasons(container_bytes([("records.json", parts["records.json"])]))


def test_records_must_match_their_schema() -> None:
    found = reasons(rebuilt(lambda r: r[0].update(score="two")))
    assert "record digest" in found  # the digest catches the edit first...
    records = json.loads(parts_of(good())["records.json"])
    records[0]["score"] = "two"
    meta_records = [{k: v for k, v in r.items() if k != "seq"} for r in records]
    data = container_bytes(
        assemble(META, meta_records, SECRET)
    )  # ...a well-sealed one meets the schema
    assert "records.json $[0]" in reasons(data)
