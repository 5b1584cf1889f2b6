"""Score returns: the assessor's scores, comments and submit state as one verifiable file."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.records import Round
from arf_desktop.exchange.container import (
    ContainerProblem,
    read_container,
    read_file,
    safe_name,
    write_container,
)
from arf_desktop.exchange.keys import AUTH_FIELD, authentication
from arf_desktop.exchange.manifest import (
    MANIFEST,
    ExchangeRejected,
    check_records,
    common_fields,
    encode,
    json_part,
    part_entry,
    records_digest,
    schema_problems,
    seal,
    sha256,
    verify,
)
from arf_desktop.exchange.sealed import (
    Header,
    Sealing,
    SealProblem,
    is_sealed,
    read_header,
    return_key,
    sealed_file,
    unseal,
)
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import audit
from arf_desktop.storage import exchange as repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage.exchange import Origin
from arf_desktop.storage.workspace import Workspace, workspace_id

RETURN_FORMAT = "arf-score-return"
RETURN_SUFFIX = ".arfreturn"
RETURN_SCHEMA = "return.schema.json"
RECORDS = "records.json"
MAX_RETURN_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ReturnWritten:
    path: Path
    return_id: str
    round: str
    assessor: str
    records: int
    scores: int
    submitted: int


@dataclass(frozen=True)
class ReturnFile:
    """A verified return: its manifest, its numbered records, and the file's SHA-256."""

    file: str
    manifest: dict[str, Any]
    records: list[dict[str, Any]]
    sha256: str


def assemble(
    meta: dict[str, Any], records: list[dict[str, Any]], secret: str
) -> list[tuple[str, bytes]]:
    """The parts of a return (manifest first) for these records, numbered 1…n in this order,
    authenticated with the work pack's return key (hex)."""
    numbered = [{**record, "seq": index} for index, record in enumerate(records, start=1)]
    body = encode(numbered)
    unsigned = {
        **common_fields(RETURN_FORMAT),
        **meta,
        "records": {"count": len(numbered), "digest": records_digest(numbered)},
        "parts": {RECORDS: part_entry(body)},
    }
    manifest = seal({**unsigned, AUTH_FIELD: authentication(unsigned, secret)})
    return [(MANIFEST, encode(manifest)), (RECORDS, body)]


STATUS_ACTIONS = ("allocation.submit", "allocation.reopen")


def _origin(conn: Any, chosen: Round, assessor: str | None) -> Origin:
    """Where the round came from: the one work pack imported for it (for this assessor)."""
    origins = repo.origins_for_round(conn, chosen.id)
    if assessor:
        found = assessor_repo.find_assessor(conn, assessor)
        origins = [o for o in origins if found and o.assessor_id == found.id]
    if not origins:
        raise NotFound(
            f"“{chosen.name}” did not come from a work pack"
            + (f" for {assessor}" if assessor else "")
            + "; a score return can only be written for a round imported with `pack import`."
        )
    if len(origins) > 1:
        raise Refused("Several assessors' packs were imported here; name one with --assessor.")
    return origins[0]


def _records(conn: Any, chosen: Round, origin: Origin) -> tuple[list[dict[str, Any]], int, int]:
    """Every score and submit state of the pack's allocations, under the coordinator's ids."""
    remote = {
        local: (remote_id, offset)
        for remote_id, (local, offset) in repo.mapping(
            conn, origin.coordinator_workspace, "allocation"
        ).items()
    }
    records: list[dict[str, Any]] = []
    scored = submitted = 0
    facts = allocation_repo.list_allocations(conn, chosen.id, origin.assessor_id)
    for fact in sorted((f for f in facts if f.id in remote), key=lambda f: remote[f.id][0]):
        remote_id, offset = remote[fact.id]
        for criterion_id, stored in sorted(score_repo.scores_for(conn, fact.id).items()):
            records.append(
                {
                    "kind": "score",
                    "allocation": remote_id,
                    "organisation": fact.organisation,
                    "criterion": criterion_id,
                    "revision": stored.revision,
                    "score": stored.score,
                    "comment": stored.comment,
                    "updated_at": stored.updated_at,
                    "updated_by": stored.updated_by,
                }
            )
            scored += stored.score is not None
        submitted += fact.status == "submitted"
        records.append(
            {
                "kind": "status",
                "allocation": remote_id,
                "organisation": fact.organisation,
                "revision": offset
                + audit.count_actions(conn, "allocation", fact.id, STATUS_ACTIONS),
                "status": fact.status,
                "submitted_at": fact.submitted_at,
            }
        )
    return records, scored, submitted


def export_return(
    workspace: Workspace, actor: str, round_name: str, out: Path, assessor: str | None = None
) -> ReturnWritten:
    """Write this workspace's scores for a round that came in a work pack (audited)."""
    chosen = require_round(workspace, round_name)
    with workspace.write(actor) as tx:
        conn = tx.connection
        origin = _origin(conn, chosen, assessor)
        if not origin.return_key:
            raise Refused(
                f"The work pack imported for “{chosen.name}” carries no return key, so a return "
                "could not be authenticated; ask the coordinator for a new work pack."
            )
        records, scored, submitted = _records(conn, chosen, origin)
        assessor_row = assessor_repo.get_assessor(conn, origin.assessor_id)
        assert assessor_row is not None
        definition, framework_sha = framework_repo.framework_text(conn, chosen.framework_id)
        framework = json.loads(definition)
        return_id = str(uuid.uuid4())
        numbered = [{**r, "seq": i} for i, r in enumerate(records, start=1)]
        tx.audit(
            "return.export",
            "round",
            chosen.id,
            {
                "return_id": return_id,
                "file": Path(out).name,
                "records": len(records),
                "digest": records_digest(numbered),
            },
        )
        head_seq, head_hash = audit.head(conn)
        meta = {
            "return_id": return_id,
            "coordinator_workspace": origin.coordinator_workspace,
            "assessor_workspace": workspace_id(conn),
            "pack_id": origin.pack_id,
            "round": {"id": origin.remote_round_id, "name": chosen.name},
            "assessor": {"id": origin.remote_assessor_id, "name": assessor_row.name},
            "framework": {
                "id": framework["id"],
                "version": str(framework["version"]),
                "sha256": framework_sha,
            },
            "audit_head": {"seq": head_seq, "hash": head_hash},
        }
        sealing = Sealing.with_return_key(RETURN_FORMAT, origin.pack_id, origin.return_key)
        write_container(Path(out), assemble(meta, records, origin.return_key), sealing)
    return ReturnWritten(
        Path(out), return_id, chosen.name, assessor_row.name, len(records), scored, submitted
    )


MAX_NUMBER = 2_147_483_647  # every whole number a return carries fits a database integer


def _range_problems(records: list[Any]) -> list[str]:
    """Whole numbers outside what any workspace stores, named before anything else is read."""
    problems = []
    for position, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            continue
        for name in ("revision", "allocation"):
            value = record.get(name)
            number = isinstance(value, int) and not isinstance(value, bool)
            if number and not 0 <= value <= MAX_NUMBER:
                problems.append(
                    f"{RECORDS} record {position}: {name} {value} is out of range "
                    f"(0 to {MAX_NUMBER:,}; the maximum a return may carry)."
                )
    return problems


SecretFor = Callable[[str], "str | None"]  # a pack id -> its return key (hex), if issued here


def _return_key(secret_for: SecretFor | None, file: str) -> Callable[[Header], bytes]:
    def key_for(header: Header) -> bytes:
        secret = secret_for(header.key_id) if secret_for and header.key_id else None
        if secret is None:
            raise ExchangeRejected(
                file,
                ["it is encrypted with the return key of a work pack this workspace never "
                 "issued, so it cannot be opened here."],
            )  # fmt: skip
        return return_key(header, secret, file)

    return key_for


def read_return_file(path: Path, secret_for: SecretFor | None = None) -> ReturnFile:
    """Read and check a return from disk, decrypting it with its pack's return key first."""
    path = Path(path)
    try:
        if sealed_file(path):
            if path.stat().st_size > MAX_RETURN_BYTES + MAX_RETURN_BYTES // 1024:
                raise ContainerProblem(
                    f"it is larger than a score return can be "
                    f"({MAX_RETURN_BYTES / 1_048_576:,.0f} MB)."
                )
            return read_return(path.read_bytes(), path.name, secret_for)
        data = read_file(path, MAX_RETURN_BYTES)
    except ContainerProblem as problem:
        raise ExchangeRejected(path.name, [problem.message]) from None
    return read_return(data, path.name, secret_for)


WRONG_KEY = "it does not open with the return key of its work pack"


def read_return(
    data: bytes, file: str, secret_for: SecretFor | None = None, file_sha256: str = ""
) -> ReturnFile:
    """Check a return completely in memory (decrypted first when it is encrypted, with the
    key `secret_for` gives for its pack): raise ExchangeRejected with reasons."""
    if is_sealed(data):
        file_sha256 = sha256(data)
        try:
            header = read_header(io.BytesIO(data), file)
            plain = unseal(
                io.BytesIO(data), file, RETURN_FORMAT, MAX_RETURN_BYTES,
                _return_key(secret_for, file), WRONG_KEY,
            )  # fmt: skip
        except SealProblem as problem:
            raise ExchangeRejected(file, [problem.reason]) from None
        returned = read_return(plain, file, file_sha256=file_sha256)
        if returned.manifest["pack_id"] != header.key_id:
            raise ExchangeRejected(
                file, ["it is encrypted with the key of another work pack than it names."]
            )
        return returned
    try:
        container = read_container(data, safe_name, MAX_RETURN_BYTES)
    except ContainerProblem as problem:
        raise ExchangeRejected(file, [problem.message]) from None
    manifest = verify(container.parts, RETURN_FORMAT, RETURN_SCHEMA, file)
    records = json_part(container.parts, RECORDS, file)
    records = check_records(records, manifest, file)
    if container.layout_problem:
        raise ExchangeRejected(file, [container.layout_problem])
    problems = _range_problems(records) or schema_problems(
        records, RETURN_SCHEMA, "records", RECORDS
    )
    if problems:
        raise ExchangeRejected(file, problems)
    return ReturnFile(file, manifest, records, file_sha256 or sha256(data))
