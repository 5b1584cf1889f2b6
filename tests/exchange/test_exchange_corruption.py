"""1,000 random corruptions of a real score return, each rejected before any database write."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from arf_desktop.exchange.manifest import ExchangeRejected
from arf_desktop.exchange.merge import MERGED, import_return, import_return_bytes
from arf_desktop.exchange.pack_reader import read_pack
from arf_desktop.exchange.packs import export_pack
from tests.exchange.conftest import (
    COORDINATOR,
    ROUND,
    Coordinator,
    score_all,
    take_pack,
    write_return,
)

CORRUPTIONS = 1000
Corrupt = Callable[[random.Random, bytearray], bytearray]


def _flip_bit(rng: random.Random, data: bytearray) -> bytearray:
    data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return data


def _set_byte(rng: random.Random, data: bytearray) -> bytearray:
    at = rng.randrange(len(data))
    data[at] = (data[at] + rng.randrange(1, 256)) % 256
    return data


def _truncate(rng: random.Random, data: bytearray) -> bytearray:
    return data[: rng.randrange(len(data))]


def _insert(rng: random.Random, data: bytearray) -> bytearray:
    at = rng.randrange(len(data) + 1)
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[at:]


def _delete(rng: random.Random, data: bytearray) -> bytearray:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 16) :]


def _duplicate(rng: random.Random, data: bytearray) -> bytearray:
    at = rng.randrange(len(data))
    chunk = data[at : at + rng.randint(1, 64)]
    return data[:at] + chunk + data[at:]


def _append(rng: random.Random, data: bytearray) -> bytearray:
    return data + bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))


def _swap(rng: random.Random, data: bytearray) -> bytearray:
    a, b = rng.randrange(len(data)), rng.randrange(len(data))
    data[a], data[b] = data[b], data[a]
    return data


def _overwrite(rng: random.Random, data: bytearray) -> bytearray:
    at = rng.randrange(len(data))
    for i in range(at, min(len(data), at + rng.randint(1, 24))):
        data[i] = rng.choice((0, 0x20, 0x7B, 0xFF, rng.randrange(256)))
    return data


KINDS: tuple[Corrupt, ...] = (
    _flip_bit, _set_byte, _truncate, _insert, _delete, _duplicate, _append, _swap, _overwrite,
)  # fmt: skip


CATEGORIES = (
    ("zip directory unreadable", "cut short"),
    ("part checksum", "is damaged"),
    ("size differs from parts", "bytes where its parts"),
    ("zip header byte changed", "of the file was changed"),
    ("not a zip", "not a zip"),
    ("part hash", "SHA-256"),
    ("unexpected part", "unexpected or repeated part"),
    ("part missing", "is missing"),
    ("not stored as written", "not stored the way"),
)


def category(reason: str) -> str:
    return next((name for name, words in CATEGORIES if words in reason), reason[:50])


@pytest.fixture
def real_return(coordinator: Coordinator, tmp_path: Path) -> bytes:
    """A return written by an assessor's own workspace after scoring a real pack."""
    laptop = take_pack(coordinator, "Siân Evans", tmp_path)
    score_all(laptop, coordinator.framework, lambda org, cid: 1 + (len(org) + len(cid)) % 3)
    return write_return(laptop, tmp_path / "sian.arfreturn").read_bytes()


def test_every_corruption_is_rejected_before_any_write(
    coordinator: Coordinator, real_return: bytes, tmp_path: Path
) -> None:
    rng = random.Random(20251128)
    before = coordinator.snapshot()
    reasons: Counter[str] = Counter()
    started = time.perf_counter()
    for attempt in range(CORRUPTIONS):
        corrupt = KINDS[attempt % len(KINDS)]
        damaged = bytes(corrupt(rng, bytearray(real_return)))
        while damaged == real_return:
            damaged = bytes(corrupt(rng, bytearray(real_return)))
        with pytest.raises(ExchangeRejected) as caught:
            import_return_bytes(coordinator.workspace, COORDINATOR, damaged, "sian.arfreturn")
        reasons[category(caught.value.reasons[0])] += 1
        if attempt % 250 == 0:
            assert coordinator.snapshot() == before
    elapsed = time.perf_counter() - started
    assert coordinator.snapshot() == before
    print(f"\n{CORRUPTIONS} corruptions rejected in {elapsed:.2f} s: {reasons.most_common(8)}")
    for attempt in range(50):  # the same through files on disk (check_zip_batch first)
        path = tmp_path / f"damaged-{attempt}.arfreturn"
        damaged = real_return
        while damaged == real_return:  # a swap of two equal bytes changes nothing
            damaged = bytes(KINDS[attempt % len(KINDS)](rng, bytearray(real_return)))
        path.write_bytes(damaged)
        with pytest.raises(ExchangeRejected):
            import_return(coordinator.workspace, COORDINATOR, path)
    assert coordinator.snapshot() == before
    report = import_return_bytes(coordinator.workspace, COORDINATOR, real_return, "sian.arfreturn")
    assert report.status == MERGED and report.new > 0  # the undamaged file still merges


def test_damaged_work_packs_are_rejected_whole(coordinator: Coordinator, tmp_path: Path) -> None:
    pack = export_pack(
        coordinator.workspace, COORDINATOR, ROUND, "Siân Evans", tmp_path / "s.arfpack"
    )
    original = pack.path.read_bytes()
    assert read_pack(original, "s.arfpack").manifest["pack_id"] == pack.pack_id
    rng = random.Random(7)
    for attempt in range(300):
        damaged = bytes(KINDS[attempt % len(KINDS)](rng, bytearray(original)))
        if damaged == original:
            continue
        with pytest.raises(ExchangeRejected):
            read_pack(damaged, "s.arfpack")
