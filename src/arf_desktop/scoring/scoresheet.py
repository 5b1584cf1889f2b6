"""Offline scoring sheets: export an assessor's allocations to Excel, import them back safely.

Import reads the whole sheet and checks everything (assessor, allocation, conflicts of
interest, criterion ids, scale values, edits made in the window since the export) inside one
write transaction before changing anything, so a sheet imports completely or not at all.
Re-importing the same sheet changes nothing. The layout is in scoresheet_layout.py, the
workbook is built by scoresheet_write.py and read back by scoresheet_read.py.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.records import Round
from arf_desktop.domain.scoring import SUBMITTED, Assessor, ScoreChange
from arf_desktop.files.atomic import workbook_bytes, write_atomic
from arf_desktop.registers.assessors import require_assessor
from arf_desktop.registers.interests import ConflictOfInterest
from arf_desktop.registers.rounds import require_round
from arf_desktop.scoring.scores import apply_change, refuse_conflict
from arf_desktop.scoring.scoresheet_layout import (
    FORMAT,
    FORMAT_VERSION,
    IDENTITY,
    OPEN,
    SUBMITTED_TEXT,
    ScoresheetRejected,
    SheetProblem,
)
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.workspace import Workspace, WriteTx


@dataclass(frozen=True)
class ScoresheetWritten:
    path: Path
    round: str
    assessor: str
    submissions: int
    rows: int
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoresheetImported:
    file: str
    round: str
    assessor: str
    scores_changed: int
    comments_changed: int
    unchanged: int
    blank: int
    sha256: str
    changes: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        if not self.scores_changed and not self.comments_changed:
            return f"nothing to change ({self.unchanged} rows already match, {self.blank} blank)"
        scores = f"{self.scores_changed} score{'' if self.scores_changed == 1 else 's'}"
        comments = f"{self.comments_changed} comment{'' if self.comments_changed == 1 else 's'}"
        return (
            f"{scores} and {comments} imported for {self.assessor} "
            f"({self.unchanged} rows unchanged, {self.blank} blank)"
        )


# -- export ---------------------------------------------------------------------------------


def _sheet_rows(conn: Any, framework: Framework, facts: Any, skipped: list[str]) -> list[list[Any]]:
    """The Scores rows of one allocation (none, and a note in `skipped`, when conflicted)."""
    try:
        refuse_conflict(conn, facts)
    except ConflictOfInterest as conflict:
        skipped.append(f"{facts.organisation}: {'; '.join(conflict.reasons)}")
        return []
    evidence = {e.criterion_id: e for e in submission_repo.evidence(conn, facts.version_id)}
    stored = score_repo.scores_for(conn, facts.id)
    rows = []
    for criterion in framework.criteria_up_to(facts.level_applied):
        said = evidence.get(criterion.id)
        mine = stored.get(criterion.id)
        score = mine.score if mine else None
        rows.append(
            [
                facts.organisation,
                framework.level(facts.level_applied).name,
                criterion.id,
                framework.level(criterion.level).name,
                f"{criterion.principle} {framework.principle(criterion.principle).name}",
                criterion.title,
                said.self_assessment if said else None,
                said.summary if said else None,
                framework.scale_point(score).caption if score is not None else None,
                mine.comment if mine else None,
                SUBMITTED_TEXT if facts.status == SUBMITTED else OPEN,
                mine.revision if mine else 0,
            ]
        )
    return rows


def _identity(
    chosen_round: Round, assessor: Assessor, framework: Framework, workspace_id: str
) -> list[tuple[str, str]]:
    return [
        ("format", FORMAT),
        ("format_version", FORMAT_VERSION),
        ("round", chosen_round.name),
        ("assessor", assessor.name),
        ("framework", framework.key),
        ("framework_version", framework.version),
        ("framework_fingerprint", framework.fingerprint()),
        ("export_id", str(uuid.uuid4())),
        ("exported_at", utc_now()),
        ("workspace_id", workspace_id),
    ]


def export_scoresheet(
    workspace: Workspace, round_name: str, assessor_name: str, out: Path
) -> ScoresheetWritten:
    """Write one assessor's allocated submissions in a round as an Excel scoring sheet."""
    from arf_desktop.scoring.scoresheet_write import build_workbook

    chosen_round = require_round(workspace, round_name)
    assessor = require_assessor(workspace, assessor_name)
    rows: list[list[Any]] = []
    skipped: list[str] = []
    with workspace.read() as conn:
        framework = framework_repo.get_framework(conn, chosen_round.framework_id)
        allocations = allocation_repo.list_allocations(conn, chosen_round.id, assessor.id)
        for facts in allocations:
            rows += _sheet_rows(conn, framework, facts, skipped)
    if not rows:
        blocked = f" ({len(skipped)} allocations blocked by conflicts of interest)."
        raise Refused(
            f"{assessor.name} has nothing to score in “{chosen_round.name}”"
            + (blocked if skipped else ".")
        )
    identity = _identity(chosen_round, assessor, framework, workspace.info("workspace_id") or "")
    book = build_workbook(framework, rows, identity)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, workbook_bytes(book))
    return ScoresheetWritten(
        out,
        chosen_round.name,
        assessor.name,
        len(allocations) - len(skipped),
        len(rows),
        tuple(skipped),
    )


# -- import -----------------------------------------------------------------------------------


def _targets(workspace: Workspace, identity: dict[str, str], file: str) -> tuple[Round, Assessor]:
    """The round and assessor the sheet names, or a rejection naming the identity cell."""
    try:
        return (
            require_round(workspace, identity.get("round", "")),
            require_assessor(workspace, identity.get("assessor", "")),
        )
    except NotFound as missing:
        cell = "B3" if "round" in missing.message else "B4"
        raise ScoresheetRejected(file, [SheetProblem(IDENTITY, cell, missing.message)]) from None


def _check_framework(
    identity: dict[str, str], framework: Framework, chosen_round: Round, file: str
) -> None:
    sheet_framework = (identity.get("framework"), identity.get("framework_version"))
    if sheet_framework != (framework.key, framework.version):
        raise ScoresheetRejected(
            file,
            [
                SheetProblem(
                    IDENTITY,
                    "B5",
                    f"the sheet is for framework {identity.get('framework')} version "
                    f"{identity.get('framework_version')}, but “{chosen_round.name}” uses "
                    f"{framework.key} version {framework.version}",
                )
            ],
        )


def _plan(tx: WriteTx, rows: list[Any], context: Any, file: str) -> tuple[list[Any], int, int]:
    """Every change the sheet asks for, with how many rows match and are blank; else rejected."""
    from arf_desktop.scoring.scoresheet_read import plan_row

    problems: list[SheetProblem] = []
    planned: list[Any] = []
    unchanged = blank = 0
    for row in rows:
        outcome = plan_row(tx.connection, row, context)
        if isinstance(outcome, SheetProblem):
            problems.append(outcome)
        elif outcome is None:
            blank += 1
        else:
            unchanged += not outcome
            planned += outcome
    if problems:
        raise ScoresheetRejected(file, problems)
    return planned, unchanged, blank


def _change_record(change: ScoreChange) -> dict[str, Any]:
    return {
        "criterion": change.criterion_id,
        "allocation": change.allocation_id,
        "field": change.field,
        "from": change.old,
        "to": change.new,
        "revision": change.revision,
    }


def import_scoresheet(workspace: Workspace, actor: str, path: Path) -> ScoresheetImported:
    """Validate every row, then apply all changes in one transaction (or none)."""
    from arf_desktop.scoring.scoresheet_read import SheetContext, read_sheet

    path = Path(path)
    identity, rows, problems = read_sheet(path)
    if problems:
        raise ScoresheetRejected(path.name, problems)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    source = f"scoresheet:{identity.get('export_id', '')}"
    chosen_round, assessor = _targets(workspace, identity, path.name)
    with workspace.write(actor) as tx:
        framework = framework_repo.get_framework(tx.connection, chosen_round.framework_id)
        _check_framework(identity, framework, chosen_round, path.name)
        mine = allocation_repo.list_allocations(tx.connection, chosen_round.id, assessor.id)
        context = SheetContext(
            {f.organisation.casefold(): f for f in mine},
            framework, assessor.name, chosen_round.name, source, {},
        )  # fmt: skip
        planned, unchanged, blank = _plan(tx, rows, context, path.name)
        applied = [
            apply_change(tx, facts, framework, criterion_id, field_name, value, source)
            for facts, criterion_id, field_name, value in planned
        ]
        if applied:
            tx.audit(
                "scoresheet.import",
                "assessor",
                assessor.id,
                {
                    "file": path.name,
                    "sha256": digest,
                    "round": chosen_round.name,
                    "export_id": identity.get("export_id"),
                    "changes": len(applied),
                },
            )
    return ScoresheetImported(
        file=path.name,
        round=chosen_round.name,
        assessor=assessor.name,
        scores_changed=sum(1 for c in applied if c.field == "score"),
        comments_changed=sum(1 for c in applied if c.field == "comment"),
        unchanged=unchanged,
        blank=blank,
        sha256=digest,
        changes=[_change_record(c) for c in applied],
    )
