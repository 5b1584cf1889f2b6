"""The `arf-desktop` command line: every batch task over the same services as the window."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from arf_desktop import __version__, paths
from arf_desktop.domain.errors import UserFacingError

Handler = Callable[[argparse.Namespace], "Result"]


class Result:
    """What a command prints: human lines, a JSON payload, and its exit status."""

    def __init__(self, lines: list[str], payload: Any = None, ok: bool = True) -> None:
        self.lines = lines
        self.payload = payload
        self.ok = ok


def workspace_location(args: argparse.Namespace) -> str:
    return args.db or os.environ.get("ARF_DESKTOP_DB") or str(paths.default_workspace())


def actor(args: argparse.Namespace, workspace: Any | None = None) -> str:
    if args.user:
        return args.user
    if workspace is not None:
        return workspace.default_user()
    from arf_desktop.storage.workspace import system_user

    return system_user()


def open_workspace(args: argparse.Namespace, writing: bool = False) -> Any:
    from arf_desktop.storage.workspace import Workspace

    return Workspace.open(workspace_location(args), lock=writing)


# -- commands -------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.setup import init_workspace

    created = init_workspace(
        workspace_location(args), actor(args), Path(args.framework) if args.framework else None
    )
    framework = created.framework.framework
    return Result(
        [
            f"Workspace ready: {created.location}",
            f"Framework: {framework.label} ({len(framework.criteria)} criteria)",
            f"Organisations added: {created.organisations_added}",
        ],
        {
            "workspace": created.location,
            "framework": {"id": framework.key, "version": framework.version},
            "organisations_added": created.organisations_added,
        },
    )


def cmd_info(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.frameworks import current_framework
    from arf_desktop.storage.rounds import counts

    with open_workspace(args) as workspace:
        with workspace.read() as conn:
            numbers = counts(conn)
        current = current_framework(workspace)
        framework = None
        if current is not None:
            fw = current[1]
            framework = {
                "id": fw.key,
                "version": fw.version,
                "name": fw.name,
                "status": fw.status,
                "criteria": len(fw.criteria),
            }
        payload = {
            "workspace": workspace.display_name,
            "schema_version": int(workspace.info("schema_version") or 0),
            **asdict(numbers),
            "framework": framework,
        }
    lines = [f"Workspace: {payload['workspace']}"]
    if framework:
        lines.append(
            f"Framework: {framework['name']} v{framework['version']} ({framework['status']})"
        )
    lines += [
        f"{key.replace('_', ' ').capitalize()}: {value}" for key, value in asdict(numbers).items()
    ]
    return Result(lines, payload)


def cmd_audit_verify(args: argparse.Namespace) -> Result:
    from arf_desktop.storage import audit

    with open_workspace(args) as workspace, workspace.read() as conn:
        report = audit.verify(conn)
    payload = asdict(report)
    if report.ok:
        return Result(
            [f"Audit log intact: {report.entries} entries, head {report.head[:12]}"], payload
        )
    return Result(
        [f"Audit log broken at entry {report.broken_at}: {report.reason}"], payload, ok=False
    )


def cmd_backup(args: argparse.Namespace) -> Result:
    from arf_desktop.storage.backups import copy_database

    with open_workspace(args) as workspace:
        if args.out:
            if workspace.path is None:
                raise UserFacingError("Backups of a server database are made with pg_dump.")
            target = copy_database(workspace.path, Path(args.out))
        else:
            target = workspace.backup("manual")
    return Result([f"Backup written: {target}"], {"backup": str(target)})


def cmd_restore(args: argparse.Namespace) -> Result:
    from arf_desktop.storage import backups
    from arf_desktop.storage.instance_lock import InstanceLock

    database = Path(workspace_location(args))
    chosen = Path(args.source) if args.source else None
    if chosen is None:
        latest = backups.latest_good_backup(database)
        if latest is None:
            raise UserFacingError(f"No healthy backup of {database} was found.")
        chosen = latest.path
    if not backups.is_healthy(chosen):
        raise UserFacingError(f"{chosen} is not a healthy workspace backup; nothing was changed.")
    with InstanceLock(database):
        moved = backups.restore(database, chosen)
    lines = [f"Restored {database} from {chosen}"]
    if moved:
        lines.append(f"The replaced file was kept as {moved}")
    return Result(lines, {"restored_from": str(chosen), "replaced_kept_as": str(moved or "")})


def cmd_demo(args: argparse.Namespace) -> Result:
    from arf_desktop.demo import build_demo

    location = Path(args.db) if args.db else paths.demo_workspace()
    existed = location.exists()
    build_demo(location)
    verb = "already exists" if existed else "created"
    return Result([f"Demo workspace {verb}: {location}"], {"workspace": str(location)})


def cmd_organisations(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.organisations import list_all

    with open_workspace(args) as workspace:
        organisations = list_all(workspace)
    lines = [
        f"{o.name} — {o.icb or 'no ICB'} ({o.org_type}){'' if o.active else ' [inactive]'}"
        for o in organisations
    ]
    return Result(lines, [asdict(o) for o in organisations])


def cmd_framework_load(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.frameworks import load_framework

    with open_workspace(args, writing=True) as workspace:
        loaded = load_framework(workspace, actor(args, workspace), Path(args.file))
    fw = loaded.framework
    state = "loaded" if loaded.new else "already loaded"
    return Result(
        [f"Framework {fw.label} {state}; new rounds will use it."],
        {"id": fw.key, "version": fw.version, "new": loaded.new, "criteria": len(fw.criteria)},
    )


def cmd_migrate(args: argparse.Namespace) -> Result:
    from arf_desktop.storage.migrate import copy_workspace

    with open_workspace(args, writing=True) as workspace:
        report = copy_workspace(workspace, args.to)
    total = sum(report.rows.values())
    return Result(
        [
            f"Copied {total} rows in {len(report.rows)} tables to {args.to.split('@')[-1]}",
            f"Audit log verified on the new database: {report.audit_entries} entries, "
            f"head {report.audit_head[:12]}",
            f"Use it with --db {args.to}",
        ],
        {
            "rows": report.rows,
            "audit_entries": report.audit_entries,
            "audit_head": report.audit_head,
        },
    )


def cmd_self_test(args: argparse.Namespace) -> Result:
    from arf_desktop.selftest import run_self_test

    checks = run_self_test(window=not args.no_window)
    lines = [f"{'ok  ' if ok else 'FAIL'} {name}: {detail}" for name, ok, detail in checks]
    passed = all(ok for _, ok, _ in checks)
    payload = {
        "passed": passed,
        "checks": [{"name": n, "ok": o, "detail": d} for n, o, d in checks],
    }
    return Result(lines, payload, ok=passed)


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


def cmd_import(args: argparse.Namespace) -> Result:
    from arf_desktop.importers.batch import import_paths

    def progress(done: int, total: int, name: str) -> None:
        if name and not args.json and total > 1 and sys.stderr.isatty():
            print(f"[{done + 1}/{total}] {name}", file=sys.stderr)

    with open_workspace(args, writing=True) as workspace:
        result = import_paths(
            workspace, actor(args, workspace), args.paths, args.round, progress=progress
        )
    lines: list[str] = []
    for record in result.files:
        organisation = f" → {record.organisation}" if record.organisation else ""
        lines.append(f"{record.status:<10}{record.file}{organisation}: {record.message}")
        lines += [f"  problem: {p.line(with_file=False)}" for p in record.problems]
        lines += [f"  warning: {w.line(with_file=False)}" for w in record.warnings]
    if result.round_created:
        lines.append(f"Round “{result.round_name}” was created.")
    lines.append(result.summary().capitalize())
    return Result(lines, [record.as_json() for record in result.files], ok=result.ok)


# -- parser ---------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH_OR_URL", help="workspace file or database URL")
    common.add_argument("--user", metavar="NAME", help="who the audit log records")
    common.add_argument("--json", action="store_true", help="print a machine-readable result")

    parser = argparse.ArgumentParser(
        prog="arf-desktop",
        description="ARF Desktop: recognition rounds of the NHS North West Anti-Racist Framework.",
        epilog="The window opens with `arf-desktop-window`; no subcommand here opens it.",
    )
    parser.add_argument("--version", action="version", version=f"arf-desktop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, handler: Handler, help_text: str, parent: Any = commands) -> Any:
        sub = parent.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    init = add("init", cmd_init, "create a workspace (draft framework and organisation register)")
    init.add_argument("--framework", metavar="FILE", help="framework definition (JSON)")
    add("info", cmd_info, "what the workspace holds")
    audit_cmd = commands.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True, metavar="ACTION"
    )
    add("verify", cmd_audit_verify, "check the audit log's hash chain", audit_cmd)
    backup = add("backup", cmd_backup, "back up the workspace (SQLite backup API)")
    backup.add_argument("--out", metavar="FILE", help="where to write (default: rotated folder)")
    restore = add("restore", cmd_restore, "replace the workspace with a backup")
    restore.add_argument("--from", dest="source", metavar="FILE", help="default: latest good")
    add("demo", cmd_demo, "create the demo workspace")
    add("organisations", cmd_organisations, "list the organisation register")
    framework = commands.add_parser("framework", help="framework versions").add_subparsers(
        dest="framework_command", required=True, metavar="ACTION"
    )
    load = add("load", cmd_framework_load, "load a framework definition file", framework)
    load.add_argument("file", metavar="FILE")
    template = add("template", cmd_template, "write a blank submission workbook")
    template.add_argument("--out", metavar="FILE", required=True, help="workbook (.xlsx) or folder")
    template.add_argument("--org", metavar="NAME", help="organisation to fill in (name or code)")
    template.add_argument(
        "--level", metavar="LEVEL", help="criteria up to this level (default all)"
    )
    template.add_argument("--round", metavar="NAME", help="use this round's framework version")
    template.add_argument("--force", action="store_true", help="replace an existing file")
    import_cmd = add("import", cmd_import, "import workbooks, folders or zip batches")
    import_cmd.add_argument("paths", nargs="+", metavar="PATH")
    import_cmd.add_argument("--round", metavar="NAME", help="round to import into (created if new)")
    __import__("arf_desktop.cli_scoring").cli_scoring.register(commands, add)
    __import__("arf_desktop.cli_moderation").cli_moderation.register(commands, add)
    __import__("arf_desktop.cli_exchange").cli_exchange.register(commands, add)
    __import__("arf_desktop.cli_outputs").cli_outputs.register(commands, add)
    migrate = add("migrate-workspace", cmd_migrate, "copy this workspace to a PostgreSQL database")
    migrate.add_argument("--to", required=True, metavar="URL", help="postgresql+psycopg://…")
    selftest = add("self-test", cmd_self_test, "headless end-to-end check of this installation")
    selftest.add_argument("--no-window", action="store_true", help="skip the window check")
    return parser


def emit(result: Result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.payload, indent=2, ensure_ascii=False, default=str))
        return
    stream = sys.stdout if result.ok else sys.stderr
    for line in result.lines:
        print(line, file=stream)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result = args.handler(args)
    except UserFacingError as error:
        for line in error.message.splitlines():
            print(f"arf-desktop: {line}", file=sys.stderr)
        if args.json:
            print(json.dumps({"ok": False, "error": error.message}, ensure_ascii=False))
        return 1
    except KeyboardInterrupt:
        print("arf-desktop: cancelled; nothing half-written was kept.", file=sys.stderr)
        return 130
    except Exception as error:  # the last guard: a one-line reason, never a traceback
        print(f"arf-desktop: unexpected error ({type(error).__name__}: {error}).", file=sys.stderr)
        print("arf-desktop: please report this with the command you ran.", file=sys.stderr)
        return 2
    try:
        emit(result, args.json)
    except BrokenPipeError:  # the reader (`| head`) stopped early: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
