"""A workspace where one person appears in every place personal data is held, built by services."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from arf_desktop.demo.workspace import synthetic_version
from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.decide import decide
from arf_desktop.registers.assessors import AssessorDraft, add_assessor
from arf_desktop.registers.frameworks import current_framework
from arf_desktop.registers.interests import ConflictDraft, add_conflict
from arf_desktop.registers.organisations import OrganisationDraft, add_organisation
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.registers.setup import init_workspace
from arf_desktop.scoring.allocation import allocate, list_allocations
from arf_desktop.scoring.scores import apply_change, submit
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import audit, audit_seal, tables
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.backups import copy_database
from arf_desktop.storage.submissions import EvidenceRow, add_version
from arf_desktop.storage.workspace import Workspace

PERSON = "Siân Evans"
EMAIL = "Sian.Evans@example.nhs.uk"
PANEL = "Panel chair"
ROUND = "Spring 2026"
ASSESSORS = ("Amara Okafor", "Łukasz Nowak")
CONTACT_ORG = "Wigan Test Partnership NHS Trust"
OTHER_ORG = "Bolton NHS Foundation Trust"
GM = "NHS Greater Manchester ICB"
STORY = f"{PERSON} staff story.txt"
COMMENT = f"Spoke to {PERSON.upper()}, who confirmed the board approved the plan."
RATIONALE = "Minutes sent by siân evans on 3 March; the panel agreed a 3."
FEEDBACK = f"Thank you to {PERSON} for the clear, dated evidence."
CONFLICT = f"{PERSON}'s former team; declared by {PERSON}"
TITLE = "Head of Equality, Diversity and Inclusion"
# Each place the person must be found: (table, field).
PLACES = {
    ("organisations", "contact_name"),
    ("organisations", "contact_email"),
    ("submission_versions", "cover"),
    ("assessors", "name"),
    ("assessors", "email"),
    ("conflicts", "reason"),
    ("scores", "comment"),
    ("agreed_scores", "rationale"),
    ("agreed_scores", "feedback"),
    ("decisions", "members"),
    ("evidence_links", "name"),
    ("audit_values", "value"),
    ("decisions", "letter"),
}


def _version(framework, round_id: int, org_id: int, name: str, contact: str) -> object:
    version = synthetic_version(random.Random(3), framework, round_id, org_id, name, "bronze")
    first = version.rows[0]
    rows = (dataclasses.replace(first, files=(STORY,)), *version.rows[1:])
    assert isinstance(first, EvidenceRow)
    cover = {
        **version.cover,
        "Contact name": contact,
        "Contact job title": TITLE,
        "Contact email": EMAIL if contact == PERSON else "edi.lead@example.nhs.uk",
    }
    files = {**version.files, STORY: b"A story told by a member of staff.\n"}
    return dataclasses.replace(version, rows=rows, cover=cover, files=files)


def build_person_workspace(location: Path) -> Path:
    """Two organisations (the person is one's contact), scored, agreed and decided."""
    init_workspace(location, PANEL)
    with Workspace.open(location) as workspace:
        framework = current_framework(workspace)[1]  # type: ignore[index]
        created = create_round(workspace, PANEL, RoundDraft(ROUND, assessors_per_submission=2))
        add_organisation(
            workspace, PANEL,
            OrganisationDraft(CONTACT_ORG, GM, contact_name=PERSON, contact_email=EMAIL),
        )  # fmt: skip
        with workspace.read() as conn:
            register = {o.name: o for o in org_repo.list_organisations(conn)}
        with workspace.write(PANEL) as tx:
            for name, contact in ((CONTACT_ORG, PERSON), (OTHER_ORG, "Priya Patel")):
                add_version(tx, _version(framework, created.id, register[name].id, name, contact))
        add_assessor(workspace, PERSON, AssessorDraft(PERSON, email=EMAIL))
        for assessor in ASSESSORS:
            add_assessor(workspace, PANEL, AssessorDraft(assessor))
        add_conflict(workspace, PANEL, ConflictDraft(PERSON, OTHER_ORG, CONFLICT))
        allocate(workspace, PANEL, ROUND, list(ASSESSORS), per_submission=2)
        criteria = framework.criteria_up_to("bronze")
        with workspace.write(PANEL) as tx:
            for row in list_allocations(workspace, ROUND):
                facts = allocation_repo.get_allocation(tx.connection, row.id)
                assert facts is not None
                for criterion in criteria:
                    apply_change(tx, facts, framework, criterion.id, "score", 2, "test")
                if row.organisation == CONTACT_ORG and row.assessor == ASSESSORS[0]:
                    apply_change(tx, facts, framework, criteria[0].id, "comment", COMMENT, "test")
        for row in list_allocations(workspace, ROUND):
            submit(workspace, row.assessor, row.id)
        agree_score(workspace, PANEL, ROUND, CONTACT_ORG, criteria[0].id, 3, RATIONALE, FEEDBACK)
        decide(workspace, PANEL, ROUND, panel_date="2026-03-04", members=[PANEL, PERSON])
    return location


@pytest.fixture(scope="session")
def person_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_person_workspace(tmp_path_factory.mktemp("person") / "template.arfdb")


@pytest.fixture
def person_db(person_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the workspace where the person appears everywhere."""
    return copy_database(person_template, tmp_path / "workspace.arfdb")


@pytest.fixture
def legacy_db(person_db: Path) -> Iterator[Path]:
    """The same workspace as an earlier release wrote it: values in the hashed entries."""
    make_legacy(person_db)
    yield person_db


def make_legacy(path: Path) -> None:
    """Rewrite the audit log as entries written before sealing (values in the details)."""
    from arf_desktop.domain.framework import canonical_json

    with Workspace.open(path) as workspace, workspace.write("test") as tx:
        conn = tx.connection
        values = audit_seal.load_values(conn)
        prev = audit.GENESIS
        rows = list(audit.iter_rows(conn))
        for row in rows:
            import json

            details = canonical_json(audit_seal.resolve(json.loads(row.details), row.seq, values))
            actor = audit_seal.resolve_actor(row.actor, row.seq, values)
            digest = audit.entry_hash(
                row.seq, row.at, actor, row.action, row.entity, row.entity_id, details, prev
            )
            conn.execute(
                tables.audit_log.update()
                .where(tables.audit_log.c.seq == row.seq)
                .values(actor=actor, details=details, prev_hash=prev, hash=digest)
            )
            prev = digest
        conn.execute(tables.audit_values.delete())
        audit.store_head(conn, rows[-1].seq, prev)
