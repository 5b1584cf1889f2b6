"""Encrypted work packs and returns: unreadable without the key, refused whole when changed."""

from __future__ import annotations

import io
import json
import struct
import time
from pathlib import Path

import pytest

from arf_desktop.domain.framework import Framework
from arf_desktop.exchange.container import read_container, safe_name
from arf_desktop.exchange.manifest import ExchangeRejected
from arf_desktop.exchange.merge import MERGED, import_return, import_return_bytes
from arf_desktop.exchange.pack_import import import_pack
from arf_desktop.exchange.pack_reader import check_pack_passphrase, read_pack_file
from arf_desktop.exchange.packs import PACK_FORMAT, export_pack
from arf_desktop.exchange.returns import RETURN_FORMAT
from arf_desktop.exchange.sealed import (
    MAGIC,
    SCRYPT_N,
    SCRYPT_R,
    TAG_BYTES,
    KeyNeeded,
    Sealing,
    SealProblem,
    WrongPassphrase,
    passphrase_key,
    read_header,
    unseal,
)
from arf_desktop.files.file_kinds import sniff_file
from arf_desktop.storage.workspace import Workspace, counts
from tests.exchange.conftest import (
    ASSESSORS,
    COORDINATOR,
    ROUND,
    SUBMISSIONS,
    Coordinator,
    build_round,
    new_workspace,
    score_all,
    unsealed,
    write_return,
)

PASSPHRASE = "granite puffin cobweb"
SMALL_CHUNK = 1024


@pytest.fixture
def office(workspace_path: Path, framework: Framework):
    with Workspace.open(workspace_path) as ws:
        yield build_round(ws, framework)


def sealed_pack(office: Coordinator, folder: Path, assessor: str = "Siân Evans") -> Path:
    return export_pack(
        office.workspace, COORDINATOR, ROUND, assessor, folder / "sian.arfpack", PASSPHRASE
    ).path


def plain_of(path: Path, passphrase: str = PASSPHRASE) -> bytes:
    with path.open("rb") as handle:
        return unseal(
            handle, path.name, PACK_FORMAT, 10**9, lambda h: passphrase_key(h, passphrase, "p")
        )


def resealed(plain: bytes, sealing: Sealing) -> bytes:
    """The same plain file sealed in small chunks, so chunks can be moved about."""
    out = io.BytesIO()
    writer = sealing.writer(out)
    writer.write(plain)
    writer.close()
    return out.getvalue()


def chunks(data: bytes) -> tuple[bytes, list[bytes]]:
    header = read_header(io.BytesIO(data), "x")
    block = header.chunk + TAG_BYTES
    body = data[len(header.raw) :]
    return header.raw, [body[i : i + block] for i in range(0, len(body), block)]


def tamperings(data: bytes) -> dict[str, bytes]:
    """Every kind of change a file can suffer on its way: each must be refused."""
    head, parts = chunks(data)
    assert len(parts) >= 4, "the file needs several chunks to move them about"
    middle = len(parts) // 2
    at = head.index(b'"nonce":"') + 10
    other = b"0" if head[at] != ord("0") else b"1"  # still a well-formed header
    flipped_header = head[:at] + other + head[at + 1 :]
    changed = bytearray(parts[middle])
    changed[len(changed) // 2] ^= 0x40
    return {
        "header byte": flipped_header + b"".join(parts),
        "middle chunk byte": head
        + b"".join([*parts[:middle], bytes(changed), *parts[middle + 1 :]]),
        "cut at a chunk boundary": head + b"".join(parts[:-1]),
        "cut inside a chunk": data[: len(data) - 100],
        "chunks reordered": head
        + b"".join([*parts[: middle - 1], parts[middle], parts[middle - 1], *parts[middle + 1 :]]),
        "chunk repeated": head + b"".join([*parts[:middle], parts[middle - 1], *parts[middle:]]),
        "chunk removed": head + b"".join([*parts[:middle], *parts[middle + 1 :]]),
        "bytes appended": data + b"\x00" * 40,
        "first chunk byte": head + bytes([parts[0][0] ^ 0x80]) + data[len(head) + 1 :],
    }


def test_an_encrypted_pack_is_unreadable_without_the_passphrase_and_round_trips_with_it(
    office: Coordinator, tmp_path: Path
) -> None:
    path = sealed_pack(office, tmp_path)
    raw = path.read_bytes()
    assert raw.startswith(MAGIC)
    plain = plain_of(path)
    evidence = [
        data
        for name, data in read_container(plain, safe_name, 10**9).parts.items()
        if name.startswith("files/")
    ]
    assert evidence
    secrets_in_it = [
        b"PK\x03\x04", b"manifest.json", b"allocations.json", b"Supporting evidence",
        "Siân Evans".encode(), *(name.encode() for name in SUBMISSIONS), *evidence,
    ]  # fmt: skip
    assert [s for s in secrets_in_it if s in plain]  # the plain pack does hold them…
    assert [s for s in secrets_in_it if s in raw] == []  # …the encrypted file none of them
    header = read_header(io.BytesIO(raw), path.name)
    assert header.kdf["name"] == "scrypt" and (header.kdf["n"], header.kdf["r"]) == (
        SCRYPT_N,
        SCRYPT_R,
    )
    assert sniff_file(path).key == "work_pack"  # type: ignore[union-attr]
    with pytest.raises(KeyNeeded, match="is encrypted: give the passphrase"):
        read_pack_file(path)
    assert sorted(read_pack_file(path, PASSPHRASE).files.values()) == sorted(evidence)
    laptop = new_workspace(tmp_path / "sian.arfdb")
    with Workspace.open(laptop) as ws:
        imported = import_pack(ws, "Laptop owner", path, PASSPHRASE)
        assert imported.allocations == 2 and not imported.unchanged
        with ws.read() as conn:
            assert counts(conn).allocations == 2


def test_a_wrong_passphrase_is_one_clear_line_and_changes_nothing(
    office: Coordinator, tmp_path: Path
) -> None:
    path = sealed_pack(office, tmp_path)
    laptop = new_workspace(tmp_path / "sian.arfdb")
    before = laptop.read_bytes()
    with Workspace.open(laptop) as ws:
        with pytest.raises(WrongPassphrase) as caught:
            import_pack(ws, "Laptop owner", path, "granite puffin cobwebs")
        with pytest.raises(WrongPassphrase):
            check_pack_passphrase(path, "Granite puffin cobweb")
        check_pack_passphrase(path, PASSPHRASE)  # the right one opens it
    assert caught.value.message == (
        "sian.arfpack: wrong passphrase, or the file was changed; nothing was imported."
    )
    assert laptop.read_bytes() == before


def test_a_tampered_pack_is_refused_before_anything_is_written(
    office: Coordinator, tmp_path: Path
) -> None:
    plain = plain_of(sealed_pack(office, tmp_path))
    sealing = Sealing.with_passphrase(PACK_FORMAT, PASSPHRASE, chunk=SMALL_CHUNK)
    genuine = resealed(plain, sealing)
    laptop = new_workspace(tmp_path / "sian.arfdb")
    before = laptop.read_bytes()
    target = tmp_path / "in" / "sian.arfpack"
    target.parent.mkdir()
    for kind, damaged in tamperings(genuine).items():
        assert damaged != genuine, kind
        target.write_bytes(damaged)
        with Workspace.open(laptop) as ws:
            with ws.read() as conn:
                rows = counts(conn)
            with pytest.raises(SealProblem) as caught:
                import_pack(ws, "Laptop owner", target, PASSPHRASE)
            with ws.read() as conn:
                assert counts(conn) == rows, kind
        assert "\n" not in caught.value.message, kind
        assert laptop.read_bytes() == before, kind
        assert sorted(p.name for p in target.parent.iterdir()) == ["sian.arfpack"], kind
    target.write_bytes(genuine)  # the undamaged file, in small chunks, still imports
    with Workspace.open(laptop) as ws:
        assert import_pack(ws, "Laptop owner", target, PASSPHRASE).allocations == 2


def hostile(kdf: dict, chunk: int = SMALL_CHUNK) -> bytes:
    fields = {
        "envelope": 1, "content": PACK_FORMAT, "cipher": "aes-256-gcm", "kdf": kdf,
        "nonce": "00" * 7, "chunk": chunk,
    }  # fmt: skip
    text = json.dumps(fields).encode()
    return MAGIC + struct.pack(">H", len(text)) + text + b"\x00" * 64


@pytest.mark.parametrize(
    ("kdf", "chunk", "words"),
    [
        ({"name": "scrypt", "n": 2**30, "r": 8, "p": 1}, SMALL_CHUNK, "outside the safe bounds"),
        ({"name": "scrypt", "n": 2**16, "r": 4096, "p": 1}, SMALL_CHUNK, "outside the safe"),
        ({"name": "scrypt", "n": 2**16 + 1, "r": 8, "p": 1}, SMALL_CHUNK, "outside the safe"),
        ({"name": "scrypt", "n": 2**16, "r": 8, "p": 64}, SMALL_CHUNK, "scrypt p=64"),
        ({"name": "scrypt", "n": 2**16, "r": 8, "p": 1}, 2**31, "chunk size"),
        ({"name": "argon2", "n": 1}, SMALL_CHUNK, "cannot read"),
    ],
)
def test_a_hostile_header_is_refused_without_running_the_key_derivation(
    tmp_path: Path, kdf: dict, chunk: int, words: str
) -> None:
    path = tmp_path / "hostile.arfpack"
    path.write_bytes(hostile({**kdf, "salt": "ab" * 16}, chunk))
    started = time.perf_counter()
    with pytest.raises(SealProblem, match=words):
        read_pack_file(path, PASSPHRASE)
    assert time.perf_counter() - started < 0.5  # refused, not run (n=2**30 would take minutes)


def test_deriving_the_key_stays_under_a_second(tmp_path: Path) -> None:
    started = time.perf_counter()
    sealing = Sealing.with_passphrase(PACK_FORMAT, PASSPHRASE)
    elapsed = time.perf_counter() - started
    print(f"\nscrypt n=2**16 r=8 p=1: {elapsed * 1000:.0f} ms")
    assert len(sealing.key) == 32 and elapsed < 1.5  # about 0.3 s on a quiet laptop


@pytest.fixture
def sealed_return(office: Coordinator, tmp_path: Path) -> Path:
    """A return written by the assessor's own workspace from an encrypted pack."""
    laptop = new_workspace(tmp_path / "sian.arfdb")
    with Workspace.open(laptop) as ws:
        import_pack(ws, "Laptop owner", sealed_pack(office, tmp_path), PASSPHRASE)
    score_all(laptop, office.framework, lambda org, cid: 1 + (len(org) + len(cid)) % 3)
    return write_return(laptop, tmp_path / "sian.arfreturn")


def test_a_return_is_encrypted_with_its_packs_key_and_merges(
    office: Coordinator, sealed_return: Path
) -> None:
    raw = sealed_return.read_bytes()
    plain = unsealed(office, raw)
    visible = [b"records.json", b"Evidence is partial.", "Siân Evans".encode(), b"PK\x03\x04"]
    visible += [name.encode() for name in SUBMISSIONS]
    assert [v for v in visible if v in plain] and [v for v in visible if v in raw] == []
    assert sniff_file(sealed_return).key == "score_return"  # type: ignore[union-attr]
    header = read_header(io.BytesIO(raw), "r")
    assert header.content == RETURN_FORMAT and header.key_id is not None
    assert import_return(office.workspace, COORDINATOR, sealed_return).status == MERGED


def test_a_tampered_return_is_refused_before_anything_is_written(
    office: Coordinator, sealed_return: Path, tmp_path: Path
) -> None:
    raw = sealed_return.read_bytes()
    header = read_header(io.BytesIO(raw), "r")
    from arf_desktop.storage.exchange_keys import find_key

    with office.workspace.read() as conn:
        key = find_key(conn, header.key_id or "")
    assert key is not None
    small = Sealing.with_return_key(RETURN_FORMAT, key.key_id, key.secret, chunk=SMALL_CHUNK)
    genuine = resealed(unsealed(office, raw), small)
    before = office.snapshot()
    for kind, damaged in tamperings(genuine).items():
        with pytest.raises(ExchangeRejected) as caught:
            import_return_bytes(office.workspace, COORDINATOR, damaged, "sian.arfreturn")
        assert office.snapshot() == before, kind
        assert caught.value.reasons, kind
        path = tmp_path / "damaged.arfreturn"
        path.write_bytes(damaged)
        with pytest.raises(ExchangeRejected):
            import_return(office.workspace, COORDINATOR, path)
        assert office.snapshot() == before, kind
    other = Sealing.with_return_key(RETURN_FORMAT, key.key_id, "11" * 32)
    with pytest.raises(ExchangeRejected, match="does not open with the return key"):
        import_return_bytes(
            office.workspace, COORDINATOR, resealed(unsealed(office, raw), other), "k.arfreturn"
        )
    stranger = Sealing.with_return_key(RETURN_FORMAT, "not-a-pack-of-ours", key.secret)
    with pytest.raises(ExchangeRejected, match="never issued"):
        import_return_bytes(
            office.workspace, COORDINATOR, resealed(unsealed(office, raw), stranger), "s.arfreturn"
        )
    assert office.snapshot() == before
    report = import_return_bytes(office.workspace, COORDINATOR, genuine, "sian.arfreturn")
    assert report.status == MERGED  # the undamaged return, in small chunks, still merges


def test_every_assessor_gets_a_pack_under_a_salt_of_its_own(
    office: Coordinator, tmp_path: Path
) -> None:
    salts = set()
    for assessor in ASSESSORS:
        path = export_pack(
            office.workspace, COORDINATOR, ROUND, assessor, tmp_path / f"{assessor}.arfpack",
            PASSPHRASE,
        ).path  # fmt: skip
        header = read_header(io.BytesIO(path.read_bytes()), path.name)
        salts.add((header.kdf["salt"], header.nonce))
    assert len(salts) == len(ASSESSORS)
