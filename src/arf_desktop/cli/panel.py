"""Panel commands: what is still to agree, and reopening scoring or a decision."""

from __future__ import annotations

import argparse
from typing import Any

from arf_desktop.cli.common import Result, actor, open_workspace, round_name
from arf_desktop.cli.examples import add_examples as example


def cmd_disputes(args: argparse.Namespace) -> Result:
    from arf_desktop.moderation.disputes import disputes_for

    with open_workspace(args) as workspace:
        name, found = disputes_for(workspace, round_name(args, workspace), args.organisation)
    lines: list[str] = []
    for item in found:
        stake = "; changes the outcome" if item.changes_outcome else ""
        lines.append(
            f"{item.organisation} {item.criterion_id}: {item.status}, spread {item.spread}{stake}"
        )
        for assessor, score, comment in item.scores:
            shown = "—" if score is None else str(score)
            lines.append(f"  {assessor}: {shown}" + (f" — {comment}" if comment else ""))
    lines.append(
        f"{len(found)} criteria to agree in {name}."
        if found
        else f"Nothing to agree in {name}: every scored criterion is agreed or unanimous."
    )
    payload = {
        "round": name,
        "organisation": args.organisation,
        "count": len(found),
        "disputes": [item.as_json() for item in found],
    }
    return Result(lines, payload)


def cmd_reopen_scoring(args: argparse.Namespace) -> Result:
    from arf_desktop.scoring.reopening import reopen_scoring

    with open_workspace(args, writing=True) as workspace:
        row = reopen_scoring(
            workspace,
            actor(args, workspace),
            round_name(args, workspace),
            args.assessor,
            args.organisation,
            args.reason,
        )
    return Result(
        [f"Reopened: {row.assessor}'s scores for {row.organisation} can be changed again."],
        {"round": row.round_name, "assessor": row.assessor, "organisation": row.organisation,
         "status": row.status},
    )  # fmt: skip


def cmd_reopen_decision(args: argparse.Namespace) -> Result:
    from arf_desktop.moderation.decide import reopen_decision

    with open_workspace(args, writing=True) as workspace:
        name = round_name(args, workspace)
        reopen_decision(workspace, actor(args, workspace), name, args.organisation, args.reason)
    return Result(
        [f"Reopened: the decision for {args.organisation} in {name} is withdrawn; agree and "
         "decide again."],
        {"round": name, "organisation": args.organisation, "reopened": True},
    )  # fmt: skip


def register(commands: Any, add: Any) -> None:
    """Add the disputes and reopen commands to the parser."""
    disputes = add("disputes", cmd_disputes, "every criterion the panel still has to agree")
    disputes.add_argument("--round", metavar="NAME")
    disputes.add_argument("--organisation", metavar="ORG")
    example(disputes, 'disputes --round "2026/27 Round 1" --organisation "Example NHS Trust"')
    group = commands.add_parser("reopen", help="reopen submitted scores or a decision")
    actions = group.add_subparsers(dest="reopen_command", required=True, metavar="WHAT")
    scoring = add("scoring", cmd_reopen_scoring, "unlock an assessor's submitted scores", actions)
    decision = add("decision", cmd_reopen_decision, "withdraw a decision to decide again", actions)
    for sub in (scoring, decision):
        sub.add_argument("--round", metavar="NAME")
        if sub is scoring:
            sub.add_argument("--assessor", metavar="NAME", required=True)
        sub.add_argument("--organisation", metavar="ORG", required=True)
        sub.add_argument("--reason", metavar="TEXT", required=True, help="kept in the audit log")
    example(scoring, 'reopen scoring --round "2026/27 Round 1" --assessor "A. Patel" '
            '--organisation "Example NHS Trust" --reason "Scored the wrong version"')  # fmt: skip
    example(decision, 'reopen decision --round "2026/27 Round 1" --organisation '
            '"Example NHS Trust" --reason "Appeal upheld"')  # fmt: skip
