"""The assessor register as a service, and who is scoring in this workspace ("Who are you?")."""

from __future__ import annotations

from dataclasses import dataclass

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.scoring import Assessor
from arf_desktop.storage import assessors as repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.workspace import Workspace, WriteTx, put_setting

CURRENT_ASSESSOR_KEY = "scoring.assessor"


def tidy(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


@dataclass(frozen=True)
class AssessorDraft:
    """What the user typed for a new or edited assessor."""

    name: str
    organisation: str | None = None
    icb: str | None = None
    email: str | None = None


def _values(tx: WriteTx, draft: AssessorDraft) -> dict[str, object]:
    name = tidy(draft.name)
    if not name:
        raise Refused("An assessor needs a name.")
    if len(name) > 200:
        raise Refused("An assessor's name can be at most 200 characters.")
    email = tidy(draft.email)
    if email and ("@" not in email or " " in email):
        raise Refused(f"“{email}” does not look like an e-mail address.")
    organisation_id = None
    icb = tidy(draft.icb)
    if tidy(draft.organisation):
        organisation = org_repo.find_organisation(tx.connection, draft.organisation or "")
        if organisation is None:
            raise NotFound(
                f"There is no organisation called “{tidy(draft.organisation)}” in the register. "
                "Add it first, or check the spelling (`arf-desktop organisations` lists them)."
            )
        organisation_id = organisation.id
        icb = icb or organisation.icb
    if icb:
        known = {
            o.icb.casefold(): o.icb for o in org_repo.list_organisations(tx.connection) if o.icb
        }
        if icb.casefold() not in known:
            raise NotFound(
                f"“{icb}” is not an ICB in the organisation register "
                f"(ICBs: {', '.join(sorted(known.values()))})."
            )
        icb = known[icb.casefold()]
    return {"name": name, "organisation_id": organisation_id, "icb": icb, "email": email}


def add_assessor(workspace: Workspace, actor: str, draft: AssessorDraft) -> Assessor:
    with workspace.write(actor) as tx:
        values = _values(tx, draft)
        if repo.find_assessor(tx.connection, str(values["name"])):
            raise Refused(f"An assessor called “{values['name']}” is already in the register.")
        assessor_id = repo.insert_assessor(tx, values)
        found = repo.get_assessor(tx.connection, assessor_id)
    assert found is not None
    return found


def edit_assessor(workspace: Workspace, actor: str, assessor_id: int, draft: AssessorDraft) -> dict:
    with workspace.write(actor) as tx:
        values = _values(tx, draft)
        clash = repo.find_assessor(tx.connection, str(values["name"]))
        if clash is not None and clash.id != assessor_id:
            raise Refused(f"Another assessor is already called “{values['name']}”.")
        return repo.update_assessor(tx, assessor_id, values)


def set_active(workspace: Workspace, actor: str, assessor_id: int, active: bool) -> dict:
    with workspace.write(actor) as tx:
        return repo.update_assessor(tx, assessor_id, {"active": active})


def list_all(workspace: Workspace, include_inactive: bool = True) -> list[Assessor]:
    with workspace.read() as conn:
        return repo.list_assessors(conn, include_inactive)


def require_assessor(workspace: Workspace, name: str) -> Assessor:
    with workspace.read() as conn:
        found = repo.find_assessor(conn, name)
        if found is None:
            known = ", ".join(a.name for a in repo.list_assessors(conn)) or "none yet"
            raise NotFound(f"There is no assessor called “{name}” (assessors: {known}).")
        return found


def current_assessor(workspace: Workspace) -> Assessor | None:
    """Who said they are scoring in this workspace, if anyone has yet."""
    chosen = workspace.setting(CURRENT_ASSESSOR_KEY)
    if not chosen or not chosen.isdigit():
        return None
    with workspace.read() as conn:
        return repo.get_assessor(conn, int(chosen))


def set_current_assessor(workspace: Workspace, actor: str, assessor_id: int) -> Assessor:
    """Record "Who are you?" as a workspace setting (audited)."""
    with workspace.write(actor) as tx:
        found = repo.get_assessor(tx.connection, assessor_id)
        if found is None:
            raise NotFound("That assessor is no longer in the register.")
        put_setting(tx, CURRENT_ASSESSOR_KEY, str(assessor_id))
    return found
