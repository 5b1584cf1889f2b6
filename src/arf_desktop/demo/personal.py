"""The demo's named contact in several places, so finding and erasing a person has content."""

from __future__ import annotations

from pathlib import Path

from arf_desktop.registers import organisations
from arf_desktop.registers.organisations import OrganisationDraft
from arf_desktop.registers.person_records import locate
from arf_desktop.scoring.comment_bank import add_to_bank
from arf_desktop.storage.workspace import Workspace

DEMO_PERSON = "Siân Evans"
DEMO_EMAIL = "sian-evans@example.nhs.uk"
BANKED = f"Confirmed by phone with {DEMO_PERSON}, the trust's EDI lead: the minutes are final."


def add_demo_person(location: Path, actor: str) -> None:
    """Make the contact named on cover sheets the register's contact too, and bank a comment."""
    with Workspace.open(location) as workspace:
        held = locate(workspace, email=DEMO_EMAIL)
        covers = [r.value for r in held.records if r.table == "submission_versions"]
        register = {o.name: o for o in organisations.list_all(workspace)}
        for cover in covers[:3]:
            found = register.get(cover.get("Organisation", ""))
            if found is None or found.contact_email == DEMO_EMAIL:
                continue
            draft = OrganisationDraft(
                found.name, found.icb, found.org_type, found.code, DEMO_PERSON, DEMO_EMAIL
            )
            organisations.edit_organisation(workspace, actor, found.id, draft)
        if covers:
            add_to_bank(workspace, actor, "B-P2-01", BANKED)
