"""Exchange commands: work packs out and in, score returns out and in, the edit-clash queue."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from arf_desktop.cli.common import (
    Result,
    actor,
    add_force,
    exchange_target,
    open_workspace,
    progress_printer,
)
from arf_desktop.domain.errors import UserFacingError

PASSPHRASE_ENV = "ARF_PASSPHRASE"
SEND_APART = (
    "Encrypted with the passphrase: tell it to the assessor another way (telephone, text "
    "message), never in the e-mail that carries the pack."
)


def _passphrase_from_file(name: str) -> str:
    path = Path(name).expanduser()
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        why = getattr(error, "strerror", None) or "not UTF-8 text"
        raise UserFacingError(f"The passphrase file {path.name} cannot be read ({why}).") from None
    if not lines or not lines[0]:
        raise UserFacingError(f"The passphrase file {path.name} is empty on its first line.")
    return lines[0]


def passphrase(args: argparse.Namespace, new: bool) -> str:
    """--passphrase-file (its first line), else $ARF_PASSPHRASE, else asked on a terminal
    without echo (twice for a new pack); never printed."""
    if getattr(args, "passphrase_file", None):
        return _passphrase_from_file(args.passphrase_file)
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Passphrase of the work pack: ")
        if new and getpass.getpass("The same passphrase again: ") != first:
            raise UserFacingError("The two passphrases differ; nothing was written.")
        return first
    raise UserFacingError(
        "Work packs are encrypted with a passphrase: give --passphrase-file FILE, set "
        f"{PASSPHRASE_ENV}, or run the command in a terminal to be asked for it."
    )


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"the pack's passphrase is this file's first line (else ${PASSPHRASE_ENV}, else "
        "asked without echo on a terminal)",
    )


def cmd_pack_export(args: argparse.Namespace) -> Result:
    from arf_desktop.exchange.packs import PACK_SUFFIX, export_pack, export_packs, pack_name
    from arf_desktop.exchange.sealed import check_new_passphrase

    secret = passphrase(args, new=True)
    check_new_passphrase(secret)
    with open_workspace(args, writing=True) as workspace:
        who = actor(args, workspace)
        if args.assessor:
            default = pack_name(args.round, args.assessor)
            out = exchange_target(args.out, PACK_SUFFIX, default)
            written = [export_pack(workspace, who, args.round, args.assessor, out, secret)]
            problems: list[tuple[str, str]] = []
        else:
            batch = export_packs(workspace, who, args.round, Path(args.out), passphrase=secret)
            written, problems = list(batch.written), list(batch.problems)
    lines = [
        f"Work pack written: {p.path} — {p.assessor}, {p.allocations} submissions, "
        f"{p.files} evidence files ({p.size / 1024:,.0f} KB)"
        + (f"; skipped (conflict of interest): {'; '.join(p.skipped)}" if p.skipped else "")
        for p in written
    ]
    lines += [f"No pack for {name}: {why}" for name, why in problems]
    lines += [SEND_APART] if written else []
    payload = {
        "written": [{**asdict(p), "path": str(p.path)} for p in written],
        "problems": [{"assessor": n, "reason": why} for n, why in problems],
    }
    return Result(lines, payload, ok=not problems)


def cmd_pack_import(args: argparse.Namespace) -> Result:
    from arf_desktop.exchange.pack_import import import_pack
    from arf_desktop.exchange.sealed import sealed_file
    from arf_desktop.files.file_kinds import require_kind

    require_kind([Path(args.file)], {"work_pack"}, "a work pack")
    secret = passphrase(args, new=False) if sealed_file(Path(args.file)) else None
    with open_workspace(args, writing=True) as workspace:
        imported = import_pack(workspace, actor(args, workspace), Path(args.file), secret)
    lines = [f"Work pack imported: {imported.summary()}"]
    if not imported.unchanged:
        lines.append(f"This workspace now scores as {imported.assessor}.")
    return Result(lines, asdict(imported))


def cmd_pack_revoke_key(args: argparse.Namespace) -> Result:
    from arf_desktop.exchange.keys import revoke_keys

    with open_workspace(args, writing=True) as workspace:
        done = revoke_keys(
            workspace, actor(args, workspace), args.assessor, args.round, args.reason or ""
        )
    where = f" in “{done.round}”" if done.round else ""
    return Result(
        [
            f"Return keys revoked: {done.revoked} for {done.assessor}{where}; returns signed "
            "with them are refused. Send a new work pack (`pack rotate-key`) for a fresh key."
        ],
        asdict(done),
    )


def cmd_pack_rotate_key(args: argparse.Namespace) -> Result:
    from arf_desktop.exchange.packs import PACK_SUFFIX, pack_name, rotate_key

    out = exchange_target(args.out, PACK_SUFFIX, pack_name(args.round, args.assessor))
    secret = passphrase(args, new=True)
    with open_workspace(args, writing=True) as workspace:
        p = rotate_key(
            workspace, actor(args, workspace), args.round, args.assessor, out,
            args.reason or "", secret,
        )  # fmt: skip
    return Result(
        [
            f"Return key rotated for {p.assessor}: older keys revoked; new work pack with a "
            f"fresh key written to {p.path}",
            SEND_APART,
        ],
        {**asdict(p), "path": str(p.path)},
    )


def cmd_return_export(args: argparse.Namespace) -> Result:
    from arf_desktop.exchange.packs import PACK_SUFFIX, pack_name
    from arf_desktop.exchange.returns import RETURN_SUFFIX, export_return

    default = pack_name(args.round, args.assessor or "scores").removesuffix(PACK_SUFFIX)
    out = exchange_target(args.out, RETURN_SUFFIX, default + RETURN_SUFFIX)
    with open_workspace(args, writing=True) as workspace:
        written = export_return(workspace, actor(args, workspace), args.round, out, args.assessor)
    return Result(
        [
            f"Score return written: {written.path} — {written.assessor}, {written.scores} scores, "
            f"{written.submitted} submissions submitted ({written.records} records)"
        ],
        {**asdict(written), "path": str(written.path)},
    )


def cmd_return_import(args: argparse.Namespace) -> Result:
    from arf_desktop.exchange.merge import REJECTED, import_returns
    from arf_desktop.files.file_kinds import require_kind

    require_kind([Path(f) for f in args.files], {"score_return"}, "a score return")
    progress = progress_printer(args, batches_only=True)
    with open_workspace(args, writing=True) as workspace:
        batch = import_returns(
            workspace, actor(args, workspace), [Path(f) for f in args.files], progress
        )
    lines = []
    for report in batch.reports:
        who = f" ({report.assessor})" if report.assessor else ""
        lines.append(f"{report.status:<10}{report.file}{who}: {report.line()}")
        lines += [f"  problem: {reason}" for reason in report.reasons]
        lines += [f"  {note}" for note in report.notes]
    return Result(lines, [r.as_json() for r in batch.reports], ok=not batch.count(REJECTED))


def cmd_score_conflicts_list(args: argparse.Namespace) -> Result:
    from arf_desktop.exchange.edit_clashes import list_queue

    with open_workspace(args) as workspace:
        found = list_queue(workspace, args.round, include_closed=args.all)
    lines = []
    for c in found:
        lines.append(
            f"#{c.id} [{c.status}] {c.organisation} — {c.item_label} — {c.assessor}: {c.kind_text}"
        )
        lines += [f"    {choice.index + 1}. {choice.label}" for choice in c.choices]
    if not lines:
        lines = ["No score conflicts are waiting."]
    return Result(lines, [asdict(c) for c in found])


def cmd_score_conflicts_resolve(args: argparse.Namespace) -> Result:
    from arf_desktop.exchange.edit_clashes import resolve_clash

    with open_workspace(args, writing=True) as workspace:
        done = resolve_clash(
            workspace, actor(args, workspace), args.id, args.keep - 1, args.note or ""
        )
    return Result(
        [f"Edit clash #{done.clash_id} resolved: kept {done.chosen.label}"], done.as_json()
    )


def register(commands: Any, add: Any) -> None:
    """Add the exchange subcommands to the parser."""
    pack = commands.add_parser("pack", help="work packs for assessors").add_subparsers(
        dest="pack_command", required=True, metavar="ACTION"
    )
    export = add("export", cmd_pack_export, "write work packs for a round", pack)
    export.add_argument("--round", required=True, metavar="NAME")
    export.add_argument("--assessor", metavar="NAME", help="one assessor (default: every one)")
    export.add_argument(
        "--out",
        required=True,
        metavar="FILE_OR_DIR",
        help="folder (one pack per assessor), or with --assessor a file (.arfpack added) or folder",
    )
    add_passphrase_option(export)
    add_force(export)
    imported = add("import", cmd_pack_import, "import a work pack into this workspace", pack)
    imported.add_argument("file", metavar="FILE")
    add_passphrase_option(imported)
    revoke = add("revoke-key", cmd_pack_revoke_key, "revoke an assessor's return keys", pack)
    revoke.add_argument("--assessor", required=True, metavar="NAME")
    revoke.add_argument("--round", metavar="NAME", help="one round (default: every round)")
    revoke.add_argument("--reason", metavar="TEXT", help="why (kept with the key and audited)")
    rotate = add(
        "rotate-key", cmd_pack_rotate_key, "revoke an assessor's keys and send a new pack", pack
    )
    rotate.add_argument("--round", required=True, metavar="NAME")
    rotate.add_argument("--assessor", required=True, metavar="NAME")
    rotate.add_argument("--out", required=True, metavar="FILE")
    rotate.add_argument("--reason", metavar="TEXT", help="why (kept with the key and audited)")
    add_passphrase_option(rotate)
    add_force(rotate)
    back = commands.add_parser("return", help="score returns to the coordinator").add_subparsers(
        dest="return_command", required=True, metavar="ACTION"
    )
    out = add("export", cmd_return_export, "write this workspace's scores as a return", back)
    out.add_argument("--round", required=True, metavar="NAME")
    out.add_argument(
        "--out", required=True, metavar="FILE_OR_DIR", help="file (.arfreturn added) or folder"
    )
    out.add_argument("--assessor", metavar="NAME", help="when several packs were imported")
    add_force(out)
    merge = add("import", cmd_return_import, "merge score returns into this workspace", back)
    merge.add_argument("files", nargs="+", metavar="FILE")
    queue = commands.add_parser(
        "score-conflicts", help="edit clashes: scores two edits disagree on"
    ).add_subparsers(dest="conflicts_command", required=True, metavar="ACTION")
    listed = add("list", cmd_score_conflicts_list, "list the edit-clash queue", queue)
    listed.add_argument("--round", metavar="NAME")
    listed.add_argument("--all", action="store_true", help="include resolved edit clashes")
    resolve = add("resolve", cmd_score_conflicts_resolve, "keep one value of an edit clash", queue)
    resolve.add_argument("id", type=int, metavar="ID")
    resolve.add_argument("--keep", type=int, required=True, metavar="N", help="value number")
    resolve.add_argument("--note", metavar="TEXT", help="why (kept in the audit log)")
