"""The personal data commands: `erase person` and `subject-access`."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from typing import Any

from arf_desktop.cli.common import Result, actor, open_workspace
from arf_desktop.domain.errors import UserFacingError

SHOWN_PER_PLACE = 4


def _lines(records: list[Any]) -> list[str]:
    """Records grouped by where they are held, a few of each shown."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    for record in records:
        grouped[record.where].append(record)
    lines = []
    for where, items in grouped.items():
        lines.append(f"  {where} ({len(items)}):")
        for record in items[:SHOWN_PER_PLACE]:
            context = f" [{record.context}]" if record.context else ""
            lines.append(
                f"    {record.table} {record.id} {record.field}: {record.excerpt}{context}"
            )
        if len(items) > SHOWN_PER_PLACE:
            lines.append(f"    … and {len(items) - SHOWN_PER_PLACE} more")
    return lines


def report_lines(report: Any) -> list[str]:
    """What was found, in three parts: to erase, kept, and copies outside the workspace."""
    lines = [f"Searched for: {', '.join(report.identifiers)} (any case)"]
    if not report.found:
        return [*lines, "Nothing about this person is held in the workspace."]
    parts = (
        ("erase", "To erase (replaced by a dated tombstone)"),
        ("kept", "Kept (the audit chain commits to it)"),
        ("listed", "Outside the workspace: letters already issued, evidence as submitted"),
    )
    for action, title in parts:
        chosen = report.by_action(action)
        if chosen:
            lines += [f"{title}: {len(chosen)}", *_lines(chosen)]
    return lines


def _payload(report: Any) -> dict[str, Any]:
    return {
        "searched": list(report.searched),
        "identifiers": list(report.identifiers),
        "records": [r.as_json() for r in report.records],
    }


def _confirmed(args: argparse.Namespace, count: int) -> bool:
    if args.yes:
        return True
    if args.json or not sys.stdin.isatty():
        raise UserFacingError(
            "Erasing needs confirmation: run again with --yes (or in a terminal to be asked). "
            "Nothing was changed."
        )
    answer = input(f"Erase {count} records about this person? Type 'erase' to confirm: ")
    return answer.strip().lower() == "erase"


def cmd_erase_person(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.person_records import erase_person, locate

    with open_workspace(args, writing=not args.dry_run) as workspace:
        report = locate(workspace, args.email, args.name)
        lines = report_lines(report)
        to_erase = len(report.by_action("erase"))
        if args.dry_run or not to_erase:
            if report.found and not to_erase:
                lines.append("Nothing here can be erased.")
            return Result(lines, {**_payload(report), "erased": False}, ok=True)
        if not args.json:
            print("\n".join(lines))
            lines = []
        if not _confirmed(args, to_erase):
            return Result(["Cancelled; nothing was changed."], _payload(report), ok=False)
        done = erase_person(workspace, actor(args, workspace), args.email, args.name)
    lines += [
        f"Backup taken first: {done.backup}"
        if done.backup
        else "No backup was taken: a server database is backed up with pg_dump.",
        f"Erased {done.fields} fields and {done.audit_values} audit values in one audited "
        f"change (audit entry {done.entry_seq}); the audit chain still verifies.",
    ]
    if workspace.is_sqlite:
        lines.append("The workspace file was rebuilt (VACUUM): no freed page keeps the text.")
    if done.remaining:
        lines.append(f"{len(done.remaining)} records still name the person:")
        lines += _lines(list(done.remaining))
    letters = report.by_action("listed")
    if letters:
        lines.append(f"Handle outside the workspace ({len(letters)}):")
        lines += _lines(letters)
    payload = {
        **_payload(report), "erased": True, "backup": str(done.backup or ""),
        "fields": done.fields, "audit_values": done.audit_values, "audit_entry": done.entry_seq,
        "remaining": [r.as_json() for r in done.remaining],
    }  # fmt: skip
    return Result(lines, payload, ok=not done.remaining)


def cmd_subject_access(args: argparse.Namespace) -> Result:
    from arf_desktop.exporters.subject_access import write_subject_access

    with open_workspace(args) as workspace:
        report, path = write_subject_access(workspace, args.out, args.email, args.name)
    lines = [
        *report_lines(report),
        f"Written: {path} (records.json with {len(report.records)} records, summary.pdf)",
    ]
    return Result(lines, {**_payload(report), "out": str(path)})


def _person_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--email", metavar="ADDRESS", help="the person's e-mail address")
    parser.add_argument("--name", metavar="NAME", help="the person's name (any case)")


def register(commands: Any, add: Any) -> None:
    """Add the personal data subcommands to the parser."""
    erase = commands.add_parser("erase", help="erase personal data").add_subparsers(
        dest="erase_command", required=True, metavar="WHAT"
    )
    person = add(
        "person",
        cmd_erase_person,
        "find a person everywhere and erase them (after a backup)",
        erase,
    )
    _person_options(person)
    person.add_argument("--yes", action="store_true", help="erase without asking")
    person.add_argument(
        "--dry-run", action="store_true", help="show what was found; change nothing"
    )
    access = add(
        "subject-access", cmd_subject_access, "write a zip of every record held about a person"
    )
    _person_options(access)
    access.add_argument("--out", required=True, metavar="FILE", help="the zip to write")
