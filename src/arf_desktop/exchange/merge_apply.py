"""Applying the merge rule to every record of a validated return, inside its write transaction."""

from __future__ import annotations

import json
from typing import Any

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.framework import Framework, canonical_json
from arf_desktop.domain.scoring import ALLOCATED
from arf_desktop.exchange import merge_rules as rules
from arf_desktop.scoring.score_writes import ScoreAudit, save_score
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import audit
from arf_desktop.storage import exchange as repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage.exchange import OPEN, RESOLVED, SUPERSEDED, Base
from arf_desktop.storage.workspace import WriteTx

STATUS_ITEM = "#status"
CLASH_ENTITY = "score_conflict"  # the audit log's names for edit clashes, kept as stored
CLASH_ACTION = "score.conflict"
KIND_TEXT = {
    rules.SAME_REVISION: "two different values at the same revision",
    rules.CHANGED_HERE: "changed in this workspace since the last return",
}


def content_of(record: dict[str, Any]) -> str:
    if record["kind"] == "status":
        return canonical_json({"status": record["status"]})
    return canonical_json({"score": record["score"], "comment": record["comment"]})


def held_back(item: str) -> str:
    """The value a score (or submit state) takes while its edit clash waits for a moderator."""
    if item == STATUS_ITEM:
        return canonical_json({"status": ALLOCATED})
    return canonical_json({"comment": "", "score": None})


class Merger:
    """Merges one return's records; collects counts, notes for the report and audit entries."""

    def __init__(
        self, tx: WriteTx, returned: Any, chosen: Any, framework: Framework, facts: dict[int, Any]
    ) -> None:
        self.tx = tx
        self.returned = returned
        self.round = chosen
        self.framework = framework
        self.facts = facts
        conn = tx.connection
        ids = sorted({r["allocation"] for r in returned.records})
        self.bases = repo.bases_for(conn, ids)
        self.clashes = repo.clashes_for(conn, ids)
        self.stored = {i: score_repo.scores_for(conn, i) for i in ids}
        self.counts = dict.fromkeys(
            ("new", "updated", "unchanged", "older", "clashes", "settled"), 0
        )
        self.notes: list[str] = []
        self.entries: list[dict[str, Any]] = []
        manifest = returned.manifest
        self.return_id = manifest["return_id"]
        self.source = f"return:{self.return_id}"
        self.merge_id = 0

    def run(self) -> dict[str, int]:
        m = self.returned.manifest
        self.merge_id = repo.insert_merge(
            self.tx,
            {
                "return_id": self.return_id,
                "file_name": self.returned.file,
                "file_sha256": self.returned.sha256,
                "round_id": self.round.id,
                "assessor_id": m["assessor"]["id"],
                "assessor_workspace": m["assessor_workspace"],
                "pack_id": m["pack_id"],
                "created": m["created"],
                "records": len(self.returned.records),
                "counts": "{}",
                "audit_head_seq": m["audit_head"]["seq"],
                "audit_head_hash": m["audit_head"]["hash"],
            },
        )
        for record in self.returned.records:
            self._merge(record)
        repo.set_merge_counts(self.tx, self.merge_id, self.counts)
        audit.append_many(self.tx.connection, self.tx.actor, self.entries)
        return dict(self.counts)

    # -- one record ------------------------------------------------------------------
    def _stored(self, fact: Any, item: str) -> tuple[str | None, int]:
        if item == STATUS_ITEM:
            return canonical_json({"status": fact.status}), 0
        found = self.stored[fact.id].get(item)
        if found is None:
            return None, 0
        return canonical_json({"score": found.score, "comment": found.comment}), found.revision

    def _merge(self, record: dict[str, Any]) -> None:
        fact = self.facts[record["allocation"]]
        item = record.get("criterion", STATUS_ITEM)
        if record["kind"] == "status" and record["revision"] == 0:
            self.counts["unchanged"] += 1  # never submitted: the initial state carries no edit
            return
        content = content_of(record)
        stored, stored_revision = self._stored(fact, item)
        base = self.bases.get((fact.id, item))
        rows = self.clashes.get((fact.id, item), [])
        open_ = next((c for c in rows if c.status == OPEN), None)
        settled = tuple(
            (
                c.revision,
                frozenset(x["content"] for x in c.candidates if x["source"] == rules.RETURN),
            )
            for c in rows
            if c.status == RESOLVED
        )
        changed_here = (
            item != STATUS_ITEM
            and stored is not None
            and (base is None or stored_revision != base.local_revision)
        )
        state = rules.KeyState(
            base.remote_revision if base else None,
            base.content if base else None,
            stored,
            changed_here,
            open_.revision if open_ else None,
            open_.kind if open_ else None,
            tuple(rules.Candidate.from_dict(c) for c in open_.candidates) if open_ else (),
            settled,
        )
        decision = rules.decide(state, record["revision"], content)
        where = f"{fact.organisation} — {'submit state' if item == STATUS_ITEM else item}"
        action = decision.action
        if action == rules.OLDER:
            self.counts["older"] += 1
        elif action == rules.UNCHANGED:
            self.counts["unchanged"] += 1
        elif action == rules.REBASE:
            self._base(fact, item, record["revision"], stored_revision, content)
            self.counts["unchanged"] += 1
        elif action in (rules.APPLY, rules.SUPERSEDE):
            if action == rules.SUPERSEDE and open_ is not None:
                repo.update_clash(
                    self.tx,
                    open_.id,
                    {
                        "status": SUPERSEDED,
                        "resolved_at": utc_now(),
                        "resolved_by": self.tx.actor,
                        "note": f"settled by the assessor's revision {record['revision']}",
                    },
                )
                self.counts["settled"] += 1
                self.notes.append(f"{where}: edit clash settled by a newer revision")
            revision = self._write(fact, item, stored, content)
            self._base(fact, item, record["revision"], revision, content)
            self.counts["new" if stored is None else "updated"] += 1
        else:
            self._clash(fact, item, decision, record, stored, open_)
            self.notes.append(f"{where}: {KIND_TEXT[decision.kind or '']} (held back)")

    def _clash(
        self, fact: Any, item: str, decision: rules.Decision, record: dict[str, Any],
        stored: str | None, open_: Any,
    ) -> None:  # fmt: skip
        candidates = [c.as_dict() for c in decision.candidates]
        if decision.action == rules.OPEN:
            clash_id = repo.insert_clash(
                self.tx,
                {
                    "allocation_id": fact.id,
                    "item": item,
                    "revision": record["revision"],
                    "kind": decision.kind,
                    "candidates": candidates,
                    "merge_id": self.merge_id,
                },
            )
            held = held_back(item)
            if stored is not None and stored != held:
                self._write(fact, item, stored, held, "hold")
        else:
            clash_id = open_.id
            repo.update_clash(
                self.tx, open_.id, {"candidates": candidates, "revision": record["revision"]}
            )
        self.counts["clashes"] += 1
        self.entries.append(
            {
                "action": CLASH_ACTION,
                "entity": CLASH_ENTITY,
                "entity_id": clash_id,
                "details": {
                    "allocation": fact.id, "item": item, "organisation": fact.organisation,
                    "assessor": fact.assessor, "kind": decision.kind,
                    "candidates": candidates, "return_id": self.return_id,
                },
            }
        )  # fmt: skip

    # -- writing -----------------------------------------------------------------------
    def _base(self, fact: Any, item: str, remote: int, local: int, content: str) -> None:
        base = Base(fact.id, item, remote, local, content)
        repo.put_base(self.tx, base, self.merge_id)
        self.bases[(fact.id, item)] = base

    def _write(
        self, fact: Any, item: str, before: str | None, content: str, kind: str = "merge"
    ) -> int:
        """Store a value; return the row's new revision in this workspace (0 for a status)."""
        value = json.loads(content)
        details = {
            "assessor": fact.assessor,
            "organisation": fact.organisation,
            "round": fact.round_name,
            "from": json.loads(before) if before else None,
            "to": value,
            "return_id": self.return_id,
        }
        if item != STATUS_ITEM:
            saved = save_score(
                self.tx, fact.id, item, value["score"], value["comment"], source=self.source,
                audit=ScoreAudit(f"score.{kind}", details), pending=self.entries,
            )  # fmt: skip
            return saved.revision
        allocation_repo.set_status(self.tx, fact.id, value["status"])
        self.entries.append(
            {
                "action": f"status.{kind}",
                "entity": "allocation",
                "entity_id": str(fact.id),
                "details": {**details, "revision": 0},
            }
        )
        return 0
