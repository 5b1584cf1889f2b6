"""The demo workspace: the draft framework, the register, a round imported from real workbooks."""

from __future__ import annotations

import hashlib
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

from arf_desktop.demo.calibration import add_demo_calibration
from arf_desktop.demo.outcomes import add_demo_decisions
from arf_desktop.demo.sample_workbooks import (
    SELF_ASSESSMENT,
    Answer,
    evidence_summary,
    fill_workbook,
    sample_answers,
)
from arf_desktop.domain.framework import Framework, Level
from arf_desktop.domain.records import Organisation
from arf_desktop.files.names import slug
from arf_desktop.importers.batch import import_paths
from arf_desktop.importers.template import build_template
from arf_desktop.registers.frameworks import current_framework
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.submissions import EvidenceRow, NewVersion
from arf_desktop.storage.workspace import Workspace

DEMO_ROUND = "2025/26 recognition round"
DEMO_USER = "Demo coordinator"
REVISED = 2  # organisations that send a revised workbook, so the demo shows versions
__all__ = ["DEMO_ROUND", "DEMO_USER", "build_demo", "synthetic_version"]


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
    """Create the demo workspace at `location` (only if it does not exist yet).

    Each submission is made the way a real one is: the blank template is generated, filled
    in as a trust would, saved with its evidence files, and imported by the importer.
    """
    if location.exists():
        return location
    init_workspace(location, DEMO_USER)
    rng = random.Random(seed)
    with Workspace.open(location) as workspace:
        found = current_framework(workspace)
        if found is None:
            raise RuntimeError("the demo workspace has no framework")
        framework = found[1]
        create_round(
            workspace,
            DEMO_USER,
            RoundDraft(DEMO_ROUND, opens_on="2025-04-01", closes_on="2026-03-31"),
        )
        with workspace.read() as conn:
            register = org_repo.list_organisations(conn)
        trusts = [o for o in register if o.org_type == "Trust"]
        chosen = rng.sample(trusts, min(submissions, len(trusts)))
        with tempfile.TemporaryDirectory(prefix="arf-demo-") as scratch:
            first, revised = Path(scratch) / "returns", Path(scratch) / "revised"
            for index, organisation in enumerate(chosen):
                level = rng.choices(framework.levels, weights=(6, 3, 1)[: len(framework.levels)])[0]
                folder = first / slug(organisation.name, keep_case=True)
                cover, answers = sample_answers(
                    rng, framework, organisation, level, folder / "Evidence"
                )
                if index == 1:  # one trust forgets to include a file it names
                    criterion = next(iter(answers))
                    answers[criterion] = (*answers[criterion][:2], "Board minutes.pdf")
                _save(framework, level, organisation, register, cover, answers, folder)
                if index >= REVISED:
                    continue
                for criterion in list(answers)[index + 2 : index + 4]:
                    _, summary, files = answers[criterion]
                    answers[criterion] = (
                        "Met",
                        summary + "\n\nUpdated after the panel's questions: evidence added.",
                        files,
                    )
                target = revised / slug(organisation.name, keep_case=True)
                (target / "Evidence").mkdir(parents=True)
                for evidence in (folder / "Evidence").glob("*"):
                    (target / "Evidence" / evidence.name).write_bytes(evidence.read_bytes())
                _save(framework, level, organisation, register, cover, answers, target)
            for batch in (first, revised):
                if batch.exists():
                    import_paths(workspace, DEMO_USER, [batch], DEMO_ROUND)
    add_demo_scoring(location)
    add_demo_decisions(location)
    from arf_desktop.demo.history import add_demo_history

    add_demo_history(location, DEMO_USER)
    add_demo_calibration(location, DEMO_USER)
    from arf_desktop.demo.exchange_check import add_demo_exchange
    from arf_desktop.demo.personal import add_demo_person
    from arf_desktop.demo.retention import add_demo_old_round

    add_demo_exchange(location, DEMO_USER, DEMO_ROUND)
    add_demo_old_round(location, DEMO_USER)
    add_demo_person(location, DEMO_USER)
    return location


def add_demo_scoring(location: Path) -> None:
    """Assessors, a conflict, allocations and part-finished scoring for the demo round."""
    from arf_desktop.demo.scoring import add_demo_scoring as add_scoring

    add_scoring(location, DEMO_USER)


def _save(
    framework: Framework,
    level: Level,
    organisation: Organisation,
    register: Sequence[Organisation],
    cover: dict[str, object],
    answers: dict[str, Answer],
    folder: Path,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    workbook = build_template(framework, level, organisation, register)
    fill_workbook(workbook, cover, answers)
    path = folder / f"{slug(organisation.name, keep_case=True)} ARF submission.xlsx"
    workbook.save(path)
    return path
