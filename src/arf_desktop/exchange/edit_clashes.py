"""The edit-clash queue: scores that two edits disagree on, with every value, resolved by hand.

An edit clash opens when a merged score return meets a value that changed in this workspace
too, or two returns give different values at the same revision. (Not to be confused with a
conflict of interest, which registers/interests.py keeps.) The command line calls the queue
`score-conflicts`, and the database table and audit entries keep that older name.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.framework import Framework
from arf_desktop.exchange import merge_rules as rules
from arf_desktop.exchange.merge_apply import CLASH_ACTION, CLASH_ENTITY, KIND_TEXT, STATUS_ITEM
from arf_desktop.registers.rounds import require_round
from arf_desktop.scoring.score_writes import save_score
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import exchange as repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage.exchange import OPEN, RESOLVED, Base
from arf_desktop.storage.workspace import Workspace, WriteTx

RESOLVE_ACTION = f"{CLASH_ACTION}.resolve"
RESOLVED_SOURCE = "conflict"  # scores kept by a moderator carry "conflict:<id>", as stored


@dataclass(frozen=True)
class Choice:
    """One value a moderator can keep."""

    index: int
    source: str
    revision: int
    value: dict[str, Any]
    label: str


@dataclass(frozen=True)
class QueuedClash:
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
class ClashResolved:
    clash_id: int
    organisation: str
    assessor: str
    item: str
    chosen: Choice
    revision: int

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON, under the key names `score-conflicts resolve` has used."""
        data = asdict(self)
        return {"conflict_id": data.pop("clash_id"), **data}


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
) -> list[QueuedClash]:
    round_id = require_round(workspace, round_name).id if round_name else None
    with workspace.read() as conn:
        listed = repo.list_clashes(conn, round_id, None if include_closed else OPEN)
        frameworks = {
            r.id: framework_repo.get_framework(conn, r.framework_id)
            for r in round_repo.list_rounds(conn)
        }
    found = []
    for entry in listed:
        clash, framework = entry.clash, frameworks[entry.round_id]
        item_label = (
            "Submit state"
            if clash.item == STATUS_ITEM
            else f"{clash.item} {framework.criterion(clash.item).title}"
            if framework.has_criterion(clash.item)
            else clash.item
        )
        chosen = ""
        if clash.chosen is not None:
            chosen = describe_value(framework, clash.item, clash.chosen)
        choices = _choices(framework, clash.item, clash.candidates)
        found.append(
            QueuedClash(
                clash.id, entry.round_name, entry.organisation, entry.assessor, clash.item,
                item_label, clash.kind, clash.status, clash.opened_at, choices, chosen,
                clash.resolved_by,
            )
        )  # fmt: skip
    return found


def open_count(workspace: Workspace, round_name: str | None = None) -> int:
    """How many edit clashes wait for a moderator (the Moderation screen can show this)."""
    round_id = require_round(workspace, round_name).id if round_name else None
    with workspace.read() as conn:
        return repo.count_open_clashes(conn, round_id)


def resolve_clash(
    workspace: Workspace, actor: str, clash_id: int, choice: int, note: str = ""
) -> ClashResolved:
    """Keep one of the values: it is stored, becomes the merge base, and the choice is audited."""

    def work(tx: WriteTx) -> ClashResolved:
        conn = tx.connection
        clash = repo.get_clash(conn, clash_id)
        if clash is None:
            raise NotFound(f"There is no edit clash number {clash_id}.")
        if clash.status != OPEN:
            raise Refused(f"Edit clash {clash_id} was already {clash.status}.")
        fact = allocation_repo.get_allocation(conn, clash.allocation_id)
        assert fact is not None
        framework = framework_repo.get_framework(conn, fact.framework_id)
        choices = _choices(framework, clash.item, clash.candidates)
        if not 0 <= choice < len(choices):
            raise Refused(f"Choose one of the {len(choices)} values (1–{len(choices)}).")
        chosen = choices[choice]
        content = clash.candidates[choice]["content"]
        if clash.item == STATUS_ITEM:
            allocation_repo.set_status(tx, fact.id, chosen.value["status"])
            revision = 0
        else:
            revision = save_score(
                tx, fact.id, clash.item, chosen.value["score"], chosen.value["comment"],
                source=f"{RESOLVED_SOURCE}:{clash_id}", audit=None,  # the entry below covers it
            ).revision  # fmt: skip
        repo.put_base(tx, Base(fact.id, clash.item, clash.revision, revision, content), None)
        cleaned = " ".join(note.split())
        repo.update_clash(
            tx,
            clash_id,
            {
                "status": RESOLVED,
                "resolved_at": utc_now(),
                "resolved_by": actor,
                "chosen": chosen.value,
                "note": cleaned,
            },
        )
        tx.audit(
            RESOLVE_ACTION,
            CLASH_ENTITY,
            clash_id,
            {
                "allocation": fact.id,
                "assessor": fact.assessor,
                "organisation": fact.organisation,
                "item": clash.item,
                "chosen": chosen.value,
                "revision": revision,
                "source": chosen.source,
                "candidates": [c.value for c in choices],
                "note": cleaned,
            },
        )
        return ClashResolved(
            clash_id, fact.organisation, fact.assessor, clash.item, chosen, revision
        )

    return workspace.transact(actor, work)
