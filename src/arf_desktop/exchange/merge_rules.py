"""The merge rule for one score (or submit state) as plain data: what a returned record does.

For the records of returns alone the result depends only on the set of records seen, never
on their order or batching: per score the highest revision wins; two different values at
that revision are an edit clash (held back until a moderator chooses); lower revisions are
ignored. A value changed in this workspace since the last merge from the assessor is never
overwritten: a different returned value is queued as an edit clash beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

RETURN = "return"
WORKSPACE = "workspace"
SAME_REVISION = "same_revision"
CHANGED_HERE = "changed_here"

OLDER = "older"
UNCHANGED = "unchanged"
REBASE = "rebase"  # the stored value already equals the record: only the merge base moves
APPLY = "apply"
OPEN = "open"  # open an edit clash and hold the value back
WIDEN = "widen"  # another candidate for an open edit clash
REPLACE = "replace"  # a newer returned value replaces the return's candidate
SUPERSEDE = "supersede"  # a newer returned value settles a clash between returns


@dataclass(frozen=True)
class Candidate:
    """One value a moderator may choose: from a return (with its revision) or this workspace."""

    source: str
    revision: int
    content: str  # canonical JSON of the value

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "revision": self.revision, "content": self.content}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        return cls(data["source"], int(data["revision"]), data["content"])


@dataclass(frozen=True)
class KeyState:
    """What this workspace knows about one score before a record is merged."""

    base_revision: int | None  # the assessor's revision last merged (None: never)
    base_content: str | None
    stored: str | None  # canonical JSON of the stored value (None: nothing stored)
    changed_here: bool  # changed in this workspace since the last merge from the assessor
    open_revision: int | None = None
    open_kind: str | None = None
    open_candidates: tuple[Candidate, ...] = ()
    settled: tuple[tuple[int, frozenset[str]], ...] = ()  # resolved: (revision, returned values)


@dataclass(frozen=True)
class Decision:
    action: str
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)
    kind: str | None = None


def decide(state: KeyState, revision: int, content: str) -> Decision:
    """What merging one returned value (assessor's revision and content) should do."""
    incoming = Candidate(RETURN, revision, content)
    if state.open_revision is not None:
        return _with_open_clash(state, incoming)
    if state.base_revision is not None and revision < state.base_revision:
        return Decision(OLDER)
    if state.base_revision is not None and revision == state.base_revision:
        if content == state.base_content or _settled(state, revision, content):
            return Decision(UNCHANGED)
        candidates = [Candidate(RETURN, revision, state.base_content or ""), incoming]
        if state.changed_here and state.stored not in (state.base_content, content):
            here = Candidate(WORKSPACE, 0, state.stored or "")
            return Decision(OPEN, (here, *candidates), CHANGED_HERE)
        return Decision(OPEN, tuple(candidates), SAME_REVISION)
    if state.stored == content:
        return Decision(REBASE)
    if not state.changed_here:
        return Decision(APPLY)
    return Decision(OPEN, (Candidate(WORKSPACE, 0, state.stored or ""), incoming), CHANGED_HERE)


def _settled(state: KeyState, revision: int, content: str) -> bool:
    return any(r == revision and content in values for r, values in state.settled)


def _with_open_clash(state: KeyState, incoming: Candidate) -> Decision:
    assert state.open_revision is not None
    returned = [c for c in state.open_candidates if c.source == RETURN]
    if incoming.revision < state.open_revision:
        return Decision(OLDER)
    if incoming.revision == state.open_revision:
        if incoming.content in {c.content for c in returned}:
            return Decision(UNCHANGED)
        return Decision(WIDEN, (*state.open_candidates, incoming), state.open_kind)
    if state.open_kind == SAME_REVISION:
        return Decision(SUPERSEDE)
    here = [c for c in state.open_candidates if c.source == WORKSPACE]
    if any(c.content == incoming.content for c in here):
        return Decision(SUPERSEDE)
    return Decision(REPLACE, (*here, incoming), CHANGED_HERE)


def winner(records: Sequence[tuple[int, str]]) -> tuple[int, frozenset[str]]:
    """The outcome the rule reaches for a set of (revision, content) records of one score."""
    top = max(revision for revision, _ in records)
    return top, frozenset(content for revision, content in records if revision == top)
