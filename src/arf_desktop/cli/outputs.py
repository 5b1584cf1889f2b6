"""Output commands: letters, certificates, feedback, results workbook, dashboard, appeal pack."""

from __future__ import annotations

import argparse
import gc
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from arf_desktop.cli.common import (
    Result,
    actor,
    add_force,
    open_workspace,
    progress_printer,
    round_name,
)
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.wording import sentence

DOCUMENTS = {
    "letters": ("letters",),
    "certificates": ("certificates",),
    "feedback": ("feedback",),
    "all": ("letters", "certificates", "feedback"),
}


def _letter_date(args: argparse.Namespace) -> date | None:
    if not getattr(args, "letter_date", None):
        return None
    try:
        return date.fromisoformat(args.letter_date)
    except ValueError as error:
        raise UserFacingError(
            f"Write the letter date as YYYY-MM-DD (got “{args.letter_date}”)."
        ) from error


def _output_file(out: Path, suffix: str, default_stem: str) -> Path:
    """--out names a file (the suffix is added when missing) or a folder to put it in."""
    from arf_desktop.files.names import slug, windows_safe

    if out.suffix.lower() == suffix:
        return out
    if out.is_dir() or str(out).endswith(("/", "\\")):
        out.mkdir(parents=True, exist_ok=True)
        return out / windows_safe(f"{slug(default_stem) or 'export'}{suffix}")
    return out.with_name(out.name + suffix)


def _path_warnings(path: Path) -> list[str]:
    """A line warning that Windows could not save at this path, when that is so."""
    from arf_desktop.files.names import long_path_warning

    warning = long_path_warning(path)
    return [f"Warning: {warning}"] if warning else []


def _results_path(out: Path, chosen_round: str) -> Path:
    return _output_file(out, ".xlsx", f"results-{chosen_round}")


def cmd_export_documents(args: argparse.Namespace) -> Result:
    from arf_desktop.exporters.batch_export import export_round

    if getattr(args, "own_process", False):
        # The libraries just loaded stay until the process ends: the cycle collector leaves
        # them out of its later passes over the documents' objects (a full pass: ~30 ms).
        gc.freeze()

    kinds = DOCUMENTS[args.kind]
    with open_workspace(args) as workspace:
        chosen = round_name(args, workspace)
        if {"letters", "certificates"} & set(kinds):
            from arf_desktop.exporters.output_settings import output_settings, require_signatories

            require_signatories(output_settings(workspace))
        if args.kind == "all":  # the workbook is checked with the documents, before any is written
            from arf_desktop.files.output_guard import check_planned

            check_planned([(_results_path(Path(args.out), chosen), "results_workbook")])
        result = export_round(
            workspace,
            chosen,
            kinds,
            Path(args.out),
            progress_printer(args),
            letter_date=_letter_date(args),
            also_text=getattr(args, "also_text", False),
        )
        results = None
        if args.kind == "all":  # the workbook (and openpyxl) only when it is asked for
            from arf_desktop.exporters.results_workbook import write_results

            results = write_results(workspace, chosen, _results_path(Path(args.out), chosen))
    lines = [f"Written: {path}" for path in result.written]
    lines += [f"Skipped {kind} for {org}: {why}" for kind, org, why in result.skipped]
    lines += [f"Warning: {warning}" for warning in result.warnings]
    lines.append(sentence(result.summary()))
    if results is not None:
        lines.append(f"Results workbook written: {results}")
    payload = {
        "written": [str(p) for p in result.written] + ([str(results)] if results else []),
        "skipped": [{"kind": k, "organisation": o, "reason": w} for k, o, w in result.skipped],
        "cancelled": result.cancelled,
        "warnings": result.warnings,
    }
    return Result(lines, payload)


def cmd_export_results(args: argparse.Namespace) -> Result:
    from arf_desktop.exporters.results_workbook import write_results

    with open_workspace(args) as workspace:
        chosen = round_name(args, workspace)
        path = write_results(workspace, chosen, _results_path(Path(args.out), chosen))
    return Result(
        [f"Results workbook written: {path}", *_path_warnings(path)], {"written": [str(path)]}
    )


def cmd_export_appeal_pack(args: argparse.Namespace) -> Result:
    from arf_desktop.exporters.appeal_pack import write_appeal_pack

    with open_workspace(args) as workspace:
        chosen = round_name(args, workspace)
        target = _output_file(Path(args.out), ".zip", f"appeal-pack-{args.organisation}")
        pack = write_appeal_pack(workspace, chosen, args.organisation, target, _letter_date(args))
    chain = "verified" if pack.chain_ok else "DID NOT VERIFY (see audit/verification.json)"
    return Result(
        [
            f"Appeal pack written: {pack.path}",
            f"{pack.organisation}: {pack.parts} files, {pack.audit_entries} audit entries; "
            f"audit chain {chain}",
            *_path_warnings(pack.path),
        ],
        {**asdict(pack), "path": str(pack.path)},
        ok=pack.chain_ok,
    )


def cmd_export_dashboard(args: argparse.Namespace) -> Result:
    from arf_desktop.exporters.dashboard import dashboard_for, describe
    from arf_desktop.exporters.dashboard_pdf import write_dashboard_pdf

    with open_workspace(args) as workspace:
        dashboard = dashboard_for(workspace, args.round)
    lines = describe(dashboard)
    payload: dict[str, Any] = {
        "scope": dashboard.scope,
        "target": dashboard.target,
        "groups": [asdict(g) | {"share": g.share} for g in (*dashboard.groups, dashboard.region)],
    }
    if args.out:
        path = write_dashboard_pdf(dashboard, _output_file(Path(args.out), ".pdf", "dashboard"))
        lines.append(f"Dashboard written: {path}")
        payload["written"] = [str(path)]
    return Result(lines, payload)


def _signatory(text: str) -> Any:
    from arf_desktop.exporters.documents import Signatory

    name, _, role = text.partition("|")
    return Signatory(name.strip(), role.strip())


def _letterhead(text: str) -> Any:
    from arf_desktop.exporters.documents import Letterhead

    title, subtitle, contact = ([*text.split("|", 2), "", ""])[:3]
    return Letterhead(title.strip(), subtitle.strip(), contact.strip())


def _round_settings(args: argparse.Namespace, workspace: Any) -> list[tuple[str, Any]]:
    """Each round's resubmission setting, saving the one named first when asked to."""
    from arf_desktop.exporters.round_settings import resubmission_for, save_resubmission
    from arf_desktop.registers.rounds import list_rounds

    if args.resubmission_deadline is not None or args.resubmission_route is not None:
        chosen = round_name(args, workspace)
        found = save_resubmission(
            workspace,
            actor(args, workspace),
            chosen,
            args.resubmission_deadline,
            args.resubmission_route,
        )
        return [(chosen, found)]
    rounds = list_rounds(workspace)
    if args.round:
        rounds = [r for r in rounds if r.name.casefold() == args.round.casefold()]
    return [(r.name, resubmission_for(workspace, r)) for r in rounds]


def cmd_export_settings(args: argparse.Namespace) -> Result:
    from arf_desktop.exporters.output_settings import output_settings, save_output_settings

    changing = (
        args.validity_years is not None
        or args.signatory
        or args.target is not None
        or args.letterhead is not None
    )
    per_round = args.resubmission_deadline is not None or args.resubmission_route is not None
    with open_workspace(args, writing=bool(changing or per_round)) as workspace:
        if changing:
            signatories = [_signatory(s) for s in args.signatory] if args.signatory else None
            letterhead = _letterhead(args.letterhead) if args.letterhead is not None else None
            settings = save_output_settings(
                workspace,
                actor(args, workspace),
                args.validity_years,
                signatories,
                args.target,
                letterhead,
            )
        else:
            settings = output_settings(workspace)
        rounds = _round_settings(args, workspace)
    unset = "" if settings.signatories_set else " (not set yet: letters and certificates wait)"
    lines = [
        f"Validity: {settings.validity_years} years",
        *(f"Signatory: {s.name} — {s.role}{unset}" for s in settings.signatories),
        "Letterhead: " + " | ".join(line for line in settings.letterhead if line),
        f"Dashboard target: {settings.target:.0%}",
        *(f"Resubmission in {name}: {found.describe()}" for name, found in rounds),
    ]
    payload = {
        "validity_years": settings.validity_years,
        "signatories": [{"name": s.name, "role": s.role} for s in settings.signatories],
        "signatories_set": settings.signatories_set,
        "letterhead": settings.letterhead._asdict(),
        "target": settings.target,
        "resubmission": {
            name: {"deadline": found.deadline_text, "route": found.route} for name, found in rounds
        },
    }
    return Result(lines, payload)


def register(commands: Any, add: Any) -> None:
    """Add the `export` subcommands to the parser."""
    export = commands.add_parser("export", help="letters, certificates, reports, workbooks")
    actions = export.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    for kind, help_text in (
        ("letters", "award letters, one PDF per decided organisation"),
        ("certificates", "certificates for every organisation awarded a level"),
        ("feedback", "per-criterion feedback reports"),
        ("all", "letters, certificates, feedback reports and the results workbook"),
    ):
        sub = add(kind, cmd_export_documents, help_text, actions)
        sub.set_defaults(kind=kind)
        sub.add_argument("--round", metavar="NAME")
        sub.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
        sub.add_argument("--letter-date", metavar="YYYY-MM-DD", help="default: decision date")
        if kind in ("letters", "all"):
            sub.add_argument(
                "--also-text",
                action="store_true",
                help="also write each letter as plain text (letter-….txt) for screen readers",
            )
        add_force(sub)
    results = add("results", cmd_export_results, "the round results workbook (xlsx)", actions)
    results.add_argument("--round", metavar="NAME")
    results.add_argument("--out", required=True, metavar="DIR_OR_FILE")
    add_force(results)
    appeal = add(
        "appeal-pack", cmd_export_appeal_pack, "one organisation's full record (zip)", actions
    )
    appeal.add_argument("--organisation", required=True, metavar="NAME")
    appeal.add_argument("--round", metavar="NAME")
    appeal.add_argument("--out", required=True, metavar="FILE")
    appeal.add_argument("--letter-date", metavar="YYYY-MM-DD", help="as on the letters sent")
    add_force(appeal)
    dashboard = add("dashboard", cmd_export_dashboard, "regional progress by ICB (PDF)", actions)
    dashboard.add_argument("--round", metavar="NAME", help="default: all rounds")
    dashboard.add_argument("--out", metavar="FILE", help="write the dashboard as PDF")
    add_force(dashboard)
    settings = add(
        "settings",
        cmd_export_settings,
        "show or set validity, signatories, letterhead, target and resubmission",
        actions,
    )
    settings.add_argument("--validity-years", type=int, metavar="N")
    settings.add_argument("--signatory", action="append", metavar="NAME|ROLE", help="repeat")
    settings.add_argument(
        "--letterhead", metavar="TITLE|SUBTITLE|CONTACT", help="the band on the first page"
    )
    settings.add_argument("--target", type=float, metavar="SHARE", help="e.g. 0.75")
    settings.add_argument("--round", metavar="NAME", help="the round the resubmission applies to")
    settings.add_argument(
        "--resubmission-deadline",
        metavar="WEEKS|YYYY-MM-DD",
        help="minor revisions are due this many weeks after the panel date (default 8), or on "
        "this date",
    )
    settings.add_argument(
        "--resubmission-route", metavar="TEXT", help="how revised evidence is sent"
    )
