"""Small wording rules for messages: a sentence starts with a capital, the rest is kept."""

from __future__ import annotations


def sentence(text: str) -> str:
    """`text` with its first letter raised, every other letter as written.

    `str.capitalize` lowers the rest, turning "Spring 2026" into "spring 2026" and
    "/Users/Ann/Letters" into "/users/ann/letters"; this never does.
    """
    return text[:1].upper() + text[1:]
