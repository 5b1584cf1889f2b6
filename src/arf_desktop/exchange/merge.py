"""Score returns in: validate everything, then merge each record by its revision, in one write.

A return is rejected whole, with every reason, before anything is written: another
workspace's or round's return, another framework version, an assessor not allocated or
with a conflict of interest, an unknown criterion or score. Merging follows
`merge_rules`: re-importing is a no-op and the import order never changes the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.scoring import OrganisationRef
from arf_desktop.exchange.keys import authentication_problems
from arf_desktop.exchange.manifest import ExchangeRejected
from arf_desktop.exchange.merge_apply import STATUS_ITEM, Merger
from arf_desktop.exchange.returns import ReturnFile, read_return, read_return_file
from arf_desktop.registers.interests import reasons_in
from arf_desktop.scoring.scores import clean_comment, criteria_for
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import exchange as repo
from arf_desktop.storage import exchange_keys as key_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage.workspace import Workspace, WriteTx, workspace_id

MERGED, UNCHANGED, REJECTED = "merged", "unchanged", "rejected"
MAX_REVISION = 2_147_483_647
MAX_STEP = 10_000  # a return moves a score at most this many revisions past the last merge
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class MergeReport:
    """What one return did: counts per outcome, or the reasons it was rejected."""

    file: str
    status: str
    return_id: str = ""
    round: str = ""
    assessor: str = ""
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    clashes: int = 0  # edit clashes opened or widened, waiting for a moderator
    settled: int = 0
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    already: bool = False  # this very return was merged before

    def line(self) -> str:
        if self.status == REJECTED:
            return f"rejected ({len(self.reasons)} problem{'s' * (len(self.reasons) != 1)})"
        if self.already:
            return "already imported; nothing changed"
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.older} older ignored, {self.clashes} edit clashes"
        )

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON, under the key names `return import` has used."""
        return {("conflicts" if k == "clashes" else k): v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class BatchMerge:
    reports: tuple[MergeReport, ...]
    cancelled: bool = False
    not_started: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.reports if r.status == status)

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.reports)


def _validate(conn: Any, returned: ReturnFile) -> tuple[Any, Framework, Any, dict[int, Any]]:
    """Every reason the return cannot be merged, raised together; else what merging needs."""
    m, file = returned.manifest, returned.file
    if m["coordinator_workspace"] != workspace_id(conn):
        raise ExchangeRejected(
            file,
            ["it answers a work pack from another workspace, not this one; import it in the "
             "coordinator's workspace that sent the pack."],
        )  # fmt: skip
    chosen = next((r for r in round_repo.list_rounds(conn) if r.id == m["round"]["id"]), None)
    if chosen is None or chosen.name != m["round"]["name"]:
        raise ExchangeRejected(
            file, [f"it is for the round “{m['round']['name']}”, which is not in this workspace."]
        )
    _, framework_sha = framework_repo.framework_text(conn, chosen.framework_id)
    framework = framework_repo.get_framework(conn, chosen.framework_id)
    wanted = m["framework"]
    if (wanted["id"], wanted["version"], wanted["sha256"]) != (
        framework.key,
        framework.version,
        framework_sha,
    ):
        raise ExchangeRejected(
            file,
            [f"it was scored against framework {wanted['id']} version {wanted['version']}, but "
             f"“{chosen.name}” uses {framework.label}."],
        )  # fmt: skip
    assessor = assessor_repo.get_assessor(conn, m["assessor"]["id"])
    if assessor is None or assessor.name != m["assessor"]["name"]:
        raise ExchangeRejected(
            file, [f"{m['assessor']['name']} is not in this workspace's assessor register."]
        )
    facts = {
        f.id: f for f in allocation_repo.list_allocations(conn, chosen.id, include_withdrawn=True)
    }
    reasons: list[str] = _revision_problems(conn, returned.records, facts)
    seen: set[tuple[int, str]] = set()
    checked: dict[int, list[str]] = {}
    for record in returned.records:
        where = f"record {record['seq']} ({record['organisation']})"
        fact = facts.get(record["allocation"])
        if fact is None or fact.assessor_id != assessor.id:
            reasons.append(f"{where}: {assessor.name} is not allocated to it in “{chosen.name}”.")
            continue
        if fact.organisation != record["organisation"]:
            reasons.append(f"{where}: that allocation is for {fact.organisation}.")
        if fact.id not in checked:
            ref = OrganisationRef(fact.organisation_id, fact.organisation, fact.icb)
            checked[fact.id] = reasons_in(conn, assessor, ref, fact.same_icb_conflict)
            if checked[fact.id]:
                reasons.append(
                    f"{where}: {assessor.name} may not score {fact.organisation}: "
                    f"{'; '.join(checked[fact.id])}."
                )
        item = record.get("criterion", STATUS_ITEM)
        if (fact.id, item) in seen:
            reasons.append(f"{where}: {item} appears twice in the return.")
        seen.add((fact.id, item))
        if record["kind"] == "score":
            reasons += _score_problems(framework, fact, record, where)
    if reasons:
        raise ExchangeRejected(file, reasons)
    return chosen, framework, assessor, facts


def _revision_problems(conn: Any, records: list[dict[str, Any]], facts: dict[int, Any]) -> list:
    """Revisions out of range, or further ahead of the last merged one than any assessor edits."""
    mine = [r for r in records if r["allocation"] in facts]
    bases = repo.bases_for(conn, {r["allocation"] for r in mine})
    problems = []
    for record in mine:
        where = f"record {record['seq']} ({record['organisation']})"
        item = record.get("criterion", STATUS_ITEM)
        base = bases.get((record["allocation"], item))
        last = base.remote_revision if base else 0
        if not 0 <= record["revision"] <= MAX_REVISION:
            problems.append(
                f"{where}: revision {record['revision']} is out of range (0 to {MAX_REVISION:,})."
            )
        elif record["revision"] - last > MAX_STEP:
            problems.append(
                f"{where}: revision {record['revision']:,} is more than {MAX_STEP:,} edits "
                f"ahead of the last one merged ({last:,}); it would outrank every later edit."
            )
    return problems


def _score_problems(framework: Framework, fact: Any, record: dict[str, Any], where: str) -> list:
    problems = []
    if record["criterion"] not in criteria_for(framework, fact):
        problems.append(
            f"{where}: {record['criterion']} is not a criterion {fact.organisation} is scored on "
            f"(level applied for: {fact.level_applied})."
        )
    if record["score"] is not None and not framework.on_scale(record["score"]):
        problems.append(f"{where}: {framework.off_scale(record['score'])}")
    try:
        if clean_comment(record["comment"]) != record["comment"]:
            problems.append(f"{where}: the comment holds characters ARF Desktop never saves.")
    except UserFacingError as error:
        problems.append(f"{where}: {error.message}")
    return problems


def merge_return(workspace: Workspace, actor: str, returned: ReturnFile) -> MergeReport:
    """Validate, then merge every record in one transaction; audited with the assessor's head."""
    m = returned.manifest

    def work(tx: WriteTx) -> MergeReport:
        if m["coordinator_workspace"] == workspace_id(tx.connection):
            problems = authentication_problems(tx.connection, m)
            if problems:
                raise ExchangeRejected(returned.file, problems)
        if repo.find_merge(tx.connection, m["return_id"]) is not None:
            return MergeReport(
                returned.file,
                UNCHANGED,
                m["return_id"],
                m["round"]["name"],
                m["assessor"]["name"],
                already=True,
            )
        chosen, framework, assessor, facts = _validate(tx.connection, returned)
        merger = Merger(tx, returned, chosen, framework, facts)
        counts = merger.run()
        tx.audit(
            "return.merge",
            "assessor",
            assessor.id,
            {
                "return_id": m["return_id"],
                "file": returned.file,
                "sha256": returned.sha256,
                "round": chosen.name,
                "assessor_workspace": m["assessor_workspace"],
                "pack_id": m["pack_id"],
                "assessor_audit_head": m["audit_head"],
                "records_digest": m["records"]["digest"],
                "counts": repo.counts_as_stored(counts),
            },
        )
        changed = counts["new"] + counts["updated"] + counts["clashes"]
        return MergeReport(
            returned.file,
            MERGED if changed else UNCHANGED,
            m["return_id"],
            chosen.name,
            assessor.name,
            notes=tuple(merger.notes),
            **counts,
        )

    return workspace.transact(actor, work)


def return_secrets(workspace: Workspace) -> Callable[[str], str | None]:
    """The return key this workspace issued with a pack (by the pack's id), to open returns."""

    def secret_for(pack_id: str) -> str | None:
        with workspace.read() as conn:
            key = key_repo.find_key(conn, pack_id)
        return key.secret if key is not None else None

    return secret_for


def import_return(workspace: Workspace, actor: str, path: Path) -> MergeReport:
    """Decrypt and check the return completely in memory, then merge it in one write."""
    return merge_return(workspace, actor, read_return_file(Path(path), return_secrets(workspace)))


def import_return_bytes(workspace: Workspace, actor: str, data: bytes, name: str) -> MergeReport:
    return merge_return(workspace, actor, read_return(data, name, return_secrets(workspace)))


def import_returns(
    workspace: Workspace,
    actor: str,
    paths: Sequence[Path],
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> BatchMerge:
    """Each return all-or-nothing in its own transaction; a rejected one is reported, not raised."""
    reports: list[MergeReport] = []
    for index, path in enumerate(paths):
        if cancel is not None and cancel():
            return BatchMerge(tuple(reports), True, len(paths) - index)
        if progress is not None:
            progress(index, len(paths), Path(path).name)
        try:
            reports.append(import_return(workspace, actor, Path(path)))
        except ExchangeRejected as rejected:
            reports.append(MergeReport(Path(path).name, REJECTED, reasons=tuple(rejected.reasons)))
        except UserFacingError as error:
            reports.append(MergeReport(Path(path).name, REJECTED, reasons=(error.message,)))
    if progress is not None:
        progress(len(paths), len(paths), "")
    return BatchMerge(tuple(reports))
