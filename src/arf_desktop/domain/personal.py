"""Personal data rules: which audit fields are personal, how a person is matched and erased."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def matcher(identifiers: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for every identifier (longest first), or None."""
    words = sorted({normalise(i) for i in identifiers if normalise(i)}, key=len, reverse=True)
    if not words:
        return None
    parts = [r"\s+".join(re.escape(w) for w in word.split(" ")) for word in words]
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)


def mentions(text: Any, pattern: re.Pattern[str] | None) -> bool:
    """Whether a value (a string, or strings and keys within lists and dicts) names the person."""
    if pattern is None:
        return False
    if isinstance(text, str):
        return pattern.search(text) is not None
    if isinstance(text, dict):
        return any(mentions(k, pattern) or mentions(v, pattern) for k, v in text.items())
    if isinstance(text, list | tuple):
        return any(mentions(v, pattern) for v in text)
    return False


def redact(value: Any, pattern: re.Pattern[str] | None, mark: str) -> Any:
    """The value with every mention replaced by `mark` (strings, and within lists and dicts)."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(mark, value)
    if isinstance(value, dict):
        return {redact(k, pattern, mark): redact(v, pattern, mark) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, pattern, mark) for v in value]
    return value


def erase_all(value: Any, mark: str) -> Any:
    """The value with every string in it replaced by `mark` (numbers and structure kept)."""
    if isinstance(value, str):
        return mark
    if isinstance(value, dict):
        return {f"{mark} {n}": erase_all(v, mark) for n, v in enumerate(value.values(), 1)}
    if isinstance(value, list | tuple):
        return [erase_all(v, mark) for v in value]
    return value


def excerpt(text: str, pattern: re.Pattern[str] | None, width: int = 60) -> str:
    """A short piece of `text` around its first mention (the whole of a short text)."""
    text = " ".join(text.split())
    if len(text) <= width or pattern is None:
        return text
    found = pattern.search(text)
    start = max(0, (found.start() if found else 0) - width // 3)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


class ErasedText(str):
    """A string read back from an erased audit value (a tombstone, or text with one in it)."""

    __slots__ = ()
