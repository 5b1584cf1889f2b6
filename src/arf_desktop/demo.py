"""The demo workspace: the draft framework, the register and a sample round of synthetic content."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from arf_desktop.domain.framework import Criterion, Framework
from arf_desktop.registers.frameworks import current_framework
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.submissions import EvidenceRow, NewVersion, add_version
from arf_desktop.storage.workspace import Workspace

DEMO_ROUND = "2025/26 recognition round"
DEMO_USER = "Demo coordinator"

OPENINGS = (
    "The board approved",
    "Since April 2024 we have",
    "Our executive team agreed and",
    "Working with our race equality network we",
    "Following the staff survey results we",
)
ACTIONS = (
    "published the statement on our website and in the staff bulletin",
    "set out owners, dates and measures for each action in the plan",
    "held quarterly listening events with ethnic minority colleagues",
    "reviewed the policy with the network and changed two steps",
    "reported progress to the People Committee twice a year",
    "trained 412 managers, 68% of those in scope, by March",
)
CLOSINGS = (
    "Board minutes and the paper are attached.",
    "Evidence of the changes that followed is in the files listed.",
    "We know we still need to reach night and weekend staff.",
    "Uptake figures by directorate are in the appendix.",
    "",
)
SELF_ASSESSMENT = ("Met", "Met", "Met", "Partially met", "Not yet met")


def evidence_summary(rng: random.Random, organisation: str, criterion: Criterion) -> str:
    sentences = [
        f"{criterion.title}: {rng.choice(OPENINGS).lower()} {rng.choice(ACTIONS)}.",
        f"At {organisation} this covers {rng.randint(2, 9)} directorates.",
        rng.choice(CLOSINGS),
    ]
    if rng.random() < 0.3:
        sentences.append(" ".join([rng.choice(ACTIONS).capitalize() + "."] * rng.randint(2, 5)))
    return " ".join(s for s in sentences if s).strip()


def synthetic_version(
    rng: random.Random,
    framework: Framework,
    round_id: int,
    organisation_id: int,
    organisation: str,
    level: str,
) -> NewVersion:
    rows = []
    files: dict[str, bytes] = {}
    for criterion in framework.criteria_up_to(level):
        names: tuple[str, ...] = ()
        if rng.random() < 0.5:
            name = f"{criterion.id.lower()}-evidence.txt"
            files[name] = f"{organisation}\n{criterion.title}\nSupporting evidence.\n".encode()
            names = (name,)
        rows.append(
            EvidenceRow(
                criterion_id=criterion.id,
                self_assessment=rng.choice(SELF_ASSESSMENT),
                summary=evidence_summary(rng, organisation, criterion),
                files=names,
            )
        )
    cover = {
        "Organisation": organisation,
        "Level applied for": framework.level(level).name,
        "Contact name": rng.choice(("Amara Okafor", "Łukasz Nowak", "Priya Patel", "Siân Evans")),
        "Contact email": "edi.lead@example.nhs.uk",
        "Submission date": f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
    }
    digest = hashlib.sha256(f"demo|{organisation}|{level}".encode()).hexdigest()
    return NewVersion(
        round_id=round_id,
        organisation_id=organisation_id,
        level_applied=level,
        cover=cover,
        source_name=f"{organisation} - ARF submission.xlsx",
        source_sha256=digest,
        template_version="1",
        rows=tuple(rows),
        files=files,
    )


def build_demo(location: Path, submissions: int = 18, seed: int = 2025) -> Path:
    """Create the demo workspace at `location` (only if it does not exist yet)."""
    if location.exists():
        return location
    init_workspace(location, DEMO_USER)
    rng = random.Random(seed)
    with Workspace.open(location) as workspace:
        found = current_framework(workspace)
        if found is None:
            raise RuntimeError("the demo workspace has no framework")
        framework = found[1]
        demo_round = create_round(
            workspace,
            DEMO_USER,
            RoundDraft(DEMO_ROUND, opens_on="2025-04-01", closes_on="2026-03-31"),
        )
        with workspace.read() as conn:
            trusts = [o for o in org_repo.list_organisations(conn) if o.org_type == "Trust"]
        levels = [level.id for level in framework.levels]
        with workspace.write(DEMO_USER) as tx:
            for organisation in rng.sample(trusts, min(submissions, len(trusts))):
                level = rng.choices(levels, weights=(6, 3, 1)[: len(levels)])[0]
                add_version(
                    tx,
                    synthetic_version(
                        rng, framework, demo_round.id, organisation.id, organisation.name, level
                    ),
                )
    add_demo_scoring(location)
    return location


def add_demo_scoring(location: Path) -> None:
    """Assessors, a conflict, allocations and part-finished scoring for the demo round."""
    from arf_desktop.scoring.demo_data import add_demo_scoring as add_scoring

    add_scoring(location, DEMO_USER)
