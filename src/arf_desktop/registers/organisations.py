"""The organisation register as a service: seed, add, edit, deactivate — each audited."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

from arf_desktop import paths
from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.records import Organisation
from arf_desktop.storage import organisations as repo
from arf_desktop.storage.workspace import Workspace

ORG_TYPES = ("Trust", "ICB", "Regional team", "Other")


@dataclass(frozen=True)
class OrganisationDraft:
    """What the user typed for a new or edited organisation."""

    name: str
    icb: str | None = None
    org_type: str = "Trust"
    code: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None

    def cleaned(self) -> dict[str, str | None]:
        def tidy(value: str | None) -> str | None:
            value = " ".join((value or "").split())
            return value or None

        values = {
            "name": tidy(self.name),
            "icb": tidy(self.icb),
            "org_type": tidy(self.org_type) or "Trust",
            "code": tidy(self.code),
            "contact_name": tidy(self.contact_name),
            "contact_email": tidy(self.contact_email),
        }
        if not values["name"]:
            raise Refused("An organisation needs a name.")
        email = values["contact_email"]
        if email and ("@" not in email or " " in email):
            raise Refused(f"“{email}” does not look like an e-mail address.")
        return values


def seed_register(workspace: Workspace, actor: str) -> int:
    """Add the committed organisations from the bundled register that are not there yet."""
    data = json.loads(paths.resource("organisations.json").read_text(encoding="utf-8"))
    with workspace.write(actor) as tx:
        present = {o.name for o in repo.list_organisations(tx.connection)}
        rows = [
            {"name": item["name"], "icb": item["icb"], "org_type": item["type"]}
            for item in data["organisations"]
            if item["name"] not in present
        ]
        return repo.insert_many(tx, rows)


def add_organisation(workspace: Workspace, actor: str, draft: OrganisationDraft) -> Organisation:
    values = draft.cleaned()
    with workspace.write(actor) as tx:
        if repo.find_organisation(tx.connection, values["name"] or ""):
            raise Refused(f"An organisation called “{values['name']}” is already in the register.")
        organisation_id = repo.insert_organisation(tx, values)
        return repo.get_organisation(tx.connection, organisation_id)


def edit_organisation(
    workspace: Workspace, actor: str, organisation_id: int, draft: OrganisationDraft
) -> dict:
    values = draft.cleaned()
    with workspace.write(actor) as tx:
        clash = repo.find_organisation(tx.connection, values["name"] or "")
        if clash is not None and clash.id != organisation_id:
            raise Refused(f"Another organisation is already called “{values['name']}”.")
        return repo.update_organisation(tx, organisation_id, values)


def set_active(workspace: Workspace, actor: str, organisation_id: int, active: bool) -> dict:
    """Deactivate (or reactivate) an organisation; its history stays."""
    with workspace.write(actor) as tx:
        return repo.update_organisation(tx, organisation_id, {"active": active})


def list_all(workspace: Workspace) -> list[Organisation]:
    with workspace.read() as conn:
        return repo.list_organisations(conn)


def find_or_suggest(workspace: Workspace, name: str) -> Organisation:
    """The organisation with this name or ODS code; refused with the closest names."""
    with workspace.read() as conn:
        found = repo.find_organisation(conn, name)
        if found is not None:
            return found
        names = [o.name for o in repo.list_organisations(conn)]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    hint = f" Did you mean: {'; '.join(close)}?" if close else ""
    raise NotFound(f"“{name}” is not in the organisation register.{hint}")
