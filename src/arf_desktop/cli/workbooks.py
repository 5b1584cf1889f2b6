"""Workbook commands: write the blank submission workbook, import returned workbooks."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from arf_desktop.cli.common import Result, actor, add_force, open_workspace, progress_printer
from arf_desktop.domain.wording import sentence


def cmd_template(args: argparse.Namespace) -> Result:
    from arf_desktop.importers.template_file import write_template_for

    with open_workspace(args) as workspace:
        written = write_template_for(
            workspace, Path(args.out), args.org, args.level, args.round, args.force
        )
    scope = written.level.name if written.level else "all levels"
    return Result(
        [
            f"Template written: {written.path}",
            f"{written.framework.label}; {written.criteria} criteria ({scope})"
            + (f"; for {written.organisation}" if written.organisation else ""),
        ],
        {
            "file": str(written.path),
            "framework": {"id": written.framework.key, "version": written.framework.version},
            "organisation": written.organisation,
            "level": written.level.id if written.level else None,
            "criteria": written.criteria,
        },
    )


def cmd_import_workbooks(args: argparse.Namespace) -> Result:
    from arf_desktop.files.file_kinds import require_kind
    from arf_desktop.importers.batch import import_paths

    accepted = {"submission_workbook", "zip_batch"}
    require_kind([Path(p) for p in args.paths], accepted, "a submission workbook")
    progress = progress_printer(args, batches_only=True)
    with open_workspace(args, writing=True) as workspace:
        result = import_paths(
            workspace,
            actor(args, workspace),
            args.paths,
            args.round,
            progress=progress,
            new_round=args.new_round,
        )
    lines: list[str] = []
    for record in result.files:
        organisation = f" → {record.organisation}" if record.organisation else ""
        lines.append(f"{record.status:<10}{record.file}{organisation}: {record.message}")
        lines += [f"  problem: {p.line(with_file=False)}" for p in record.problems]
        lines += [f"  warning: {w.line(with_file=False)}" for w in record.warnings]
    if result.round_created:
        lines.append(f"Round “{result.round_name}” was created.")
    lines.append(sentence(result.summary()))
    return Result(lines, [record.as_json() for record in result.files], ok=result.ok)


def register(commands: Any, add: Any) -> None:
    """Add the workbook subcommands to the parser."""
    template = add("template", cmd_template, "write a blank submission workbook")
    template.add_argument("--out", metavar="FILE", required=True, help="workbook (.xlsx) or folder")
    template.add_argument("--org", metavar="NAME", help="organisation to fill in (name or code)")
    template.add_argument(
        "--level", metavar="LEVEL", help="criteria up to this level (default all)"
    )
    template.add_argument("--round", metavar="NAME", help="use this round's framework version")
    add_force(template)
    import_cmd = add("import", cmd_import_workbooks, "import workbooks, folders or zip batches")
    import_cmd.add_argument("paths", nargs="+", metavar="PATH")
    import_cmd.add_argument(
        "--round", metavar="NAME", help="round to import into (the first import creates it)"
    )
    import_cmd.add_argument(
        "--new-round", action="store_true", help="create the named round when other rounds exist"
    )
