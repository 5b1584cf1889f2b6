"""Manifests of exchange files: part hashes, the record chain, schema checks, and rejection."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from itertools import islice
from typing import Any

from arf_desktop import __version__, paths
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.framework import canonical_json

MANIFEST = "manifest.json"
CHAIN_START = "arf-exchange-records-v1"
MAX_REASONS = 30
FORMAT_VERSION = 2  # 2: packs carry a return key and returns are authenticated with it


class ExchangeRejected(UserFacingError):
    """An exchange file that was not imported; every reason is named, nothing was written."""

    def __init__(self, file: str, reasons: Sequence[str]) -> None:
        shown = list(reasons[:MAX_REASONS])
        if len(reasons) > MAX_REASONS:
            shown.append(f"… and {len(reasons) - MAX_REASONS} more problems")
        lines = [f"{file}: {reason}" for reason in shown]
        lines.append(f"{file}: nothing was imported.")
        super().__init__("\n".join(lines))
        self.file = file
        self.reasons = list(reasons)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode(data: Any) -> bytes:
    """The canonical bytes of a JSON value: sorted keys, no spacing, UTF-8."""
    return canonical_json(data).encode("utf-8")


def records_digest(records: Sequence[Any]) -> str:
    """An order-sensitive chain over the records: each link hashes the previous one."""
    link = sha256(CHAIN_START.encode())
    for record in records:
        link = sha256(link.encode() + b"\n" + encode(record))
    return link


def seal(manifest: dict[str, Any]) -> dict[str, Any]:
    """Add the manifest's own digest, over every other field."""
    body = {k: v for k, v in manifest.items() if k != "manifest_digest"}
    return {**body, "manifest_digest": sha256(encode(body))}


def part_entry(data: bytes) -> dict[str, Any]:
    return {"sha256": sha256(data), "size": len(data)}


def common_fields(kind: str) -> dict[str, Any]:
    from arf_desktop.domain.clock import utc_now

    return {
        "format": kind,
        "format_version": FORMAT_VERSION,
        "created": utc_now(),
        "app_version": __version__,
    }


@lru_cache(maxsize=4)
def _validator(schema_file: str, definition: str) -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(paths.schema(schema_file).read_text(encoding="utf-8"))
    return Draft202012Validator({**schema, "$ref": f"#/$defs/{definition}"})


def schema_problems(data: Any, schema_file: str, definition: str, part: str) -> list[str]:
    """Every place `data` breaks its JSON Schema, as 'part $.path: message' lines."""
    found = islice(_validator(schema_file, definition).iter_errors(data), MAX_REASONS)
    errors = sorted(found, key=lambda e: list(e.absolute_path))
    lines = []
    for error in errors[:MAX_REASONS]:
        where = "$" + "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path
        )
        lines.append(f"{part} {where}: {error.message[:200]}")
    return lines


def json_part(parts: dict[str, bytes], name: str, file: str) -> Any:
    """Parse one JSON part; it must be exactly the canonical text ARF Desktop writes."""
    raw = parts.get(name)
    if raw is None:
        raise ExchangeRejected(file, [f"the part {name} is missing."])
    from arf_desktop.files.checks import FileProblem, check_json

    try:
        check_json(raw, file, name)
    except FileProblem as problem:
        raise ExchangeRejected(file, [problem.message]) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ExchangeRejected(file, [f"{name} is not valid JSON ({str(error)[:120]})."]) from None
    if encode(data) != raw:
        raise ExchangeRejected(
            file, [f"{name} was edited: it is not in the exact form ARF Desktop writes."]
        )
    return data


def verify(parts: dict[str, bytes], kind: str, schema_file: str, file: str) -> dict[str, Any]:
    """Check the manifest, its own digest and every part's SHA-256; return the manifest."""
    noun = kind.removeprefix("arf-").replace("-", " ")
    if MANIFEST not in parts:
        raise ExchangeRejected(file, [f"it is not an ARF Desktop {noun}: it has no manifest."])
    manifest = json_part(parts, MANIFEST, file)
    if not isinstance(manifest, dict) or manifest.get("format") != kind:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise ExchangeRejected(
            file, [f"it is not an ARF Desktop {noun} (its format is {found!r})."]
        )
    found_version = manifest.get("format_version")
    if found_version == 1:
        raise ExchangeRejected(
            file,
            [
                "it uses format version 1, written before work packs carried a return key; "
                "it cannot be authenticated. Export a new work pack and score return."
            ],
        )
    if found_version != FORMAT_VERSION:
        raise ExchangeRejected(
            file,
            [
                f"it uses format version {found_version!r}; this version of ARF Desktop reads "
                f"version {FORMAT_VERSION}. Install the version that wrote it."
            ],
        )
    problems = schema_problems(manifest, schema_file, "manifest", MANIFEST)
    if problems:
        raise ExchangeRejected(file, problems)
    if seal(manifest)["manifest_digest"] != manifest["manifest_digest"]:
        raise ExchangeRejected(file, ["the manifest was changed after it was written."])
    listed = set(manifest["parts"])
    present = set(parts) - {MANIFEST}
    reasons = [f"the part {name} listed in the manifest is missing." for name in listed - present]
    reasons += [f"the part {name} is not listed in the manifest." for name in present - listed]
    for name in sorted(listed & present):
        entry, data = manifest["parts"][name], parts[name]
        if len(data) != entry["size"] or sha256(data) != entry["sha256"]:
            reasons.append(
                f"the part {name} does not match its SHA-256 in the manifest "
                f"({len(data):,} bytes, expected {entry['size']:,}): it was changed or damaged."
            )
    if reasons:
        raise ExchangeRejected(file, reasons)
    return manifest


def check_records(records: Any, manifest: dict[str, Any], file: str) -> list[dict[str, Any]]:
    """Sequence numbers 1…n in order, the manifest's count and the order-sensitive digest."""
    if not isinstance(records, list):
        raise ExchangeRejected(file, ["records.json is not a list of records."])
    from arf_desktop.files.limits import MAX_RETURN_RECORDS

    if len(records) > MAX_RETURN_RECORDS:
        raise ExchangeRejected(
            file,
            [
                f"records.json holds {len(records):,} records, more than the "
                f"{MAX_RETURN_RECORDS:,} one assessor's return can hold; it is not a genuine "
                "return."
            ],
        )
    reasons = []
    for position, record in enumerate(records, start=1):
        seq = record.get("seq") if isinstance(record, dict) else None
        if seq != position:
            reasons.append(
                f"record {position} carries sequence number {seq!r}: records were deleted, "
                "inserted or reordered."
            )
            break
    expected = manifest["records"]
    if len(records) != expected["count"]:
        reasons.append(
            f"the file holds {len(records)} records but its manifest lists {expected['count']}: "
            "records were deleted or inserted."
        )
    if not reasons and records_digest(records) != expected["digest"]:
        reasons.append(
            "the records do not match the manifest's record digest: a record was edited "
            "or records were reordered."
        )
    if reasons:
        raise ExchangeRejected(file, reasons)
    return records
