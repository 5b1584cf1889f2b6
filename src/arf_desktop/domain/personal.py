"""Personal data rules: which audit fields are personal, how a person is matched and erased."""

from __future__ import annotations

from typing import Any

# Keys of audit details whose values are personal (names, e-mails, free text that may name
# people, file names); at any depth, the whole value under such a key is sealed.
PERSONAL_KEYS = frozenset(
    {
        "assessor",
        "assessor_scores",
        "assessors",
        "comment",
        "contact_email",
        "contact_name",
        "email",
        "feedback",
        "file_name",
        "members",
        "name",
        "note",
        "override_reason",
        "rationale",
        "reason",
        "recusals",
        "signatories",
        "source_name",
        "text",
    }
)
# Actions whose generic keys carry personal text (a comment's before and after, a setting).
PERSONAL_BY_ACTION: dict[str, frozenset[str]] = {
    "comment.change": frozenset({"from", "to"}),
    "setting.change": frozenset({"value"}),
}


def personal_keys(action: str) -> frozenset[str]:
    """The keys sealed in the details of an entry recording `action`."""
    return PERSONAL_KEYS | PERSONAL_BY_ACTION.get(action, frozenset())


def tombstone(day: str) -> str:
    """What an erased value reads as: `[erased 2026-12-03]`."""
    return f"[erased {day}]"


def normalise(value: str | None) -> str:
    """An identifier as matched: trimmed, inner spaces collapsed."""
    return " ".join((value or "").split())


def erase_all(value: Any, mark: str) -> Any:
    """The value with every string in it replaced by `mark` (numbers and structure kept)."""
    if isinstance(value, str):
        return mark
    if isinstance(value, dict):
        return {f"{mark} {n}": erase_all(v, mark) for n, v in enumerate(value.values(), 1)}
    if isinstance(value, list | tuple):
        return [erase_all(v, mark) for v in value]
    return value


class ErasedText(str):
    """A string read back from an erased audit value (a tombstone, or text with one in it)."""

    __slots__ = ()
