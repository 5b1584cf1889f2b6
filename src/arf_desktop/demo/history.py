"""Demo history: an earlier, closed round decided for one trust, and one withdrawn submission."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from arf_desktop.demo.outcomes import PANEL, PANEL_WEEKS_AGO
from arf_desktop.demo.scoring import DEMO_ASSESSORS
from arf_desktop.domain.scoring import ALLOCATED
from arf_desktop.moderation.decide import decide
from arf_desktop.moderation.review import load_round
from arf_desktop.registers.rounds import (
    RoundDraft,
    create_round,
    list_rounds,
    set_dates,
    set_status,
)
from arf_desktop.registers.submissions import set_withdrawn
from arf_desktop.scoring.allocation import allocate, list_allocations
from arf_desktop.scoring.scores import apply_change, submit
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.submissions import add_version
from arf_desktop.storage.workspace import Workspace

EARLIER_ROUND = "2024/25 recognition round"
EARLIER_DATES = {
    "submission_deadline": "2024-10-31",
    "scoring_deadline": "2025-01-31",
    "panel_date": "2025-03-11",
    "resubmission_opens": "2025-04-01",
    "resubmission_closes": "2025-06-30",
}


def current_dates(today: date | None = None) -> dict[str, str]:
    """The demo round's dates around its panel, which met a week before the demo was built."""
    panel = (today or date.today()) - timedelta(weeks=PANEL_WEEKS_AGO)
    return {
        "submission_deadline": (panel - timedelta(weeks=16)).isoformat(),
        "scoring_deadline": (panel - timedelta(weeks=4)).isoformat(),
        "panel_date": panel.isoformat(),
        "resubmission_opens": (panel + timedelta(weeks=1)).isoformat(),
        "resubmission_closes": (panel + timedelta(weeks=13)).isoformat(),
    }


WITHDRAWN_REASON = "The trust asked to withdraw and resubmit in the next round."


def add_demo_history(location: Path, actor: str, seed: int = 2024) -> str | None:
    """Give the demo round its dates, add a closed earlier round in which the first decided
    trust was awarded Bronze, and withdraw one undecided submission. Returns that trust."""
    from arf_desktop.demo.workspace import synthetic_version

    with Workspace.open(location) as workspace:
        rounds = list_rounds(workspace)
        if not rounds or any(r.name == EARLIER_ROUND for r in rounds):
            return None
        current = rounds[0]
        set_dates(workspace, actor, current.name, **current_dates())
        entries = load_round(workspace, current.name).entries
        decided = sorted(e.facts.organisation for e in entries if e.decided)
        open_ones = sorted(e.facts.organisation for e in entries if not e.decided)
        if not decided:
            return None
        trust = decided[0]
        earlier = create_round(
            workspace, actor, RoundDraft(EARLIER_ROUND, framework_id=current.framework_id,
                                          **EARLIER_DATES)
        )  # fmt: skip
        with workspace.write(actor) as tx:
            framework = framework_repo.get_framework(tx.connection, earlier.framework_id)
            found = org_repo.find_organisation(tx.connection, trust)
            assert found is not None
            version = synthetic_version(
                random.Random(seed), framework, earlier.id, found.id, trust, "bronze"
            )
            add_version(tx, version)
        allocate(workspace, PANEL, EARLIER_ROUND, [a[0] for a in DEMO_ASSESSORS], 2)
        rows = list_allocations(workspace, EARLIER_ROUND)
        with workspace.write(PANEL) as tx:
            for row in rows:
                facts = allocation_repo.get_allocation(tx.connection, row.id)
                assert facts is not None and facts.status == ALLOCATED
                for criterion in framework.criteria_up_to(facts.level_applied):
                    apply_change(tx, facts, framework, criterion.id, "score", 2, "demo")
        for row in rows:
            submit(workspace, row.assessor, row.id)
        decide(workspace, PANEL, EARLIER_ROUND, trust, EARLIER_DATES["panel_date"], [PANEL])
        set_status(workspace, actor, EARLIER_ROUND, "closed")
        if open_ones:
            set_withdrawn(workspace, actor, current.name, open_ones[-1], WITHDRAWN_REASON, True)
        return trust
