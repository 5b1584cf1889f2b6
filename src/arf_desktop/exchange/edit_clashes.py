"""The conflict queue: scores two edits disagree on, with every value, resolved by hand."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.framework import Framework
from arf_desktop.exchange import merge_rules as rules
from arf_desktop.exchange.merge_apply import KIND_TEXT, STATUS_ITEM
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import exchange_merges as repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage.exchange_merges import OPEN, RESOLVED, Base
from arf_desktop.storage.workspace import Workspace, WriteTx


@dataclass(frozen=True)
class Choice:
    """One value a moderator can keep."""

    index: int
    source: str
    revision: int
    value: dict[str, Any]
    label: str


@dataclass(frozen=True)
class QueuedConflict:
    id: int
    round: str
    organisation: str
    assessor: str
    item: str
    item_label: str
    kind: str
    status: str
    opened_at: str
    choices: tuple[Choice, ...]
    chosen: str
    resolved_by: str | None

    @property
    def kind_text(self) -> str:
        return KIND_TEXT.get(self.kind, self.kind)

    @property
    def values_text(self) -> str:
        return "  |  ".join(c.label for c in self.choices)


@dataclass(frozen=True)
class ConflictResolved:
    conflict_id: int
    organisation: str
    assessor: str
    item: str
    chosen: Choice
    revision: int


def describe_value(framework: Framework, item: str, value: dict[str, Any]) -> str:
    """A value as people read it: "2 · Fully evidenced — comment…", or the submit state."""
    if item == STATUS_ITEM:
        return "Submitted" if value.get("status") == "submitted" else "Not submitted"
    score = value.get("score")
    text = "No score" if score is None else framework.scale_point(score).caption
    comment = " ".join(str(value.get("comment") or "").split())
    if comment:
        text += f" — “{comment[:70]}{'…' if len(comment) > 70 else ''}”"
    return text


def _choices(framework: Framework, item: str, candidates: Any) -> tuple[Choice, ...]:
    choices = []
    for index, candidate in enumerate(candidates):
        value = json.loads(candidate["content"])
        where = (
            "This workspace"
            if candidate["source"] == rules.WORKSPACE
            else f"Return, revision {candidate['revision']}"
        )
        label = f"{where}: {describe_value(framework, item, value)}"
        choices.append(Choice(index, candidate["source"], candidate["revision"], value, label))
    return tuple(choices)


def list_queue(
    workspace: Workspace, round_name: str | None = None, include_closed: bool = False
) -> list[QueuedConflict]:
    round_id = require_round(workspace, round_name).id if round_name else None
    with workspace.read() as conn:
        rows = repo.list_conflicts(conn, round_id, None if include_closed else OPEN)
        frameworks = {
            r.id: framework_repo.get_framework(conn, r.framework_id)
            for r in round_repo.list_rounds(conn)
        }
    found = []
    for conflict, row in rows:
        framework = frameworks[row.round_id]
        item_label = (
            "Submit state"
            if conflict.item == STATUS_ITEM
            else f"{conflict.item} {framework.criterion(conflict.item).title}"
            if framework.has_criterion(conflict.item)
            else conflict.item
        )
        chosen = ""
        if conflict.chosen is not None:
            chosen = describe_value(framework, conflict.item, conflict.chosen)
        choices = _choices(framework, conflict.item, conflict.candidates)
        found.append(
            QueuedConflict(
                conflict.id, row.round_name, row.organisation, row.assessor, conflict.item,
                item_label, conflict.kind, conflict.status, conflict.opened_at, choices, chosen,
                conflict.resolved_by,
            )
        )  # fmt: skip
    return found


def open_count(workspace: Workspace, round_name: str | None = None) -> int:
    """How many conflicts wait for a moderator (the Moderation screen can show this)."""
    round_id = require_round(workspace, round_name).id if round_name else None
    with workspace.read() as conn:
        return repo.count_open(conn, round_id)


def resolve_conflict(
    workspace: Workspace, actor: str, conflict_id: int, choice: int, note: str = ""
) -> ConflictResolved:
    """Keep one of the values: it is stored, becomes the merge base, and the choice is audited."""

    def work(tx: WriteTx) -> ConflictResolved:
        conn = tx.connection
        conflict = repo.get_conflict(conn, conflict_id)
        if conflict is None:
            raise NotFound(f"There is no score conflict number {conflict_id}.")
        if conflict.status != OPEN:
            raise Refused(f"Conflict {conflict_id} was already {conflict.status}.")
        fact = allocation_repo.get_allocation(conn, conflict.allocation_id)
        assert fact is not None
        framework = framework_repo.get_framework(conn, fact.framework_id)
        choices = _choices(framework, conflict.item, conflict.candidates)
        if not 0 <= choice < len(choices):
            raise Refused(f"Choose one of the {len(choices)} values (1–{len(choices)}).")
        chosen = choices[choice]
        content = conflict.candidates[choice]["content"]
        if conflict.item == STATUS_ITEM:
            allocation_repo.set_status(tx, fact.id, chosen.value["status"])
            revision = 0
        else:
            stored = score_repo.get_score(conn, fact.id, conflict.item)
            revision = stored.revision + 1 if stored else 1
            score_repo.write_score(
                tx, fact.id, conflict.item, chosen.value["score"], chosen.value["comment"],
                revision, f"conflict:{conflict_id}",
            )  # fmt: skip
        repo.put_base(tx, Base(fact.id, conflict.item, conflict.revision, revision, content), None)
        repo.update_conflict(
            tx,
            conflict_id,
            {
                "status": RESOLVED,
                "resolved_at": utc_now(),
                "resolved_by": actor,
                "chosen": chosen.value,
                "note": " ".join(note.split()),
            },
        )
        tx.audit(
            "score.conflict.resolve",
            "score_conflict",
            conflict_id,
            {
                "allocation": fact.id,
                "assessor": fact.assessor,
                "organisation": fact.organisation,
                "item": conflict.item,
                "chosen": chosen.value,
                "source": chosen.source,
                "candidates": [c.value for c in choices],
                "note": " ".join(note.split()),
            },
        )
        return ConflictResolved(
            conflict_id, fact.organisation, fact.assessor, conflict.item, chosen, revision
        )

    return workspace.transact(actor, work)
