"""Rounds: create, rename, close, reopen and delete them, find one by name; each change audited."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields
from datetime import date

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.records import Round
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import rounds as repo
from arf_desktop.storage.workspace import Workspace, WriteTx


@dataclass(frozen=True)
class RoundDraft:
    name: str
    opens_on: str | None = None
    closes_on: str | None = None
    assessors_per_submission: int = 2
    same_icb_conflict: bool = False
    framework_id: int | None = None
    submission_deadline: str | None = None
    scoring_deadline: str | None = None
    panel_date: str | None = None
    resubmission_opens: str | None = None
    resubmission_closes: str | None = None


DATE_FIELDS = (
    "opens_on",
    "closes_on",
    "submission_deadline",
    "scoring_deadline",
    "panel_date",
    "resubmission_opens",
    "resubmission_closes",
)
OPEN, CLOSED = "open", "closed"


def _check_dates(draft: RoundDraft) -> dict[str, str | None]:
    """The draft's dates, each refused unless it is written YYYY-MM-DD."""
    found: dict[str, str | None] = {}
    for item in fields(draft):
        if item.name not in DATE_FIELDS:
            continue
        value = (getattr(draft, item.name) or "").strip() or None
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                label = item.name.replace("_", " ")
                raise Refused(
                    f"“{value}” is not a date: write the {label} as YYYY-MM-DD."
                ) from None
            if len(value) != 10:
                raise Refused(f"“{value}” is not a date: write it as YYYY-MM-DD.")
        found[item.name] = value
    opens, closes = found["resubmission_opens"], found["resubmission_closes"]
    if opens and closes and closes < opens:
        raise Refused("The resubmission window closes before it opens.")
    return found


def create_round_in(tx: WriteTx, draft: RoundDraft) -> Round:
    """Create a round inside an existing write (used by imports that name a new round)."""
    name = " ".join(draft.name.split())
    if not name:
        raise Refused("A round needs a name.")
    if repo.find_round(tx.connection, name):
        raise Refused(f"A round called “{name}” already exists.")
    if not 1 <= draft.assessors_per_submission <= 10:
        raise Refused("Assessors per submission must be between 1 and 10.")
    framework_id = draft.framework_id or framework_repo.current_framework_id(tx.connection)
    if framework_id is None:
        raise Refused("Load a framework before creating a round.")
    round_id = repo.insert_round(
        tx,
        {
            "name": name,
            "framework_id": framework_id,
            "assessors_per_submission": draft.assessors_per_submission,
            "same_icb_conflict": draft.same_icb_conflict,
            "status": OPEN,
            **_check_dates(draft),
        },
    )
    return repo.get_round(tx.connection, round_id)


def create_round(workspace: Workspace, actor: str, draft: RoundDraft) -> Round:
    with workspace.write(actor) as tx:
        return create_round_in(tx, draft)


def require_round(workspace: Workspace, name: str) -> Round:
    with workspace.read() as conn:
        found = repo.find_round(conn, name)
        if found is None:
            raise NotFound(unknown_round_message(name, repo.list_rounds(conn)))
        return found


def closest_names(name: str, rounds: list[Round]) -> list[str]:
    """The round names nearest to a mistyped one, best first."""
    names = [r.name for r in rounds]
    by_fold = {n.casefold(): n for n in names}
    wanted = " ".join(name.split()).casefold()
    close = difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0.5)
    close += [key for key in by_fold if wanted and (wanted in key or key in wanted)]
    return list(dict.fromkeys(by_fold[key] for key in close))


def unknown_round_message(name: str, rounds: list[Round]) -> str:
    close = closest_names(name, rounds)
    if close:
        return (
            f"There is no round called “{name}”. Did you mean: "
            + "; ".join(f"“{n}”" for n in close)
            + "?"
        )
    known = ", ".join(f"“{r.name}”" for r in rounds) or "none yet"
    return f"There is no round called “{name}” (rounds: {known})."


def _named(tx: WriteTx, name: str) -> Round:
    found = repo.find_round(tx.connection, name)
    if found is None:
        raise NotFound(unknown_round_message(name, repo.list_rounds(tx.connection)))
    return found


def rename_round(workspace: Workspace, actor: str, name: str, new_name: str) -> Round:
    """Give a round a new name; refused when another round already has it."""
    new_name = " ".join(new_name.split())
    if not new_name:
        raise Refused("A round needs a name.")
    with workspace.write(actor) as tx:
        chosen = _named(tx, name)
        clash = repo.find_round(tx.connection, new_name)
        if clash is not None and clash.id != chosen.id:
            raise Refused(f"A round called “{clash.name}” already exists.")
        repo.update_round(tx, chosen.id, {"name": new_name}, "rename")
        return repo.get_round(tx.connection, chosen.id)


def set_status(workspace: Workspace, actor: str, name: str, status: str) -> Round:
    """Close a round (no more imports) or reopen it."""
    with workspace.write(actor) as tx:
        chosen = _named(tx, name)
        if chosen.status == status:
            word = "closed" if status == CLOSED else "open"
            raise Refused(f"The round “{chosen.name}” is already {word}.")
        repo.update_round(
            tx, chosen.id, {"status": status}, "close" if status == CLOSED else "reopen"
        )
        return repo.get_round(tx.connection, chosen.id)


def set_dates(workspace: Workspace, actor: str, name: str, **dates: str | None) -> Round:
    """Change some of a round's dates (those given); each is checked as YYYY-MM-DD."""
    with workspace.write(actor) as tx:
        chosen = _named(tx, name)
        merged = {key: getattr(chosen, key) for key in DATE_FIELDS}
        merged.update({k: v for k, v in dates.items() if v is not None})
        checked = _check_dates(RoundDraft(chosen.name, **merged))
        repo.update_round(tx, chosen.id, checked, "dates")
        return repo.get_round(tx.connection, chosen.id)


def delete_round(workspace: Workspace, actor: str, name: str) -> str:
    """Delete an empty round; refused naming what it still holds."""
    with workspace.write(actor) as tx:
        chosen = _named(tx, name)
        held = repo.round_holdings(tx.connection, chosen.id)
        organisations = held["submissions"]
        assert isinstance(organisations, list)
        if organisations:
            shown = ", ".join(organisations[:5]) + (" …" if len(organisations) > 5 else "")
            raise Refused(
                f"The round “{chosen.name}” holds {len(organisations)} submission"
                f"{'s' if len(organisations) != 1 else ''} ({shown}); only an empty round "
                "can be deleted (withdrawn submissions stay in their round)."
            )
        if held["exchange_records"]:
            raise Refused(
                f"The round “{chosen.name}” holds {held['exchange_records']} work-pack or "
                "score-return records; only an empty round can be deleted."
            )
        repo.delete_round(tx, chosen.id, chosen.name)
        return chosen.name


def list_rounds(workspace: Workspace) -> list[Round]:
    with workspace.read() as conn:
        return repo.list_rounds(conn)
