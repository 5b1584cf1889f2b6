"""Retention commands: the schedule's settings, what is due, and removing it."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from arf_desktop.cli.common import Result, actor, open_workspace
from arf_desktop.domain.errors import UserFacingError


def _as_of(args: argparse.Namespace) -> date | None:
    if not args.as_of:
        return None
    try:
        return date.fromisoformat(args.as_of)
    except ValueError:
        raise UserFacingError(
            f"“{args.as_of}” is not a date: write --as-of as YYYY-MM-DD."
        ) from None


def cmd_retention_settings(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.retention import retention_schedule, save_retention_schedule

    changes: dict[str, str] = {}
    for text in args.set or []:
        name, sign, years = text.partition("=")
        if not sign:
            raise UserFacingError(f"“{text}”: write --set KIND=YEARS, e.g. --set evidence=3.")
        changes[name.strip()] = years.strip()
    with open_workspace(args, writing=bool(changes)) as workspace:
        if changes:
            schedule = save_retention_schedule(workspace, actor(args, workspace), changes)
        else:
            schedule = retention_schedule(workspace)
    lines = [
        f"{item['label'].capitalize()}: kept {item['years']} years {item['anchor']}"
        + ("" if item["set"] else " (default)")
        for item in schedule.as_json()
    ]
    return Result(lines, {"schedule": schedule.as_json()})


def _report_lines(report: Any, verb: str) -> list[str]:
    lines = [f"As of {report.as_of}: {report.total} item{'s' * (report.total != 1)} {verb}"]
    for status in report.kinds:
        lines.append(
            f"{status.kind.label.capitalize()}: {len(status.items)} due "
            f"(kept {status.years} years {status.kind.anchor})"
        )
        lines += [f"  {item.label} (due {item.due_on})" for item in status.items]
    return lines


def cmd_retention_status(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.retention import retention_status

    with open_workspace(args) as workspace:
        report = retention_status(workspace, _as_of(args))
    return Result(_report_lines(report, "due"), report.as_json())


def cmd_retention_apply(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.retention import apply_retention

    with open_workspace(args, writing=not args.dry_run) as workspace:
        result = apply_retention(
            workspace, actor(args, workspace), _as_of(args), dry_run=args.dry_run
        )
    verb = "would be removed (dry run: nothing was changed)" if args.dry_run else "due"
    lines = _report_lines(result.report, verb)
    if result.backup:
        lines.append(f"Backup taken first: {result.backup}")
    for key, summary in result.removed.items():
        lines.append(f"Removed {key}: {_summary(summary)}")
    lines += result.notes
    return Result(lines, result.as_json())


def _summary(summary: dict[str, Any]) -> str:
    counts = summary.get("counts", summary)
    return (
        ", ".join(
            f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if isinstance(n, int)
        )
        or f"{len(summary.get('organisations', []))} organisations"
    )


def register(commands: Any, add: Any) -> None:
    """Add the retention subcommands to the parser."""
    group = commands.add_parser("retention", help="the retention schedule").add_subparsers(
        dest="retention_command", required=True, metavar="ACTION"
    )
    settings = add("settings", cmd_retention_settings, "show or set years kept per kind", group)
    settings.add_argument(
        "--set", action="append", metavar="KIND=YEARS",
        help="kinds: evidence, scores, submissions, contacts, audit (repeat for each)",
    )  # fmt: skip
    for name, handler, text in (
        ("status", cmd_retention_status, "list what the schedule says is due, kind by kind"),
        ("apply", cmd_retention_apply, "back up, then remove what is due in one audited write"),
    ):
        sub = add(name, handler, text, group)
        sub.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day to reckon from (today)")
        if name == "apply":
            sub.add_argument(
                "--dry-run", action="store_true", help="list what would go; change nothing"
            )
