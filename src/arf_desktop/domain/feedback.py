"""Feedback to organisations as plain rules: which criteria need it, and drafts from comments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from arf_desktop.domain.moderation import CriterionLine

SENTENCE_ENDS = (".", "!", "?", "…", ":", ";")
NAME_TRAILERS = ":–—-,; "


def needs_feedback(line: CriterionLine, threshold: int) -> bool:
    """A criterion below the threshold must carry the panel's feedback before a decision."""
    if line.effective is None or line.effective >= threshold:
        return False
    return not (line.agreed is not None and line.agreed.feedback.strip())


def _without_names(text: str, names: Iterable[str]) -> str:
    """The text with every assessor's full name taken out (with a colon or dash after it)."""
    for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
        folded, wanted = text.casefold(), name.casefold()
        start = folded.find(wanted)
        while start >= 0:
            end = start + len(name)
            while end < len(text) and text[end] in NAME_TRAILERS:
                end += 1
            text = text[:start] + text[end:]
            folded = text.casefold()
            start = folded.find(wanted)
    return text


def _key(text: str) -> str:
    """What two comments are compared by: words in lower case, without end punctuation."""
    return " ".join(text.casefold().split()).rstrip("".join(SENTENCE_ENDS) + " ")


def distinct_comments(comments: Iterable[str], names: Iterable[str] = ()) -> list[str]:
    """Comments once each, in order, without assessors' names.

    Empty comments go; a comment the same as another (ignoring case, spacing and the final
    full stop) or contained in a longer one is dropped in favour of the longer.
    """
    names = tuple(names)
    cleaned = [" ".join(_without_names(c, names).split()) for c in comments]
    kept: list[str] = []
    for text in cleaned:
        key = _key(text)
        if not key or any(key in _key(other) for other in kept):
            continue
        kept = [other for other in kept if _key(other) not in key]
        kept.append(text)
    return kept


def draft_feedback(comments: Iterable[str], names: Sequence[str] = ()) -> str:
    """The panel's draft feedback for one criterion, composed from what the assessors wrote.

    Each distinct comment becomes a sentence (a full stop is added where it has none);
    no assessor is named.
    """
    parts = []
    for text in distinct_comments(comments, names):
        text = text[0].upper() + text[1:]
        parts.append(text if text.endswith(SENTENCE_ENDS) else f"{text}.")
    return " ".join(parts)
