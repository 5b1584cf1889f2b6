"""Concurrent writers on one workspace: no lost update, no error shown, audit chain intact."""

from __future__ import annotations

import os

from tests.moderation.conftest import moderation_round, uniform  # noqa: F401
from tests.storage.concurrent_panel import run_panel

SECONDS = float(os.environ.get("ARF_CONCURRENCY_SECONDS", "6"))


def test_five_assessors_and_a_moderator_at_once(moderation_round) -> None:  # noqa: F811
    figures = run_panel(moderation_round, SECONDS)
    print(
        f"\n{moderation_round.workspace.engine.dialect.name}: {figures.transactions} transactions "
        f"in {figures.seconds:.1f} s, {figures.retries} retries, "
        f"{figures.audit_entries} audit entries verified"
    )
    assert figures.transactions > 6
