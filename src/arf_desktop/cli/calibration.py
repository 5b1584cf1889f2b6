"""Calibration commands: make exercises, set the key, assign assessors, report qualification."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from arf_desktop.cli.common import Result, actor, add_force, open_workspace
from arf_desktop.domain.errors import UserFacingError


def cmd_create(args: argparse.Namespace) -> Result:
    from arf_desktop.calibration.exercises import create_from_round, create_from_workbook
    from arf_desktop.domain.calibration import Tolerance

    tolerance = Tolerance(args.min_exact, args.max_difference)
    with open_workspace(args, writing=True) as workspace:
        who = actor(args, workspace)
        if args.workbook:
            made = create_from_workbook(
                workspace, who, args.name, Path(args.workbook), args.label, tolerance
            )
        elif args.round and args.organisation:
            made = create_from_round(
                workspace, who, args.name, args.round, args.organisation, args.label, tolerance
            )
        else:
            raise UserFacingError(
                "Say where the exercise comes from: --round R --organisation O, or --workbook FILE."
            )
    return Result(
        [
            f"Calibration exercise “{made.name}”: {', '.join(made.items)}",
            f"Tolerance: at least {made.min_exact:.0%} exact, none more than "
            f"{made.max_difference} away. Set the key with `arf-desktop calibration key`.",
        ],
        asdict(made),
    )


def cmd_key(args: argparse.Namespace) -> Result:
    from arf_desktop.calibration.exercises import key_from_agreed, set_key, summary

    with open_workspace(args, writing=True) as workspace:
        who = actor(args, workspace)
        if args.from_agreed:
            count = key_from_agreed(workspace, who, args.name, args.item)
            line = f"Key taken from the agreed scores: {count} criteria."
        elif args.criterion and args.score is not None and args.rationale:
            set_key(
                workspace, who, args.name, args.criterion, args.score, args.rationale, args.item
            )
            line = f"Definitive score set for {args.criterion.upper()}."
        else:
            raise UserFacingError(
                "Give --from-agreed, or --criterion ID --score S --rationale TEXT."
            )
        made = summary(workspace, args.name)
    return Result(
        [line, f"“{made.name}”: {made.keyed} of {made.criteria} criteria keyed."], asdict(made)
    )


def cmd_assign(args: argparse.Namespace) -> Result:
    from arf_desktop.calibration.exercises import assign

    with open_workspace(args, writing=True) as workspace:
        added = assign(workspace, actor(args, workspace), args.name, args.assessor)
    lines = [f"Assigned to “{args.name}”: {name}" for name in added] or [
        "Everyone named was already assigned."
    ]
    return Result(lines, {"exercise": args.name, "assigned": added})


def cmd_list(args: argparse.Namespace) -> Result:
    from arf_desktop.calibration.exercises import list_exercises

    with open_workspace(args) as workspace:
        found = list_exercises(workspace)
    lines = [
        f"{e.name}: {', '.join(e.items) or 'no items'}; {e.keyed}/{e.criteria} keyed; "
        f"assessors: {', '.join(e.assessors) or 'none'}"
        for e in found
    ] or ["No calibration exercises yet. Make one with `arf-desktop calibration create NAME`."]
    return Result(lines, [asdict(e) for e in found])


def _write_pdf(workspace: Any, args: argparse.Namespace, found: list[Any], lines: list[Any]) -> str:
    from arf_desktop.calibration.exercises import summary
    from arf_desktop.exporters.calibration_report import write_calibration_report

    if not found or not lines:
        raise UserFacingError("The calibration report needs NAME and --assessor A who submitted.")
    made = summary(workspace, args.name)
    path = write_calibration_report(
        found[0], lines, made.min_exact, made.max_difference, Path(args.pdf)
    )
    return str(path)


def cmd_report(args: argparse.Namespace) -> Result:
    from arf_desktop.calibration.results import key_beside_own, report

    if (args.assessor or args.pdf) and not args.name:
        raise UserFacingError("Name the exercise to show an assessor's scores beside the key.")
    if args.pdf and not args.assessor:
        raise UserFacingError("Say whose calibration report to write with --assessor A.")
    with open_workspace(args) as workspace:
        lines_of_key = key_beside_own(workspace, args.name, args.assessor) if args.assessor else []
        found = [
            r
            for r in report(workspace, args.name)
            if not args.assessor or r.assessor.casefold() == args.assessor.casefold()
        ]
        written = _write_pdf(workspace, args, found, lines_of_key) if args.pdf else None
    lines = [
        f"{r.exercise} — {r.assessor}: {r.status}"
        + (
            f" ({r.exact}/{r.n} exact, {r.adjacent} adjacent, mean {r.mean_difference:+.2f}, "
            f"max {r.max_difference}; {r.reason})"
            if r.n
            else f" ({r.reason})"
        )
        for r in found
    ] or ["No assessor has been assigned a calibration exercise yet."]
    lines += [
        f"  {k.item} {k.criterion_id}: yours {k.own if k.own is not None else '—'}, "
        f"definitive {k.definitive} — {k.rationale}"
        for k in lines_of_key
    ]
    payload: dict[str, Any] = {"results": [r.as_json() for r in found]}
    if lines_of_key:
        payload["key"] = [asdict(k) for k in lines_of_key]
    if written:
        lines.append(f"Calibration report written: {written}")
        payload["pdf"] = written
    return Result(lines, payload)


def cmd_seed(args: argparse.Namespace) -> Result:
    from arf_desktop.calibration.drift import seed_item

    with open_workspace(args, writing=True) as workspace:
        made = seed_item(
            workspace, actor(args, workspace), args.name, args.round, args.assessor, args.item
        )
    return Result(
        [
            f"Seeded into {made.assessor}'s allocation in “{made.round_name}” as "
            f"{made.organisation}; the result joins the drift view once they submit."
        ],
        asdict(made),
    )


def cmd_drift(args: argparse.Namespace) -> Result:
    from arf_desktop.calibration.drift import drift_for
    from arf_desktop.cli.common import round_name

    with open_workspace(args) as workspace:
        found = drift_for(workspace, round_name(args, workspace), args.band)
    lines = [
        f"{d.assessor}: mean {d.mean_difference:+.2f} over {d.items} items "
        f"({d.criteria} criteria, {d.seeded} calibration)"
        + (" — outside the band" if d.outside else "")
        for d in found
    ] or ["No submitted scores to compare with agreed scores yet."]
    return Result(lines, {"band": args.band, "assessors": [asdict(d) for d in found]})


def calibration_round(args: argparse.Namespace, workspace: Any) -> str | None:
    """The hidden round of `--calibration NAME`, for commands that also take --round."""
    if not getattr(args, "calibration", None):
        return None
    from arf_desktop.calibration.exercises import summary

    return summary(workspace, args.calibration).round_name


def register(commands: Any, add: Any) -> None:
    """Add the calibration subcommands to the `arf-desktop` parser."""
    group = commands.add_parser(
        "calibration", help="calibration exercises and assessor qualification"
    ).add_subparsers(dest="calibration_command", required=True, metavar="ACTION")
    create = add("create", cmd_create, "make a calibration exercise (or add an item to one)", group)
    create.add_argument("name", metavar="NAME")
    create.add_argument("--round", metavar="R", help="the round of the reference submission")
    create.add_argument("--organisation", metavar="O", help="whose submission to use")
    create.add_argument("--workbook", metavar="FILE", help="a workbook made for training")
    create.add_argument("--label", metavar="TEXT", help="a neutral name, e.g. “Reference A”")
    create.add_argument("--min-exact", type=float, default=0.8, metavar="SHARE")
    create.add_argument("--max-difference", type=int, default=1, metavar="N")
    key = add("key", cmd_key, "set the definitive scores and rationales", group)
    key.add_argument("name", metavar="NAME")
    key.add_argument("--from-agreed", action="store_true", help="take the agreed scores")
    key.add_argument("--criterion", metavar="ID")
    key.add_argument("--score", type=int, metavar="S")
    key.add_argument("--rationale", metavar="TEXT")
    key.add_argument("--item", metavar="LABEL", help="which item, when there are several")
    assign = add("assign", cmd_assign, "assign assessors to an exercise", group)
    assign.add_argument("name", metavar="NAME")
    assign.add_argument("--assessor", required=True, nargs="+", action="extend", metavar="A")
    add("list", cmd_list, "list calibration exercises", group)
    report = add("report", cmd_report, "agreement with the key and qualification", group)
    report.add_argument("name", nargs="?", metavar="NAME")
    report.add_argument(
        "--assessor", metavar="A", help="their scores beside the key (after they submit)"
    )
    report.add_argument("--pdf", metavar="FILE", help="write the assessor's report as a PDF")
    add_force(report)
    seed = add("seed", cmd_seed, "slip a calibration item into a live allocation", group)
    seed.add_argument("name", metavar="NAME")
    seed.add_argument("--round", required=True, metavar="R", help="the live round")
    seed.add_argument("--assessor", required=True, metavar="A")
    seed.add_argument("--item", metavar="LABEL", help="which item, when there are several")
    drifting = add("drift", cmd_drift, "each assessor's severity in a live round", group)
    drifting.add_argument("--round", metavar="R")
    drifting.add_argument("--band", type=float, default=0.5, metavar="POINTS")
