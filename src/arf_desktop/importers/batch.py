"""Importing workbooks, folders and zip batches into a round: each workbook all-or-nothing."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arf_desktop.domain.errors import NotFound, Refused, UserFacingError
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.records import Round
from arf_desktop.files.checks import require_defusedxml
from arf_desktop.files.file_kinds import wrong_kind
from arf_desktop.importers.batch_inputs import WorkItem, expand_inputs
from arf_desktop.importers.evidence_files import FolderIndex, collect_evidence
from arf_desktop.importers.problems import Findings, Problem
from arf_desktop.importers.workbook_reader import ReadContext, WorkbookReading, read_workbook
from arf_desktop.registers.rounds import RoundDraft, create_round_in, unknown_round_message
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import organisations as organisation_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage.submissions import NewVersion, add_version, version_hashes, work_done
from arf_desktop.storage.workspace import Workspace, WriteTx

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
IMPORTED, UNCHANGED, REJECTED = "imported", "unchanged", "rejected"


@dataclass(frozen=True)
class FileResult:
    """What happened to one file, as the results dialog and `import --json` report it."""

    file: str
    status: str
    organisation: str | None = None
    version: int | None = None
    message: str = ""
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    path: Path | None = field(default=None, compare=False, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "organisation": self.organisation,
            "version": self.version,
            "message": self.message,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [w.as_dict() for w in self.warnings],
        }


@dataclass(frozen=True)
class BatchResult:
    """Every file's result, the round used, and whether the user stopped the batch early."""

    round_name: str
    round_created: bool
    files: tuple[FileResult, ...]
    cancelled: bool = False
    not_started: int = 0

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def ok(self) -> bool:
        return not self.cancelled and all(f.status != REJECTED for f in self.files)

    def summary(self) -> str:
        parts = [f"{self.count(IMPORTED)} imported", f"{self.count(UNCHANGED)} unchanged"]
        parts.append(f"{self.count(REJECTED)} rejected")
        text = ", ".join(parts) + f" (round “{self.round_name}”)"
        if self.cancelled:
            text += f"; cancelled with {self.not_started} not started"
        return text


@dataclass
class _Target:
    round: Round | None
    draft: RoundDraft | None
    framework: Framework

    @property
    def name(self) -> str:
        return self.round.name if self.round else (self.draft.name if self.draft else "")


def resolve_round(workspace: Workspace, round_name: str | None, new_round: bool = False) -> _Target:
    """The named round, or the only round there is. An unknown name creates the round only when
    there are no rounds yet or `new_round` says so; otherwise it is refused with the closest
    names (a typo must not start a second round). A closed round takes no imports."""
    with workspace.read() as conn:
        round_name = " ".join((round_name or "").split())
        if round_name:
            found = round_repo.find_round(conn, round_name)
            if found is not None and new_round:
                raise Refused(
                    f"A round called “{found.name}” already exists; leave out --new-round."
                )
            if found is not None and found.closed:
                raise Refused(
                    f"The round “{found.name}” is closed: reopen it "
                    f'(`round reopen "{found.name}"`) to import into it.'
                )
            if found is not None:
                return _Target(found, None, framework_repo.get_framework(conn, found.framework_id))
            rounds = round_repo.list_rounds(conn)
            if rounds and not new_round:
                raise NotFound(
                    unknown_round_message(round_name, rounds)
                    + " To start a new round with this name, add --new-round."
                )
            framework_id = framework_repo.current_framework_id(conn)
            if framework_id is None:
                raise Refused("Load a framework before importing workbooks.")
            draft = RoundDraft(round_name, framework_id=framework_id)
            return _Target(None, draft, framework_repo.get_framework(conn, framework_id))
        rounds = round_repo.list_rounds(conn)
    if len(rounds) == 1:
        return resolve_round(workspace, rounds[0].name)
    if not rounds:
        raise NotFound(
            "There is no round yet. Name one with --round NAME: the first import creates it."
        )
    names = ", ".join(f"“{r.name}”" for r in rounds)
    raise Refused(f"There are {len(rounds)} rounds ({names}); say which with --round NAME.")


def import_paths(
    workspace: Workspace,
    actor: str,
    paths: Iterable[str | Path],
    round_name: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    new_round: bool = False,
) -> BatchResult:
    """Import every workbook under `paths`; one transaction per workbook, cancel between them."""
    try:
        require_defusedxml()
    except RuntimeError as error:
        raise UserFacingError(str(error)) from error
    target = resolve_round(workspace, round_name, new_round)
    created = False
    with tempfile.TemporaryDirectory(prefix="arf-import-") as scratch:
        items, input_problems = expand_inputs([Path(p) for p in paths], Path(scratch))
        results = [
            FileResult(p.display, REJECTED, problems=(Problem(p.display, None, None, p.message),))
            for p in input_problems
        ]
        with workspace.read() as conn:
            organisations = tuple(organisation_repo.list_organisations(conn))
        context = ReadContext(target.framework, organisations, target.name)
        indexes: dict[Path, FolderIndex] = {}
        evidence_used: set[Path] = set()
        seen_orgs: dict[int, str] = {}
        total = len(items)
        for done, item in enumerate(items):
            if cancel is not None and cancel():
                return _finish(target, created, results, evidence_used, total - done, True)
            if progress is not None:
                progress(done, total, item.display)
            result, new_round = _import_one(
                workspace, actor, item, context, target, indexes, evidence_used, seen_orgs
            )
            if new_round is not None:
                target.round, target.draft, created = new_round, None, True
            results.append(result)
        if progress is not None:
            progress(total, total, "")
    return _finish(target, created, results, evidence_used, 0, False)


def _late_version_warning(
    tx: WriteTx, item: WorkItem, submission_id: int, version: int
) -> tuple[Problem, ...]:
    """A revised workbook arriving after scoring or a decision must not pass unnoticed."""
    done = work_done(tx.connection, submission_id)
    if not (done.scored_allocations or done.decided):
        return ()
    parts = []
    if done.scored_allocations:
        parts.append(
            f"{done.scored_allocations} assessor{'s' if done.scored_allocations != 1 else ''} "
            f"had scored version {version - 1} ({done.submitted_allocations} submitted)"
        )
    if done.decided:
        parts.append("the panel had already decided its outcome")
    return (
        Problem(
            item.display,
            None,
            None,
            f"Version {version} arrived after work on the previous one: {'; '.join(parts)}. "
            "Their scores and any decision stand until you act: tell the assessors and the panel, "
            "and reopen the scoring or the decision if the changes matter.",
        ),
    )


def _finish(
    target: _Target,
    created: bool,
    results: list[FileResult],
    evidence_used: set[Path],
    not_started: int,
    cancelled: bool,
) -> BatchResult:
    """Drop spreadsheets found by scanning that turned out to be another workbook's evidence."""
    kept = [
        r
        for r in results
        if not (r.status == REJECTED and r.path is not None and r.path in evidence_used)
    ]
    return BatchResult(target.name, created, tuple(kept), cancelled, not_started)


def _import_one(
    workspace: Workspace,
    actor: str,
    item: WorkItem,
    context: ReadContext,
    target: _Target,
    indexes: dict[Path, FolderIndex],
    evidence_used: set[Path],
    seen_orgs: dict[int, str],
) -> tuple[FileResult, Round | None]:
    scan_path = item.path.resolve() if item.from_scan else None
    wrong = wrong_kind(item.path, {"submission_workbook", "zip_batch"}, "a submission workbook")
    if wrong is not None:
        problem = (Problem(item.display, None, None, wrong),)
        return FileResult(item.display, REJECTED, None, None, wrong, problem, (), scan_path), None
    try:
        reading = read_workbook(item.path, context, item.display)
        if not reading.ok:
            return _rejected(item, reading.problems, reading.warnings, scan_path), None
        return _store(workspace, actor, item, reading, target, indexes, evidence_used, seen_orgs)
    except Exception as error:  # the last guard: never a traceback for one bad file
        from arf_desktop.importers.workbook_reader import reason

        message = f"could not be imported ({reason(error, item.path)}); nothing was stored."
        return _rejected(item, (Problem(item.display, None, None, message),), (), scan_path), None


def _rejected(
    item: WorkItem, problems: tuple[Problem, ...], warnings: tuple[Problem, ...], path: Path | None
) -> FileResult:
    count = len(problems)
    message = f"rejected: {count} problem{'s' if count != 1 else ''}; nothing was imported"
    return FileResult(item.display, REJECTED, None, None, message, problems, warnings, path)


def _store(
    workspace: Workspace,
    actor: str,
    item: WorkItem,
    reading: WorkbookReading,
    target: _Target,
    indexes: dict[Path, FolderIndex],
    evidence_used: set[Path],
    seen_orgs: dict[int, str],
) -> tuple[FileResult, Round | None]:
    organisation, level = reading.organisation, reading.level
    assert organisation is not None and level is not None
    findings = Findings(item.display, warnings=list(reading.warnings))
    folder = item.path.parent
    index = indexes.setdefault(folder, FolderIndex(folder))
    files, used = collect_evidence(findings, item.path, reading.rows, reading.file_cells, index)
    evidence_used.update(used)
    if organisation.id in seen_orgs:
        findings.warn(
            None,
            None,
            f"{seen_orgs[organisation.id]} in this batch is also for {organisation.name}; "
            "the later file becomes the newer version.",
        )
    warnings = tuple(findings.warnings)
    new_round: Round | None = None
    with workspace.write(actor) as tx:
        if target.round is None:
            assert target.draft is not None
            new_round = create_round_in(tx, target.draft)
        round_id = (new_round or target.round).id  # type: ignore[union-attr]
        new = NewVersion(
            round_id=round_id,
            organisation_id=organisation.id,
            level_applied=level.id,
            cover=reading.cover,
            source_name=item.path.name,
            source_sha256=hashlib.sha256(item.path.read_bytes()).hexdigest(),
            template_version=reading.template_version,
            rows=reading.rows,
            files=files,
            warnings=tuple(w.line(with_file=False) for w in warnings),
        )
        history = version_hashes(tx.connection, round_id, organisation.id)
        content = new.content_sha256() if history else None  # a first version matches none
        same = next((number for number, digest in history if digest == content), None)
        if same is not None:
            latest = history[0][0]
            message = (
                f"already imported as version {same}; nothing changed"
                if same == latest
                else f"identical to version {same}, which version {latest} replaced; "
                "not imported again"
            )
            seen_orgs.setdefault(organisation.id, item.display)
            return FileResult(
                item.display, UNCHANGED, organisation.name, same, message, (), warnings, item.path
            ), new_round
        submission_id, version = add_version(tx, new)
        if version > 1:
            warnings = (*warnings, *_late_version_warning(tx, item, submission_id, version))
    seen_orgs.setdefault(organisation.id, item.display)
    message = f"stored as version {version}" + (
        f" with {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""
    )
    return FileResult(
        item.display, IMPORTED, organisation.name, version, message, (), warnings, item.path
    ), new_round
