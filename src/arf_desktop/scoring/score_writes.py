"""The one door for writing a score row: it works out the revision and the audit entry.

Every path that changes a score comes through `save_score`: the assessor's edits (window,
command line, scoring sheets), merged score returns, resolved edit clashes and work packs
seeding the values the coordinator already holds. Only this module calls the storage
writer (tests/scoring/test_score_writes.py walks the package to keep it so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from arf_desktop.storage import scores as repo
from arf_desktop.storage.scores import StoredScore
from arf_desktop.storage.workspace import WriteTx

UNREAD = object()  # `save_score` reads the stored row itself


@dataclass(frozen=True)
class ScoreAudit:
    """The audit entry a write carries: its action and details (the door adds the revision)."""

    action: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ScoreSaved:
    """What one write did: the row before it, the revision now stored and when."""

    before: StoredScore | None
    revision: int
    at: str


def save_score(
    tx: WriteTx,
    allocation_id: int,
    criterion_id: str,
    score: int | None,
    comment: str,
    *,
    source: str,
    audit: ScoreAudit | None,
    revision: int | None = None,
    pending: list[dict[str, Any]] | None = None,
    before: StoredScore | object | None = UNREAD,
) -> ScoreSaved:
    """Store one score row inside `tx`, with its new revision and its audit entry.

    The revision is the stored one plus one (1 for a new row) unless `revision` is given:
    a work pack keeps the revision the coordinator sent. `audit` None means the caller
    records one entry of its own that covers this write (a resolved edit clash, a work
    pack). With `pending`, the entry is collected there for one bulk append at the end of
    a large merge instead of being appended at once. `before` is the row as the caller has
    just read it inside `tx` (None: there is none), so it is not read again.
    """
    if before is UNREAD:
        before = repo.get_score(tx.connection, allocation_id, criterion_id)
    assert before is None or isinstance(before, StoredScore)
    if revision is None:
        revision = before.revision + 1 if before is not None else 1
    at = repo.write_score(
        tx, allocation_id, criterion_id, score, comment, revision, source, before is None
    )
    if audit is not None:
        entry = {
            "action": audit.action,
            "entity": "score",
            "entity_id": f"{allocation_id}:{criterion_id}",
            "details": {
                **audit.details,
                "revision": revision,
                "value": {"score": score, "comment": comment},  # what `audit verify` replays
            },
        }
        if pending is None:
            tx.audit(**entry)
        else:
            pending.append(entry)
    return ScoreSaved(before, revision, at)
