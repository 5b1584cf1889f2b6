"""Finding a person in text: one case-insensitive pattern, mentions, redaction, excerpts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from arf_desktop.domain.personal import normalise


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


def excerpt(text: str, pattern: re.Pattern[str] | None, width: int = 60) -> str:
    """A short piece of `text` around its first mention (the whole of a short text)."""
    text = " ".join(text.split())
    if len(text) <= width or pattern is None:
        return text
    found = pattern.search(text)
    start = max(0, (found.start() if found else 0) - width // 3)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
