"""Timestamps as the workspace stores them: ISO 8601 in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def compact_stamp() -> str:
    """A timestamp safe in file names, e.g. 20261128-013000."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
