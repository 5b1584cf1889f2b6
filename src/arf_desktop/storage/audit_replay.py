"""Replaying the audit log: the scores, agreed scores, decisions and allocations it implies.

`replay` walks the log once, builds what each of those rows should hold, and compares it
with the tables, naming every row that differs. Entries written before they carried the
values (older workspaces, values seeded from a work pack) make a row "not checkable"
rather than a difference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from arf_desktop.domain.personal import ErasedText
from arf_desktop.storage import tables
from arf_desktop.storage.audit import resolved_details

UNKNOWN = object()  # the log records a change to this row without its value
STATUS_ITEM = "#status"
ADOPT_FEEDBACK = "moderation.adopt_feedback"  # an agreed score's feedback adopted: a revision
STATUS_ACTIONS = {"allocation.submit": "submitted", "allocation.reopen": "allocated"}


@dataclass(frozen=True)
class Difference:
    """One row whose stored value is not what the audit log says."""

    kind: str
    row: str
    logged: str
    stored: str

    def line(self) -> str:
        return (
            f"{self.kind} {self.row}: the log says {self.logged}, the database holds {self.stored}"
        )


@dataclass(frozen=True)
class ReplayReport:
    checked: dict[str, int]
    not_checkable: dict[str, int]
    differences: tuple[Difference, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.differences


@dataclass
class _Expected:
    scores: dict[tuple[int, str], Any] = field(default_factory=dict)
    status: dict[int, Any] = field(default_factory=dict)
    pairs: set[tuple[int, int]] = field(default_factory=set)
    pack_pairs: set[tuple[int, int]] = field(default_factory=set)
    pairs_checkable: bool = True
    agreed: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)
    decisions: dict[int, tuple[str, str | None]] = field(default_factory=dict)


def _score_entry(exp: _Expected, row: Any, d: dict[str, Any]) -> None:
    allocation, _, criterion = row.entity_id.partition(":")
    key = (int(allocation), criterion)
    value = d.get("value")
    if value is None and isinstance(d.get("to"), dict) and "score" in d["to"]:
        value = d["to"]  # merged values carry the whole value as "to"
    if isinstance(value, dict):
        exp.scores[key] = (value.get("score"), value.get("comment", ""), d.get("revision"))
    else:
        exp.scores[key] = UNKNOWN


def _allocation_entry(exp: _Expected, row: Any, d: dict[str, Any]) -> None:
    if row.action == "allocation.add":
        pairs = {(int(s), int(a)) for s, a in d.get("pairs", [])}
        exp.pairs |= pairs
        if d.get("mode") == "work pack":
            exp.pack_pairs |= pairs
    elif row.action == "allocation.remove":
        if isinstance(d.get("pair"), list):
            exp.pairs.discard((int(d["pair"][0]), int(d["pair"][1])))
        else:
            exp.pairs_checkable = False
        exp.status.pop(int(row.entity_id), None)
    elif row.action in STATUS_ACTIONS:
        exp.status[int(row.entity_id)] = STATUS_ACTIONS[row.action]
    elif row.action.startswith("status.") and isinstance(d.get("to"), dict):
        exp.status[int(row.entity_id)] = d["to"].get("status", UNKNOWN)


def _clash_resolution(exp: _Expected, d: dict[str, Any]) -> None:
    chosen, allocation = d.get("chosen") or {}, int(d.get("allocation", 0))
    if d.get("item") == STATUS_ITEM:
        exp.status[allocation] = chosen.get("status", UNKNOWN)
    elif "score" in chosen:
        exp.scores[(allocation, d["item"])] = (
            chosen["score"], chosen.get("comment", ""), d.get("revision"),
        )  # fmt: skip


def _retention_entry(exp: _Expected, row: Any, d: dict[str, Any]) -> None:
    """Rows the retention schedule removed: their scores, allocations, agreement, decisions."""
    allocations = {int(a) for a in d.get("allocations", [])}
    if row.entity_id not in ("scores", "submissions"):
        return
    for key in [k for k in exp.scores if k[0] in allocations]:
        del exp.scores[key]
    if row.entity_id == "submissions":
        submissions = {int(s) for s in d.get("submissions", [])}
        exp.pairs -= {(int(s), int(a)) for s, a in d.get("pairs", [])}
        for allocation in allocations:
            exp.status.pop(allocation, None)
        for key in [k for k in exp.agreed if k[0] in submissions]:
            del exp.agreed[key]
        for submission in submissions:
            exp.decisions.pop(submission, None)


def expected_state(conn: Connection) -> _Expected:
    """What the log says the rows hold, entry by entry in order."""
    exp = _Expected()
    for row, d in resolved_details(conn):
        if row.entity == "score":
            _score_entry(exp, row, d)
        elif row.entity == "allocation":
            _allocation_entry(exp, row, d)
        elif row.entity == "score_conflict" and row.action.endswith(".resolve"):
            _clash_resolution(exp, d)
        elif row.action == "moderation.agree":
            exp.agreed[(int(row.entity_id), d["criterion"])] = (d["to"], d.get("revision"))
        elif row.action == ADOPT_FEEDBACK and "score" in d and "revision" in d:
            exp.agreed[(int(row.entity_id), d["criterion"])] = (d["score"], d["revision"])
        elif row.action == "moderation.decide":
            exp.decisions[int(row.entity_id)] = (d["outcome"], d.get("level_awarded"))
        elif row.action == "moderation.reopen":
            exp.decisions.pop(int(row.entity_id), None)
        elif row.action == "retention.apply":
            _retention_entry(exp, row, d)
    return exp


def _names(conn: Connection) -> tuple[dict[int, str], dict[int, str]]:
    """Readable names: allocation id → 'organisation — assessor', submission id → organisation."""
    al, s, o, a = tables.allocations, tables.submissions, tables.organisations, tables.assessors
    subs = {
        r.id: r.name
        for r in conn.execute(select(s.c.id, o.c.name).join(o, o.c.id == s.c.organisation_id))
    }
    allocs = {
        r.id: f"{subs.get(r.submission_id, r.submission_id)} — {r.name}"
        for r in conn.execute(
            select(al.c.id, al.c.submission_id, a.c.name).join(a, a.c.id == al.c.assessor_id)
        )
    }
    return allocs, subs


def _show(score: Any, comment: str, revision: Any) -> str:
    text = f"score {score}" + (f", comment “{comment[:40]}”" if comment else "")
    return text + (f" (revision {revision})" if revision is not None else "")


def _check_scores(conn: Connection, exp: _Expected, allocs: dict[int, str], out: dict) -> None:
    sc = tables.scores
    seen = set()
    for r in conn.execute(select(sc).order_by(sc.c.allocation_id, sc.c.criterion_id)):
        key = (r.allocation_id, r.criterion_id)
        seen.add(key)
        logged = exp.scores.get(key)
        if logged is UNKNOWN or (logged is None and r.source == "pack"):
            out["not_checkable"]["scores"] += 1
            continue
        out["checked"]["scores"] += 1
        name = f"{allocs.get(r.allocation_id, r.allocation_id)} — {r.criterion_id}"
        stored = _show(r.score, r.comment, r.revision)
        if logged is None:
            out["diff"].append(Difference("score", name, "nothing (no entry wrote it)", stored))
            continue
        score, comment, revision = logged
        if isinstance(comment, ErasedText):  # erased from the log: only the score is checked
            comment = r.comment
        if (score, comment) != (r.score, r.comment) or revision not in (None, r.revision):
            shown = _show(score, comment, revision)
            out["diff"].append(Difference("score", name, shown, stored))
    for key, logged in exp.scores.items():
        if key not in seen and logged is not UNKNOWN and key[0] in allocs:
            name = f"{allocs[key[0]]} — {key[1]}"
            out["diff"].append(Difference("score", name, _show(*logged), "no score"))


def _check_allocations(conn: Connection, exp: _Expected, allocs: dict, out: dict) -> None:
    al = tables.allocations
    rows = conn.execute(select(al.c.id, al.c.submission_id, al.c.assessor_id, al.c.status)).all()
    current = {(r.submission_id, r.assessor_id) for r in rows}
    if exp.pairs_checkable:
        out["checked"]["allocations"] += len(rows)
        for s, a in sorted(current - exp.pairs):
            out["diff"].append(Difference("allocation", f"{s}:{a}", "none", "an allocation"))
        for s, a in sorted(exp.pairs - current):
            out["diff"].append(Difference("allocation", f"{s}:{a}", "an allocation", "none"))
    else:
        out["not_checkable"]["allocations"] += len(rows)
    for r in rows:
        logged = exp.status.get(r.id)
        if logged is None and (r.submission_id, r.assessor_id) in exp.pack_pairs:
            continue
        logged = "allocated" if logged is None else logged
        if logged is not UNKNOWN and logged != r.status:
            name = f"{allocs.get(r.id, r.id)} (status)"
            out["diff"].append(Difference("allocation", name, logged, r.status))


def _check_moderation(conn: Connection, exp: _Expected, subs: dict, out: dict) -> None:
    ag, dc = tables.agreed_scores, tables.decisions
    agreed = {
        (r.submission_id, r.criterion_id): (r.score, r.revision) for r in conn.execute(select(ag))
    }
    out["checked"]["agreed scores"] += len(agreed)
    for key in sorted(set(agreed) | set(exp.agreed)):
        logged, stored = exp.agreed.get(key), agreed.get(key)
        if (
            logged is None
            or stored is None
            or logged[0] != stored[0]
            or logged[1] not in (None, stored[1])
        ):
            name = f"{subs.get(key[0], key[0])} — {key[1]}"
            show = lambda v: "none" if v is None else f"{v[0]} (revision {v[1]})"  # noqa: E731
            out["diff"].append(Difference("agreed score", name, show(logged), show(stored)))
    decided = {r.submission_id: (r.outcome, r.level_awarded) for r in conn.execute(select(dc))}
    out["checked"]["decisions"] += len(decided)
    for key in sorted(set(decided) | set(exp.decisions)):
        logged, stored = exp.decisions.get(key), decided.get(key)
        if logged != stored:
            show = lambda v: "no decision" if v is None else " / ".join(str(x) for x in v)  # noqa: E731
            out["diff"].append(
                Difference("decision", subs.get(key, str(key)), show(logged), show(stored))
            )


def replay(conn: Connection) -> ReplayReport:
    """Compare the tables with what the audit log says they hold; name every row that differs."""
    exp = expected_state(conn)
    allocs, subs = _names(conn)
    kinds = ("scores", "allocations", "agreed scores", "decisions")
    out: dict[str, Any] = {
        "checked": dict.fromkeys(kinds, 0), "not_checkable": dict.fromkeys(kinds, 0), "diff": [],
    }  # fmt: skip
    _check_scores(conn, exp, allocs, out)
    _check_allocations(conn, exp, allocs, out)
    _check_moderation(conn, exp, subs, out)
    return ReplayReport(out["checked"], out["not_checkable"], tuple(out["diff"]))
