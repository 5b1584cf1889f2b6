"""Workspace commands: create, inspect, verify, back up, restore, migrate and self-test."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from arf_desktop import paths
from arf_desktop.cli.common import (
    Result,
    actor,
    add_force,
    open_workspace,
    output_policy,
    workspace_location,
)
from arf_desktop.domain.errors import UserFacingError


def cmd_init(args: argparse.Namespace) -> Result:
    from arf_desktop.files.file_kinds import require_kind
    from arf_desktop.registers.setup import init_workspace

    if args.framework:
        require_kind([Path(args.framework)], {"framework"}, "a framework definition")
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
    from arf_desktop.storage.workspace import counts

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
            "read_only": workspace.read_only,
            **asdict(numbers),
            "framework": framework,
        }
    lines = [f"Workspace: {payload['workspace']}"]
    if workspace.read_only is not None:
        lines.append(f"Read-only: {workspace.read_only}; it can be read but not changed")
    if framework:
        lines.append(
            f"Framework: {framework['name']} v{framework['version']} ({framework['status']})"
        )
    lines += [
        f"{key.replace('_', ' ').capitalize()}: {value}" for key, value in asdict(numbers).items()
    ]
    return Result(lines, payload)


def cmd_audit_verify(args: argparse.Namespace) -> Result:
    from arf_desktop.registers.anchors import check_anchors, read_anchors
    from arf_desktop.storage import audit
    from arf_desktop.storage.audit_replay import replay

    anchors = [a for f in args.anchor or [] for a in read_anchors(Path(f))]
    with open_workspace(args) as workspace:
        with workspace.read() as conn:
            report = audit.verify(conn)
            head_seq, head_hash = audit.head(conn)
            replayed = replay(conn) if report.ok else None
        checks = check_anchors(workspace, anchors)
    payload: dict[str, Any] = {
        **asdict(report),
        "audit_head": {"seq": head_seq, "hash": head_hash},
        "replay": None if replayed is None else {
            "ok": replayed.ok, "checked": replayed.checked,
            "not_checkable": replayed.not_checkable,
            "differences": [asdict(d) for d in replayed.differences],
        },
        "anchors": [asdict(c) for c in checks],
    }  # fmt: skip
    lines = [f"Audit head: {head_seq} · {head_hash}"]
    if not report.ok:
        lines.append(f"Audit log broken at entry {report.broken_at}: {report.reason}")
    else:
        lines.append(f"Audit chain intact: {report.entries} entries, head {report.head[:12]}")
    if replayed is not None:
        checked = ", ".join(f"{n} {k}" for k, n in replayed.checked.items())
        unknown = ", ".join(f"{n} {k}" for k, n in replayed.not_checkable.items() if n)
        lines.append(f"Replayed against the data: {checked} checked")
        if unknown:
            lines.append(f"Not checkable (logged before entries carried values): {unknown}")
        lines += [f"  DIFFERS: {d.line()}" for d in replayed.differences]
    for c in checks:
        lines.append(
            f"Anchor {c.seq} · {c.hash[:12]}…: "
            + (
                (f"matched: {c.reason}" if c.reason else "in the chain with that hash")
                if c.ok
                else f"NOT MATCHED — {c.reason}"
            )
        )
    ok = report.ok and (replayed is None or replayed.ok) and all(c.ok for c in checks)
    lines.append("Audit verified." if ok else "Audit NOT verified.")
    return Result(lines, payload, ok=ok)


def cmd_backup(args: argparse.Namespace) -> Result:
    from arf_desktop.storage.backups import copy_database

    with open_workspace(args) as workspace:
        if args.out:
            if workspace.path is None:
                raise UserFacingError("Backups of a server database are made with pg_dump.")
            target = Path(args.out).expanduser()
            _check_backup_target(args, workspace, target)
            target = copy_database(workspace.path, target)
        else:
            target = workspace.backup("manual")
    return Result([f"Backup written: {target}"], {"backup": str(target)})


def _check_backup_target(args: argparse.Namespace, workspace: Any, target: Path) -> None:
    """A backup never lands on the workspace or its files, and replaces only an earlier backup
    of this same workspace unless --force."""
    from arf_desktop.files.output_guard import check_output
    from arf_desktop.storage.workspace import workspace_id

    with workspace.read() as conn:
        kind = f"workspace:{workspace_id(conn)}"
    policy = output_policy(args)
    check_output(target, policy.workspace, policy.force, kind)


def cmd_restore(args: argparse.Namespace) -> Result:
    from arf_desktop.files.output_guard import WorkspaceFiles, file_clash
    from arf_desktop.storage import backups
    from arf_desktop.storage.instance_lock import InstanceLock

    database = Path(workspace_location(args))
    chosen = Path(args.source) if args.source else None
    if chosen is not None:
        from arf_desktop.files.file_kinds import require_kind

        clash = file_clash(chosen, WorkspaceFiles.at(workspace_location(args)))
        if clash is not None:
            raise UserFacingError(
                f"{chosen} is {clash}, not a backup of it; nothing was moved or changed. "
                "Restore from a backup (see the backups folder beside the workspace)."
            )

        require_kind([chosen], {"workspace"}, "a workspace backup")
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
    from arf_desktop.demo.workspace import build_demo

    location = Path(args.db) if args.db else paths.demo_workspace()
    existed = location.exists()
    build_demo(location)
    verb = "already exists" if existed else "created"
    return Result([f"Demo workspace {verb}: {location}"], {"workspace": str(location)})


def cmd_window(args: argparse.Namespace) -> Result:
    """Open the window, exactly as `arf-desktop-window` with the same options does."""
    from arf_desktop.app import main as open_window

    argv = ["--demo"] if args.demo else []
    if args.db:
        argv += ["--db", args.db]
    if args.user:
        argv += ["--user", args.user]
    if getattr(args, "settings", None):
        argv += ["--settings", args.settings]
    code = open_window(argv)
    lines = [] if code == 0 else ["The window closed with an error."]
    return Result(lines, {"exit": code}, code == 0)


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
    from arf_desktop.files.file_kinds import require_kind
    from arf_desktop.registers.frameworks import load_framework

    require_kind([Path(args.file)], {"framework"}, "a framework definition")
    with open_workspace(args, writing=True) as workspace:
        loaded = load_framework(workspace, actor(args, workspace), Path(args.file))
    fw = loaded.framework
    state = "loaded" if loaded.new else "already loaded"
    return Result(
        [f"Framework {fw.label} {state}; new rounds will use it."],
        {"id": fw.key, "version": fw.version, "new": loaded.new, "criteria": len(fw.criteria)},
    )


def cmd_migrate_workspace(args: argparse.Namespace) -> Result:
    from arf_desktop.storage.failures import without_password
    from arf_desktop.storage.migrate import copy_workspace

    with open_workspace(args, writing=True) as workspace:
        report = copy_workspace(workspace, args.to)
    total = sum(report.rows.values())
    return Result(
        [
            f"Copied {total} rows in {len(report.rows)} tables to {args.to.split('@')[-1]}",
            f"Audit log verified on the new database: {report.audit_entries} entries, "
            f"head {report.audit_head[:12]}",
            f"Use it with --db {without_password(args.to)}",
        ],
        {
            "rows": report.rows,
            "audit_entries": report.audit_entries,
            "audit_head": report.audit_head,
        },
    )


def cmd_self_test(args: argparse.Namespace) -> Result:
    from arf_desktop.demo.selftest import run_self_test

    checks = run_self_test(window=not args.no_window)
    lines = [f"{'ok  ' if ok else 'FAIL'} {name}: {detail}" for name, ok, detail in checks]
    passed = all(ok for _, ok, _ in checks)
    payload = {
        "passed": passed,
        "checks": [{"name": n, "ok": o, "detail": d} for n, o, d in checks],
    }
    return Result(lines, payload, ok=passed)


def cmd_accessibility_check(args: argparse.Namespace) -> Result:
    from arf_desktop.app import accessibility_check

    if args.db and "://" in args.db:
        raise UserFacingError("The accessibility check opens a workspace file, not a database URL.")
    findings = accessibility_check(Path(args.db) if args.db else None)
    lines = findings or ["No findings: every control has a name, a role and a keyboard route."]
    if findings:
        lines.append(f"{len(findings)} finding{'s' * (len(findings) != 1)}.")
    return Result(lines, {"findings": findings}, ok=not findings)


def register(commands: Any, add: Any) -> None:
    """Add the workspace subcommands to the parser."""
    init = add("init", cmd_init, "create a workspace (draft framework and organisation register)")
    init.add_argument("--framework", metavar="FILE", help="framework definition (JSON)")
    add("info", cmd_info, "what the workspace holds")
    audit_cmd = commands.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True, metavar="ACTION"
    )
    verify = add(
        "verify", cmd_audit_verify, "check the chain, replay it against the data", audit_cmd
    )
    verify.add_argument(
        "--anchor", action="append", metavar="FILE",
        help="a letter, workbook, appeal pack, backup or text file of heads to check against",
    )  # fmt: skip
    backup = add("backup", cmd_backup, "back up the workspace (SQLite backup API)")
    backup.add_argument("--out", metavar="FILE", help="where to write (default: rotated folder)")
    add_force(backup)
    restore = add("restore", cmd_restore, "replace the workspace with a backup")
    restore.add_argument("--from", dest="source", metavar="FILE", help="default: latest good")
    add("demo", cmd_demo, "create the demo workspace")
    window = add("window", cmd_window, "open the window (as arf-desktop-window)")
    window.add_argument("--settings", metavar="FILE", help="window settings file (INI)")
    add("organisations", cmd_organisations, "list the organisation register")
    framework = commands.add_parser("framework", help="framework versions").add_subparsers(
        dest="framework_command", required=True, metavar="ACTION"
    )
    load = add("load", cmd_framework_load, "load a framework definition file", framework)
    load.add_argument("file", metavar="FILE")
    migrate = add(
        "migrate-workspace", cmd_migrate_workspace, "copy this workspace to a PostgreSQL database"
    )
    migrate.add_argument("--to", required=True, metavar="URL", help="postgresql+psycopg://…")
    selftest = add("self-test", cmd_self_test, "headless end-to-end check of this installation")
    selftest.add_argument("--no-window", action="store_true", help="skip the window check")
    add(
        "accessibility-check",
        cmd_accessibility_check,
        "walk every screen and dialog offscreen for names, roles, keyboard routes and contrast",
    )
