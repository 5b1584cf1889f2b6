"""Demo retention: a round from years ago, decided and closed, its data now due for removal."""

from __future__ import annotations

import random
from pathlib import Path

from arf_desktop.demo.outcomes import PANEL
from arf_desktop.demo.scoring import DEMO_ASSESSORS
from arf_desktop.moderation.decide import decide
from arf_desktop.registers.rounds import RoundDraft, create_round, list_rounds, set_status
from arf_desktop.scoring.allocation import allocate, list_allocations
from arf_desktop.scoring.scores import apply_change, submit
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.submissions import add_version, submission_rows
from arf_desktop.storage.workspace import Workspace

OLD_ROUND = "2019/20 recognition round"
OLD_DATES = {
    "submission_deadline": "2019-10-31",
    "scoring_deadline": "2020-01-31",
    "panel_date": "2020-03-10",
    "resubmission_opens": "2020-04-01",
    "resubmission_closes": "2020-06-30",
}
OLD_CONTACT = ("Gwen Roberts", "gwen.roberts@example.nhs.uk")


def add_demo_old_round(location: Path, actor: str, seed: int = 2019) -> str | None:
    """Add a round from 2019/20 in which one trust that has not taken part since was awarded
    Bronze: its evidence, scores, submission and contact details are all due for removal."""
    from arf_desktop.demo.workspace import synthetic_version

    with Workspace.open(location) as workspace:
        rounds = list_rounds(workspace)
        if not rounds or any(r.name == OLD_ROUND for r in rounds):
            return None
        old = create_round(
            workspace, actor,
            RoundDraft(OLD_ROUND, framework_id=rounds[0].framework_id, **OLD_DATES),
        )  # fmt: skip
        with workspace.write(actor) as tx:
            taken = {row.organisation for row in submission_rows(tx.connection)}
            trust = next(
                o for o in org_repo.list_organisations(tx.connection)
                if o.org_type == "Trust" and o.name not in taken
            )  # fmt: skip
            org_repo.update_organisation(tx, trust.id, dict(zip(
                ("contact_name", "contact_email"), OLD_CONTACT, strict=True)))  # fmt: skip
            framework = framework_repo.get_framework(tx.connection, old.framework_id)
            rng = random.Random(seed)
            add_version(tx, synthetic_version(rng, framework, old.id, trust.id, trust.name,
                                              "bronze"))  # fmt: skip
        allocate(workspace, PANEL, OLD_ROUND, [a[0] for a in DEMO_ASSESSORS], 2)
        rows = list_allocations(workspace, OLD_ROUND)
        with workspace.write(PANEL) as tx:
            for row in rows:
                facts = allocation_repo.get_allocation(tx.connection, row.id)
                assert facts is not None
                for criterion in framework.criteria_up_to(facts.level_applied):
                    apply_change(tx, facts, framework, criterion.id, "score", 2, "demo")
        for row in rows:
            submit(workspace, row.assessor, row.id)
        decide(workspace, PANEL, OLD_ROUND, trust.name, OLD_DATES["panel_date"], [PANEL])
        set_status(workspace, actor, OLD_ROUND, "closed")
        return trust.name
