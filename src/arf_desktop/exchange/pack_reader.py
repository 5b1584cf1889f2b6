"""Reading a work pack: every part checked (hashes, schemas, references) before anything is used."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.framework import Framework
from arf_desktop.exchange.container import (
    ContainerProblem,
    read_container,
    read_file,
    read_sealed_file,
    safe_name,
)
from arf_desktop.exchange.manifest import (
    ExchangeRejected,
    json_part,
    schema_problems,
    sha256,
    verify,
)
from arf_desktop.exchange.packs import JSON_PARTS, PACK_FORMAT, PACK_SCHEMA
from arf_desktop.exchange.sealed import (
    Header,
    KeyNeeded,
    is_sealed,
    open_chunks,
    passphrase_key,
    read_header,
    sealed_file,
    unseal,
)

MAX_PACK_BYTES = 1024 * 1024 * 1024
_FILE_PART = re.compile(r"^files/[0-9a-f]{64}$")


@dataclass(frozen=True)
class Pack:
    """A verified work pack, ready to import."""

    file: str
    manifest: dict[str, Any]
    definition: dict[str, Any]
    framework: Framework
    organisations: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    allocations: list[dict[str, Any]]
    files: dict[str, bytes]  # SHA-256 -> content

    @property
    def coordinator(self) -> str:
        return self.manifest["coordinator_workspace"]


def _passphrase_key(passphrase: str | None, file: str) -> Callable[[Header], bytes]:
    def key_for(header: Header) -> bytes:
        if passphrase is None:
            raise KeyNeeded(
                f"{file} is encrypted: give the passphrase the coordinator sent with it."
            )
        return passphrase_key(header, passphrase, file)

    return key_for


def read_pack_file(path: Path, passphrase: str | None = None) -> Pack:
    """Read and check a work pack from disk, decrypting it first when it is encrypted."""
    path = Path(path)
    try:
        if sealed_file(path):
            key_for = _passphrase_key(passphrase, path.name)
            data = read_sealed_file(path, PACK_FORMAT, MAX_PACK_BYTES, key_for, "wrong passphrase")
        else:
            data = read_file(path, MAX_PACK_BYTES)
    except ContainerProblem as problem:
        raise ExchangeRejected(path.name, [problem.message]) from None
    return read_pack(data, path.name)


def check_pack_passphrase(path: Path, passphrase: str) -> None:
    """Raise WrongPassphrase unless the passphrase opens the pack's first chunk (quick)."""
    path = Path(path)
    with path.open("rb") as handle:
        header = read_header(handle, path.name)
        key = _passphrase_key(passphrase, path.name)(header)
        open_chunks(handle, header, key, path.name, MAX_PACK_BYTES, first_only=True)


def read_pack(data: bytes, file: str, passphrase: str | None = None) -> Pack:
    """Check a pack completely in memory (decrypted first when it is encrypted); raise
    ExchangeRejected naming every problem."""
    from arf_desktop.importers.framework_file import validate_definition

    if is_sealed(data):
        key_for = _passphrase_key(passphrase, file)
        data = unseal(io.BytesIO(data), file, PACK_FORMAT, MAX_PACK_BYTES, key_for)
    try:
        container = read_container(data, safe_name, MAX_PACK_BYTES)
    except ContainerProblem as problem:
        raise ExchangeRejected(file, [problem.message]) from None
    parts = container.parts
    manifest = verify(parts, PACK_FORMAT, PACK_SCHEMA, file)
    loaded = {name: json_part(parts, name, file) for name in JSON_PARTS}
    problems: list[str] = []
    for name in ("organisations", "conflicts", "allocations"):
        problems += schema_problems(loaded[f"{name}.json"], PACK_SCHEMA, name, f"{name}.json")
    if problems:
        raise ExchangeRejected(file, problems)
    definition = loaded["framework.json"]
    try:
        framework = validate_definition(definition, "framework.json")
    except UserFacingError as error:
        raise ExchangeRejected(file, [error.message]) from None
    wanted = manifest["framework"]
    if (definition.get("id"), str(definition.get("version"))) != (
        wanted["id"],
        wanted["version"],
    ) or sha256(parts["framework.json"]) != wanted["sha256"]:
        problems.append("framework.json is not the framework version the manifest names.")
    files = {
        name.removeprefix("files/"): data for name, data in parts.items() if _FILE_PART.match(name)
    }
    problems += [
        f"the evidence file {d[:12]}… does not match its name."
        for d, b in files.items()
        if sha256(b) != d
    ]
    organisations = {o["id"] for o in loaded["organisations.json"]}
    for allocation in loaded["allocations.json"]:
        if allocation["organisation"] not in organisations:
            problems.append(f"allocation {allocation['id']} names an organisation the pack lacks.")
        for link in allocation["version"]["links"]:
            if link["file"] and link["file"] not in files:
                problems.append(f"the evidence file “{link['name']}” is missing from the pack.")
        criteria = {c.id for c in framework.criteria}
        unknown = {r["criterion"] for r in allocation["version"]["rows"]} - criteria
        if unknown:
            problems.append(
                f"allocation {allocation['id']} has unknown criteria {sorted(unknown)}."
            )
    for conflict in loaded["conflicts.json"]:
        if conflict["organisation"] not in organisations:
            problems.append(f"conflict {conflict['id']} names an organisation the pack lacks.")
    if len(loaded["allocations.json"]) != manifest["counts"]["allocations"]:
        problems.append("the number of allocations does not match the manifest.")
    if not problems and container.layout_problem:
        problems.append(container.layout_problem)
    if problems:
        raise ExchangeRejected(file, problems)
    return Pack(
        file,
        manifest,
        definition,
        framework,
        loaded["organisations.json"],
        loaded["conflicts.json"],
        loaded["allocations.json"],
        files,
    )
