"""A decided round built through the real services: Unicode names, every outcome, feedback."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from pathlib import Path

from arf_desktop.demo.workspace import synthetic_version
from arf_desktop.exporters.documents import Signatory
from arf_desktop.exporters.output_settings import save_output_settings
from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.decide import decide
from arf_desktop.registers.assessors import AssessorDraft, add_assessor
from arf_desktop.registers.frameworks import current_framework
from arf_desktop.registers.organisations import OrganisationDraft, add_organisation
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.registers.setup import init_workspace
from arf_desktop.scoring.allocation import allocate, list_allocations
from arf_desktop.scoring.scores import apply_change, submit
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.submissions import add_version
from arf_desktop.storage.workspace import Workspace

ROUND = "Spring 2025"
PANEL = "Panel chair"
PANEL_DATE = "2025-03-04"
ASSESSORS = ("Amara Okafor", "Łukasz Nowak")
GM = "NHS Greater Manchester ICB"
CM = "NHS Cheshire and Merseyside ICB"
NEW_ORGANISATIONS = {
    "Łódź and Wigan Community Partnership NHS Trust": GM,
    "Ассоциация здравоохранения Северо-Запада": CM,
    "Ελληνική Κοινότητα Υγείας Λίβερπουλ": CM,
    "Cộng đồng Việt Nam Manchester Health Partnership": GM,
}


@dataclass(frozen=True)
class Plan:
    """How one organisation's submission is scored, and the outcome that should follow."""

    level: str
    contact: str
    outcome: str
    awarded: str | None
    low: dict[int, int] = dataclasses.field(default_factory=dict)  # criterion index -> score
    top: tuple[int, ...] = ()  # criterion indexes both assessors score 3


PLANS = {
    "Łódź and Wigan Community Partnership NHS Trust": Plan(
        "bronze", "Siân Evans", "awarded", "Bronze", top=(0, 3)
    ),
    "Ассоциация здравоохранения Северо-Запада": Plan(
        "silver", "Ядвига Ковальчук", "minor_revisions", "Bronze", low={18: 1}
    ),
    "Ελληνική Κοινότητα Υγείας Λίβερπουλ": Plan(
        "bronze", "Γεωργία Παπαδοπούλου", "not_yet_awarded", None, low={1: 0, 2: 1, 5: 0}
    ),
    "Cộng đồng Việt Nam Manchester Health Partnership": Plan(
        "gold", "Nguyễn Thị Minh", "awarded", "Gold", top=(4,)
    ),
    "Bolton NHS Foundation Trust": Plan("silver", "Zoë Ó Briain", "awarded", "Silver"),
}
UNDECIDED = "East Cheshire NHS Trust"
JOB_TITLE = "Head of Equality, Diversity and Inclusion"
SIGNATORIES = (
    Signatory("Adaeze Nwosu", "Chair of the moderation panel"),
    Signatory("Tomasz Wiśniewski", "Programme lead, Anti-Racist Framework"),
)
FEEDBACK = "Exemplary: measured impact over two years, shared across the ICB."
GAP_FEEDBACK = "Board approval of the plan is not yet evidenced."


def build_decided_round(
    location: Path,
    plans: dict[str, Plan] | None = None,
    organisations: dict[str, str] | None = None,
) -> Path:
    """Create a workspace at `location` with five decided submissions and one still open
    (or with the `plans` given, for the `organisations` added to the register)."""
    plans = PLANS if plans is None else plans
    organisations = NEW_ORGANISATIONS if organisations is None else organisations
    init_workspace(location, PANEL)
    rng = random.Random(7)
    with Workspace.open(location) as workspace:
        save_output_settings(workspace, PANEL, signatories=list(SIGNATORIES))
        framework = current_framework(workspace)[1]  # type: ignore[index]
        created = create_round(workspace, PANEL, RoundDraft(ROUND, assessors_per_submission=2))
        for name, icb in organisations.items():
            add_organisation(workspace, PANEL, OrganisationDraft(name, icb, code=None))
        with workspace.read() as conn:
            register = {o.name: o for o in org_repo.list_organisations(conn)}
        with workspace.write(PANEL) as tx:
            for name, plan in [*plans.items(), (UNDECIDED, Plan("bronze", "A", "", None))]:
                version = synthetic_version(
                    rng, framework, created.id, register[name].id, name, plan.level
                )
                cover = {
                    **version.cover,
                    "Contact name": plan.contact,
                    "Contact job title": JOB_TITLE,
                }
                add_version(tx, dataclasses.replace(version, cover=cover))
        for assessor in ASSESSORS:
            add_assessor(workspace, PANEL, AssessorDraft(assessor))
        allocate(workspace, PANEL, ROUND, list(ASSESSORS), per_submission=2)
        rows = list_allocations(workspace, ROUND)
        with workspace.write(PANEL) as tx:
            for row in rows:
                if row.organisation == UNDECIDED:
                    continue
                plan = plans[row.organisation]
                facts = allocation_repo.get_allocation(tx.connection, row.id)
                assert facts is not None
                for index, criterion in enumerate(framework.criteria_up_to(plan.level)):
                    score = plan.low.get(index, 3 if index in plan.top else 2)
                    apply_change(tx, facts, framework, criterion.id, "score", score, "test")
                    if score < 2:
                        apply_change(tx, facts, framework, criterion.id, "comment", "Gap.", "test")
        for row in rows:
            if row.organisation != UNDECIDED:
                submit(workspace, row.assessor, row.id)
        for name, plan in plans.items():
            criteria = framework.criteria_up_to(plan.level)
            for index in plan.top:
                agree_score(workspace, PANEL, ROUND, name, criteria[index].id, 3, None, FEEDBACK)
            for index, score in plan.low.items():
                agree_score(
                    workspace, PANEL, ROUND, name, criteria[index].id, score, None, GAP_FEEDBACK
                )
        decide(workspace, PANEL, ROUND, panel_date=PANEL_DATE, members=[PANEL, "Zoë Ó Briain"])
    return location
