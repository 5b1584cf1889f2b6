"""Register commands: rounds, withdrawing submissions, the organisation register, history."""

from __future__ import annotations

import argparse
from typing import Any

from arf_desktop.cli.common import Result, actor, open_workspace
from arf_desktop.cli.examples import add_examples as example
from arf_desktop.domain.errors import Refused

KINDS = {"trust": "Trust", "icb": "ICB", "region": "Regional team"}
DATE_OPTIONS = (
    ("--submission-deadline", "submission_deadline", "last day organisations may submit"),
    ("--scoring-deadline", "scoring_deadline", "last day assessors may score"),
    ("--panel-date", "panel_date", "the moderation panel's date"),
    ("--resubmission-opens", "resubmission_opens", "first day of the resubmission window"),
    ("--resubmission-closes", "resubmission_closes", "last day of the resubmission window"),
)


def round_json(item: Any) -> dict[str, Any]:
    return {
        "name": item.name,
        "status": item.status,
        "framework_id": item.framework_id,
        "same_icb_conflict": item.same_icb_conflict,
        "assessors_per_submission": item.assessors_per_submission,
        **{key: getattr(item, key) for _, key, _ in DATE_OPTIONS},
    }


def _round_line(item: Any) -> str:
    dates = ", ".join(
        f"{key.replace('_', ' ')} {getattr(item, key)}"
        for _, key, _ in DATE_OPTIONS
        if getattr(item, key)
    )
    same_icb = "; same ICB is a conflict" if item.same_icb_conflict else ""
    return f"{item.name} [{item.status}]{same_icb}" + (f" — {dates}" if dates else "")


def cmd_round_list(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.rounds import list_rounds

    with open_workspace(args) as workspace:
        rounds = list_rounds(workspace)
    lines = [_round_line(r) for r in rounds] or ["No rounds yet."]
    return Result(lines, [round_json(r) for r in rounds])


def cmd_round_create(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.rounds import RoundDraft, create_round

    draft = RoundDraft(
        args.name,
        assessors_per_submission=args.per_submission,
        same_icb_conflict=args.same_icb_conflict,
        **{key: getattr(args, key) for _, key, _ in DATE_OPTIONS},
    )
    with open_workspace(args, writing=True) as workspace:
        created = create_round(workspace, actor(args, workspace), draft)
    return Result([f"Round created: {_round_line(created)}"], round_json(created))


def cmd_round_rename(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.rounds import rename_round

    with open_workspace(args, writing=True) as workspace:
        renamed = rename_round(workspace, actor(args, workspace), args.name, args.new_name)
    return Result([f"Round renamed: {args.name} → {renamed.name}"], round_json(renamed))


def _status(args: argparse.Namespace, status: str) -> Result:
    from arf_desktop.registers.rounds import set_status

    with open_workspace(args, writing=True) as workspace:
        changed = set_status(workspace, actor(args, workspace), args.name, status)
    return Result([f"Round {changed.name} is now {changed.status}."], round_json(changed))


def cmd_round_close(args: argparse.Namespace) -> Result:
    return _status(args, "closed")


def cmd_round_reopen(args: argparse.Namespace) -> Result:
    return _status(args, "open")


def cmd_round_delete(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.rounds import delete_round

    with open_workspace(args, writing=True) as workspace:
        name = delete_round(workspace, actor(args, workspace), args.name)
    return Result([f"Round deleted: {name}"], {"deleted": name})


def _withdrawal(args: argparse.Namespace, withdraw: bool) -> Result:
    from arf_desktop.registers.submissions import set_withdrawn

    with open_workspace(args, writing=True) as workspace:
        done = set_withdrawn(
            workspace, actor(args, workspace), args.round, args.organisation, args.reason, withdraw
        )
    verb = "Withdrawn" if withdraw else "Restored"
    return Result([f"{verb}: {done['organisation']} in {done['round']}."], done)


def cmd_submission_withdraw(args: argparse.Namespace) -> Result:
    return _withdrawal(args, True)


def cmd_submission_restore(args: argparse.Namespace) -> Result:
    return _withdrawal(args, False)


def _organisation_json(item: Any) -> dict[str, Any]:
    return {
        "name": item.name,
        "icb": item.icb,
        "ods": item.code,
        "kind": item.org_type,
        "active": item.active,
    }


def cmd_organisation_add(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.organisations import OrganisationDraft, add_organisation

    draft = OrganisationDraft(args.name, args.icb, KINDS[args.kind], args.ods)
    with open_workspace(args, writing=True) as workspace:
        added = add_organisation(workspace, actor(args, workspace), draft)
    return Result([f"Organisation added: {added.name} ({added.icb})"], _organisation_json(added))


def _find_organisation(workspace: Any, name: str) -> Any:
    from arf_desktop.registers.organisations import find_or_suggest

    return find_or_suggest(workspace, name)


def cmd_organisation_edit(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.organisations import OrganisationDraft, edit_organisation

    with open_workspace(args, writing=True) as workspace:
        found = _find_organisation(workspace, args.name)
        draft = OrganisationDraft(
            args.new_name or found.name,
            args.icb if args.icb is not None else found.icb,
            KINDS[args.kind] if args.kind else found.org_type,
            args.ods if args.ods is not None else found.code,
            found.contact_name,
            found.contact_email,
        )
        changes = edit_organisation(workspace, actor(args, workspace), found.id, draft)
    if not changes:
        return Result([f"Nothing changed for {found.name}."], {"changes": {}})
    shown = "; ".join(f"{key} {old} → {new}" for key, (old, new) in changes.items())
    return Result([f"Organisation edited: {found.name}: {shown}"], {"changes": changes})


def cmd_organisation_deactivate(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.organisations import set_active

    with open_workspace(args, writing=True) as workspace:
        found = _find_organisation(workspace, args.name)
        if not found.active:
            raise Refused(f"{found.name} is already deactivated.")
        set_active(workspace, actor(args, workspace), found.id, False)
    return Result(
        [f"Deactivated: {found.name} (its rounds and decisions stay)."],
        {"name": found.name, "active": False},
    )


def cmd_history(args: argparse.Namespace) -> Result:
    from arf_desktop.exporters.history import organisation_history

    with open_workspace(args) as workspace:
        name, lines = organisation_history(workspace, args.organisation)
    if not lines:
        text = [f"{name} has not submitted to any round."]
    else:
        text = [f"{name}:"] + [
            f"  {h.round}: applied for {h.level_applied}; {h.status}"
            + (f", {h.outcome}" if h.outcome else "")
            + (f" at {h.level_awarded}" if h.level_awarded else "")
            + (f" on {h.decision_date}" if h.decision_date else "")
            + (
                f"; valid until {h.valid_until}, renewal due {h.renewal_due}"
                if h.valid_until
                else ""
            )
            for h in lines
        ]
    return Result(text, {"organisation": name, "rounds": [h.as_json() for h in lines]})


def _add_rounds(commands: Any, add: Any) -> None:
    group = commands.add_parser("round", help="rounds: list, create, rename, close, delete")
    actions = group.add_subparsers(dest="round_command", required=True, metavar="ACTION")
    example(add("list", cmd_round_list, "list the rounds with status and dates", actions),
            "round list --json")  # fmt: skip
    create = add("create", cmd_round_create, "create a round on the current framework", actions)
    create.add_argument("name", metavar="NAME")
    create.add_argument("--per-submission", type=int, default=2, metavar="N",
                        help="assessors per submission (default 2)")  # fmt: skip
    create.add_argument("--same-icb-conflict", action="store_true",
                        help="an assessor from the same ICB is conflicted")  # fmt: skip
    for flag, key, text in DATE_OPTIONS:
        create.add_argument(flag, dest=key, metavar="YYYY-MM-DD", help=text)
    example(create, 'round create "2026/27 Round 1" --submission-deadline 2026-06-30 '
            "--panel-date 2026-09-15")  # fmt: skip
    rename = add("rename", cmd_round_rename, "give a round a new name", actions)
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("new_name", metavar="NEW_NAME")
    example(rename, 'round rename "2026/27 Rnd 1" "2026/27 Round 1"')
    for name, handler, text in (
        ("close", cmd_round_close, "close a round: no more imports into it"),
        ("reopen", cmd_round_reopen, "reopen a closed round"),
        ("delete", cmd_round_delete, "delete an empty round (refused naming what it holds)"),
    ):
        sub = add(name, handler, text, actions)
        sub.add_argument("name", metavar="NAME")
        example(sub, f'round {name} "2026/27 Round 1"')


def _add_submissions(commands: Any, add: Any) -> None:
    group = commands.add_parser("submission", help="withdraw or restore a submission")
    actions = group.add_subparsers(dest="submission_command", required=True, metavar="ACTION")
    for name, handler, text in (
        ("withdraw", cmd_submission_withdraw,
         "withdraw a submission from allocation, moderation, outcomes and exports"),
        ("restore", cmd_submission_restore, "bring a withdrawn submission back"),
    ):  # fmt: skip
        sub = add(name, handler, text, actions)
        sub.add_argument("--round", metavar="NAME", required=True)
        sub.add_argument("--organisation", metavar="ORG", required=True)
        sub.add_argument("--reason", metavar="TEXT", required=True, help="kept in the audit log")
        example(sub, f'submission {name} --round "2026/27 Round 1" --organisation '
                '"Bolton NHS Foundation Trust" --reason "Sent in error"')  # fmt: skip


def _add_organisations(commands: Any, add: Any) -> None:
    group = commands.add_parser("organisation", help="change the organisation register")
    actions = group.add_subparsers(dest="organisation_command", required=True, metavar="ACTION")
    added = add("add", cmd_organisation_add, "add an organisation to the register", actions)
    added.add_argument("name", metavar="NAME")
    added.add_argument("--icb", metavar="ICB", required=True)
    added.add_argument("--ods", metavar="CODE", help="its ODS code")
    added.add_argument("--kind", choices=sorted(KINDS), default="trust")
    example(added, 'organisation add "Example NHS Trust" --icb "NHS Cheshire and Merseyside ICB" '
            "--ods RXX --kind trust")  # fmt: skip
    edit = add("edit", cmd_organisation_edit, "change an organisation's details", actions)
    edit.add_argument("name", metavar="NAME", help="its name or ODS code")
    edit.add_argument("--name", dest="new_name", metavar="NEW_NAME")
    edit.add_argument("--icb", metavar="ICB")
    edit.add_argument("--ods", metavar="CODE")
    edit.add_argument("--kind", choices=sorted(KINDS))
    example(edit, 'organisation edit RXX --name "Example Teaching NHS Trust"')
    off = add("deactivate", cmd_organisation_deactivate, "deactivate an organisation", actions)
    off.add_argument("name", metavar="NAME", help="its name or ODS code")
    example(off, 'organisation deactivate "Example NHS Trust"')
    history = add("history", cmd_history, "an organisation's outcomes across rounds")
    history.add_argument("--organisation", metavar="ORG", required=True)
    example(history, 'history --organisation "Example NHS Trust" --json')


def register(commands: Any, add: Any) -> None:
    """Add the round, submission, organisation and history commands to the parser."""
    _add_rounds(commands, add)
    _add_submissions(commands, add)
    _add_organisations(commands, add)
