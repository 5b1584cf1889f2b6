"""Scoring commands: the assessor and conflict registers, allocation and offline scoring sheets."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from arf_desktop.cli.common import Result, actor, add_force, open_workspace


def cmd_assessor_add(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.assessors import AssessorDraft, add_assessor

    with open_workspace(args, writing=True) as workspace:
        added = add_assessor(
            workspace,
            actor(args, workspace),
            AssessorDraft(args.name, args.organisation, args.icb, args.email),
        )
    where = added.organisation or added.icb or "no organisation"
    return Result([f"Assessor added: {added.name} ({where})"], asdict(added))


def cmd_assessor_list(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.assessors import list_all

    with open_workspace(args) as workspace:
        found = list_all(workspace)
    lines = [
        f"{a.name} — {a.organisation or 'no organisation'}; {a.icb or 'no ICB'}"
        + (f"; {a.email}" if a.email else "")
        + ("" if a.active else " [inactive]")
        for a in found
    ] or ["No assessors yet. Add one with `arf-desktop assessor add NAME`."]
    return Result(lines, [asdict(a) for a in found])


def cmd_conflict_add(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.interests import ConflictDraft, add_conflict
    from arf_desktop.scoring.allocation import list_allocations

    with open_workspace(args, writing=True) as workspace:
        added = add_conflict(
            workspace,
            actor(args, workspace),
            ConflictDraft(
                args.assessor, args.organisation, args.reason, args.kind, args.starts, args.ends
            ),
        )
        affected = [
            r
            for r in list_allocations(workspace, assessor_name=added.assessor)
            if r.organisation_id == added.organisation_id and r.conflict
        ]
    lines = [f"Conflict recorded: {added.assessor} × {added.organisation} ({added.kind})"]
    lines += [
        f"Note: {r.assessor} was already allocated to {r.organisation} in “{r.round_name}”; "
        "that allocation is now blocked. Run `arf-desktop allocate` to top it up."
        for r in affected
    ]
    payload = asdict(added) | {"blocked_allocations": [r.id for r in affected]}
    return Result(lines, payload)


def cmd_conflict_list(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.interests import list_conflicts

    with open_workspace(args) as workspace:
        found = list_conflicts(workspace, args.assessor)
    lines = [
        f"{c.assessor} × {c.organisation}: {c.kind} — {c.reason}"
        + (f" ({c.starts_on or '…'} to {c.ends_on or '…'})" if c.starts_on or c.ends_on else "")
        for c in found
    ] or ["No conflicts of interest declared. (Own organisation is always a conflict.)"]
    return Result(lines, [asdict(c) for c in found])


def cmd_allocate(args: argparse.Namespace) -> Result:
    from arf_desktop.scoring.allocation import allocate, allocate_by_hand

    with open_workspace(args, writing=True) as workspace:
        who = actor(args, workspace)
        warnings = qualification_check(workspace, args.round, args.assessor, args.qualified_only)
        if args.organisation:
            rows = [
                allocate_by_hand(workspace, who, args.round, args.organisation, name)
                for name in args.assessor
            ]
            return Result(
                [f"Allocated {r.assessor} to {r.organisation} ({r.progress})" for r in rows]
                + warnings,
                {"added": [[r.organisation, r.assessor] for r in rows]},
            )
        result = allocate(workspace, who, args.round, args.assessor, args.per_submission)
    lines = [f"{organisation} ← {assessor}" for organisation, assessor in result.added]
    lines += [f"Blocked by a conflict of interest: {b}" for b in result.blocked]
    lines.append(
        f"{len(result.added)} allocations added ({result.kept} already in place), "
        f"{result.per_submission} per submission in “{result.round_name}”."
    )
    lines.append("Load: " + ", ".join(f"{n} {c}" for n, c in result.loads.items()))
    lines += warnings
    return Result(
        lines,
        {
            "round": result.round_name,
            "per_submission": result.per_submission,
            "added": [list(pair) for pair in result.added],
            "kept": result.kept,
            "blocked": list(result.blocked),
            "loads": result.loads,
        },
    )


def qualification_check(
    workspace: Any, round_name: str, names: list[str], qualified_only: bool
) -> list[str]:
    """Warnings about unqualified assessors; with --qualified-only, a refusal naming them."""
    from arf_desktop.calibration.results import unqualified
    from arf_desktop.domain.errors import Refused

    found = unqualified(workspace, round_name, names)
    if found and qualified_only:
        raise Refused(
            "Nothing was allocated: not qualified by calibration: "
            + "; ".join(f"{name} ({why})" for name, why in found)
            + "."
        )
    return [f"Warning: {name} is not qualified by calibration ({why})." for name, why in found]


def cmd_allocations(args: argparse.Namespace) -> Result:
    from arf_desktop.scoring.allocation import list_allocations

    with open_workspace(args) as workspace:
        rows = list_allocations(workspace, args.round, args.assessor)
    lines = [f"{r.organisation} — {r.assessor}: {r.progress} scored, {r.state}" for r in rows] or [
        "No allocations yet. Run `arf-desktop allocate --round NAME --assessor NAME...`."
    ]
    payload = [asdict(r) | {"state": r.state} for r in rows]
    return Result(lines, payload)


def cmd_scoresheet_export(args: argparse.Namespace) -> Result:
    from arf_desktop.cli.calibration import calibration_round
    from arf_desktop.scoring.scoresheet import export_scoresheet

    with open_workspace(args) as workspace:
        round_name = calibration_round(args, workspace) or args.round
        if not round_name:
            from arf_desktop.domain.errors import UserFacingError

            raise UserFacingError("Say which sheet with --round NAME or --calibration NAME.")
        written = export_scoresheet(workspace, round_name, args.assessor, Path(args.out))
    return Result(
        [
            f"Scoring sheet written: {written.path}",
            f"{written.assessor}: {written.submissions} submissions, {written.rows} criteria rows",
        ],
        asdict(written) | {"path": str(written.path)},
    )


def cmd_scoresheet_import(args: argparse.Namespace) -> Result:
    from arf_desktop.files.file_kinds import require_kind
    from arf_desktop.scoring.scoresheet import import_scoresheet

    require_kind([Path(args.file)], {"scoring_sheet"}, "a scoring sheet")
    with open_workspace(args, writing=True) as workspace:
        result = import_scoresheet(workspace, actor(args, workspace), Path(args.file))
    lines = [f"{result.file}: {result.summary()}"]
    return Result(lines, asdict(result))


def cmd_submit(args: argparse.Namespace) -> Result:
    """Submit (lock) an assessor's finished allocations without the window."""
    from arf_desktop.cli.calibration import calibration_round
    from arf_desktop.domain.errors import UserFacingError
    from arf_desktop.registers.assessors import current_assessor
    from arf_desktop.scoring.allocation import list_allocations
    from arf_desktop.scoring.scores import submit

    with open_workspace(args, writing=True) as workspace:
        round_name = calibration_round(args, workspace) or args.round
        name = args.assessor
        if name is None:
            me = current_assessor(workspace)
            if me is None:
                raise UserFacingError("Say whose scores to submit with --assessor NAME.")
            name = me.name
        rows = [
            r
            for r in list_allocations(workspace, round_name, name)
            if not r.submitted
            and (
                args.organisation is None
                or r.organisation.casefold() == args.organisation.casefold()
            )
        ]
        done, refused = [], []
        for row in rows:
            try:
                submit(workspace, actor(args, workspace), row.id, row.assessor_id)
                done.append(row.organisation)
            except UserFacingError as error:
                refused.append((row.organisation, error.message))
    lines = [f"Submitted: {o}" for o in done] + [f"Not submitted: {m}" for _, m in refused]
    if not rows:
        lines = [f"{name} has nothing left to submit."]
    payload = {"submitted": done, "refused": [{"organisation": o, "reason": m} for o, m in refused]}
    return Result(lines, payload, ok=not refused)


def register(commands: Any, add: Any) -> None:
    """Add the scoring subcommands to the `arf-desktop` parser."""
    assessor = commands.add_parser("assessor", help="the assessor register").add_subparsers(
        dest="assessor_command", required=True, metavar="ACTION"
    )
    added = add("add", cmd_assessor_add, "add an assessor", assessor)
    added.add_argument("name", metavar="NAME")
    added.add_argument("--organisation", metavar="ORG", help="where they work (from the register)")
    added.add_argument("--icb", metavar="ICB", help="default: their organisation's ICB")
    added.add_argument("--email", metavar="ADDRESS")
    add("list", cmd_assessor_list, "list the assessors", assessor)

    conflict = commands.add_parser(
        "conflict", help="the conflict-of-interest register"
    ).add_subparsers(dest="conflict_command", required=True, metavar="ACTION")
    declared = add("add", cmd_conflict_add, "declare a conflict of interest", conflict)
    declared.add_argument("assessor", metavar="ASSESSOR")
    declared.add_argument("organisation", metavar="ORGANISATION")
    declared.add_argument("--reason", required=True, metavar="TEXT")
    declared.add_argument("--kind", default="Declared interest", metavar="KIND")
    declared.add_argument("--from", dest="starts", metavar="DATE", help="YYYY-MM-DD")
    declared.add_argument("--until", dest="ends", metavar="DATE", help="YYYY-MM-DD")
    listed = add("list", cmd_conflict_list, "list declared conflicts", conflict)
    listed.add_argument("--assessor", metavar="NAME")

    allocate = add("allocate", cmd_allocate, "allocate assessors to a round's submissions")
    allocate.add_argument("--round", required=True, metavar="NAME")
    allocate.add_argument("--assessor", required=True, nargs="+", action="extend", metavar="NAME")
    allocate.add_argument(
        "--per-submission", type=int, metavar="N", help="default: the round's setting"
    )
    allocate.add_argument(
        "--organisation", metavar="ORG", help="allocate by hand to this organisation only"
    )
    allocate.add_argument(
        "--qualified-only",
        action="store_true",
        help="refuse assessors not qualified by a calibration exercise",
    )
    allocations = add("allocations", cmd_allocations, "list allocations with progress")
    allocations.add_argument("--round", metavar="NAME")
    allocations.add_argument("--assessor", metavar="NAME")

    sheet = commands.add_parser("scoresheet", help="offline scoring sheets").add_subparsers(
        dest="scoresheet_command", required=True, metavar="ACTION"
    )
    export = add("export", cmd_scoresheet_export, "write an assessor's scoring sheet", sheet)
    export.add_argument("--round", metavar="NAME")
    export.add_argument("--calibration", metavar="NAME", help="a calibration exercise's sheet")
    export.add_argument("--assessor", required=True, metavar="NAME")
    export.add_argument("--out", required=True, metavar="FILE")
    add_force(export)
    imported = add("import", cmd_scoresheet_import, "import a completed scoring sheet", sheet)
    imported.add_argument("file", metavar="FILE")

    submitting = add("submit", cmd_submit, "submit an assessor's finished scores (locks them)")
    submitting.add_argument("--round", metavar="NAME")
    submitting.add_argument("--calibration", metavar="NAME", help="a calibration exercise")
    submitting.add_argument("--assessor", metavar="NAME", help="default: who you said you are")
    submitting.add_argument("--organisation", metavar="ORG", help="only this submission")
