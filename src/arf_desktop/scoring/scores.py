"""The assessor's scoring: open a submission, record scores and comments, submit and reopen.

Every edit is its own write transaction: when `record_score` returns, the change is on
disk with its new revision and an audit entry saying who changed what, from what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.records import EvidenceFile, OtherScore
from arf_desktop.domain.scoring import (
    ALLOCATED,
    SUBMITTED,
    AllocationRow,
    OrganisationRef,
    ScoreChange,
    submit_problems,
)
from arf_desktop.registers.interests import refuse_if_conflicted
from arf_desktop.scoring.allocation import RowBuilder
from arf_desktop.scoring.score_writes import ScoreAudit, save_score
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import scores as repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.allocations import AllocationFacts
from arf_desktop.storage.scores import StoredScore
from arf_desktop.storage.workspace import Workspace, WriteTx

MAX_COMMENT = 10_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\ufeff]")


@dataclass(frozen=True)
class CriterionRow:
    """One row of the assessor's criteria table."""

    id: str
    level: str
    level_name: str
    principle: str
    principle_name: str
    title: str
    self_assessment: str | None
    summary: str
    files: tuple[EvidenceFile, ...]
    score: int | None
    comment: str
    revision: int


@dataclass(frozen=True)
class ScoringSheet:
    """Everything the window shows for one allocation."""

    allocation: AllocationRow
    framework: Framework
    rows: tuple[CriterionRow, ...]

    @property
    def locked(self) -> bool:
        return self.allocation.submitted


def clean_comment(text: str) -> str:
    cleaned = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(cleaned) > MAX_COMMENT:
        raise Refused(f"A comment can be at most {MAX_COMMENT:,} characters.")
    return cleaned


# -- shared checks ------------------------------------------------------------------


def _facts(conn: Any, allocation_id: int, assessor_id: int | None) -> AllocationFacts:
    facts = allocation_repo.get_allocation(conn, allocation_id)
    if facts is None:
        raise NotFound("That allocation no longer exists; it may have been removed.")
    if assessor_id is not None and facts.assessor_id != assessor_id:
        raise Refused(
            f"This submission ({facts.organisation}) is allocated to {facts.assessor}, not to you."
        )
    return facts


def refuse_conflict(conn: Any, facts: AllocationFacts) -> None:
    assessor = assessor_repo.get_assessor(conn, facts.assessor_id)
    assert assessor is not None
    refuse_if_conflicted(
        conn,
        assessor,
        OrganisationRef(facts.organisation_id, facts.organisation, facts.icb),
        facts.same_icb_conflict,
    )


def criteria_for(framework: Framework, facts: AllocationFacts) -> list[str]:
    return [c.id for c in framework.criteria_up_to(facts.level_applied)]


def editable(conn: Any, facts: AllocationFacts, criterion_id: str) -> Framework:
    """Refuse an edit on a locked, conflicted or unknown criterion; return the framework."""
    if facts.status == SUBMITTED:
        raise Refused(
            f"The scores for {facts.organisation} were submitted and are locked. "
            "Reopen them (with a reason) to change anything."
        )
    refuse_conflict(conn, facts)
    framework = framework_repo.get_framework(conn, facts.framework_id)
    if criterion_id not in criteria_for(framework, facts):
        raise NotFound(
            f"{criterion_id} is not a criterion {facts.organisation} is scored on "
            f"(level applied for: {facts.level_applied})."
        )
    return framework


def apply_change(
    tx: WriteTx,
    facts: AllocationFacts,
    framework: Framework,
    criterion_id: str,
    field: str,
    value: int | str | None,
    source: str,
) -> ScoreChange:
    """Write one field of one score row inside `tx`, with its audit entry; no-op when unchanged."""
    if field == "score":
        if value is not None and not framework.on_scale(value):
            raise Refused(framework.off_scale(value))
    elif field == "comment":
        value = clean_comment(str(value or ""))
    else:
        raise ValueError(field)
    stored = repo.get_score(tx.connection, facts.id, criterion_id)
    old_score = stored.score if stored else None
    old_comment = stored.comment if stored else ""
    old = old_score if field == "score" else old_comment
    if old == value:
        revision = stored.revision if stored else 0
        at = stored.updated_at if stored else ""
        by = stored.updated_by if stored else ""
        return ScoreChange(facts.id, criterion_id, field, old, value, revision, False, at, by)
    saved = save_score(
        tx,
        facts.id,
        criterion_id,
        value if field == "score" else old_score,  # type: ignore[arg-type]
        str(value if field == "comment" else old_comment),
        source=source,
        before=stored,
        audit=ScoreAudit(
            f"{field}.change",
            {
                "assessor": facts.assessor,
                "organisation": facts.organisation,
                "round": facts.round_name,
                "criterion": criterion_id,
                "from": old,
                "to": value,
                "source": source,
            },
        ),
    )
    return ScoreChange(
        facts.id, criterion_id, field, old, value, saved.revision, True, saved.at, tx.actor
    )


# -- the assessor's operations ----------------------------------------------------------


def my_allocations(workspace: Workspace, assessor_id: int) -> list[AllocationRow]:
    """The assessor's allocations with progress, conflicted ones flagged."""
    with workspace.read() as conn:
        builder = RowBuilder(conn)
        return [
            builder.row(f) for f in allocation_repo.list_allocations(conn, assessor_id=assessor_id)
        ]


def allocation_row(workspace: Workspace, allocation_id: int) -> AllocationRow:
    with workspace.read() as conn:
        return RowBuilder(conn).row(_facts(conn, allocation_id, None))


def open_sheet(
    workspace: Workspace, allocation_id: int, assessor_id: int | None = None
) -> ScoringSheet:
    """The criteria, evidence and the assessor's own scores; refused on a conflict of interest."""
    with workspace.read() as conn:
        facts = _facts(conn, allocation_id, assessor_id)
        refuse_conflict(conn, facts)
        framework = framework_repo.get_framework(conn, facts.framework_id)
        evidence = {e.criterion_id: e for e in submission_repo.evidence(conn, facts.version_id)}
        stored = repo.scores_for(conn, facts.id)
        total = len(framework.criteria_up_to(facts.level_applied))
    levels = {level.id: level.name for level in framework.levels}
    principles = {p.id: p.name for p in framework.principles}
    rows = []
    for criterion in framework.criteria_up_to(facts.level_applied):
        said = evidence.get(criterion.id)
        mine = stored.get(criterion.id)
        rows.append(
            CriterionRow(
                id=criterion.id,
                level=criterion.level,
                level_name=levels[criterion.level],
                principle=criterion.principle,
                principle_name=principles[criterion.principle],
                title=criterion.title,
                self_assessment=said.self_assessment if said else None,
                summary=said.summary if said else "",
                files=said.files if said else (),
                score=mine.score if mine else None,
                comment=mine.comment if mine else "",
                revision=mine.revision if mine else 0,
            )
        )
    from arf_desktop.scoring.allocation import to_row

    return ScoringSheet(to_row(facts, total, None), framework, tuple(rows))


def _record(
    workspace: Workspace,
    actor: str,
    allocation_id: int,
    criterion_id: str,
    field: str,
    value: int | str | None,
    assessor_id: int | None,
    source: str,
) -> ScoreChange:
    def change(tx: WriteTx) -> ScoreChange:
        facts = _facts(tx.connection, allocation_id, assessor_id)
        framework = editable(tx.connection, facts, criterion_id)
        return apply_change(tx, facts, framework, criterion_id, field, value, source)

    return workspace.transact(actor, change)


def record_score(
    workspace: Workspace,
    actor: str,
    allocation_id: int,
    criterion_id: str,
    score: int | None,
    *,
    assessor_id: int | None = None,
    source: str = "window",
) -> ScoreChange:
    """Save one score (None clears it) durably; return what changed."""
    return _record(
        workspace, actor, allocation_id, criterion_id, "score", score, assessor_id, source
    )


def record_comment(
    workspace: Workspace,
    actor: str,
    allocation_id: int,
    criterion_id: str,
    comment: str,
    *,
    assessor_id: int | None = None,
    source: str = "window",
) -> ScoreChange:
    """Save one comment durably; return what changed."""
    return _record(
        workspace, actor, allocation_id, criterion_id, "comment", comment, assessor_id, source
    )


def submit(
    workspace: Workspace, actor: str, allocation_id: int, assessor_id: int | None = None
) -> AllocationRow:
    """Lock the scores: every criterion scored, a comment wherever a score is below threshold."""
    with workspace.write(actor) as tx:
        facts = _facts(tx.connection, allocation_id, assessor_id)
        if facts.status == SUBMITTED:
            raise Refused(f"The scores for {facts.organisation} were already submitted.")
        refuse_conflict(tx.connection, facts)
        framework = framework_repo.get_framework(tx.connection, facts.framework_id)
        stored = repo.scores_for(tx.connection, facts.id)
        criteria = criteria_for(framework, facts)
        problems = submit_problems(
            criteria,
            {cid: (s.score, s.comment) for cid, s in stored.items()},
            framework.award_rule.threshold,
        )
        if problems:
            raise Refused(
                f"The scores for {facts.organisation} were not submitted. "
                + " ".join(f"{p}." for p in problems)
            )
        allocation_repo.set_status(tx, facts.id, SUBMITTED)
        tx.audit(
            "allocation.submit",
            "allocation",
            facts.id,
            {
                "assessor": facts.assessor,
                "organisation": facts.organisation,
                "round": facts.round_name,
                "scores": {cid: stored[cid].score for cid in criteria},
                "revisions": {cid: stored[cid].revision for cid in criteria},
            },
        )
        return RowBuilder(tx.connection).row(_facts(tx.connection, allocation_id, None))


def reopen(workspace: Workspace, actor: str, allocation_id: int, reason: str) -> AllocationRow:
    """Unlock submitted scores; the reason is required and audited."""
    reason = " ".join(reason.split())
    if not reason:
        raise Refused("Say why the scores are being reopened; the reason is kept in the audit log.")
    with workspace.write(actor) as tx:
        facts = _facts(tx.connection, allocation_id, None)
        if facts.status != SUBMITTED:
            raise Refused(f"The scores for {facts.organisation} are not submitted, so not locked.")
        allocation_repo.set_status(tx, facts.id, ALLOCATED)
        tx.audit(
            "allocation.reopen",
            "allocation",
            facts.id,
            {"assessor": facts.assessor, "organisation": facts.organisation, "reason": reason},
        )
        return RowBuilder(tx.connection).row(_facts(tx.connection, allocation_id, None))


def others_scores(
    workspace: Workspace, allocation_id: int, assessor_id: int | None = None
) -> dict[str, list[OtherScore]]:
    """Other assessors' scores on the same submission: blind until this one is submitted."""
    with workspace.read() as conn:
        facts = _facts(conn, allocation_id, assessor_id)
        if facts.status != SUBMITTED:
            raise Refused(
                "Other assessors' scores stay hidden until you submit your own for "
                f"{facts.organisation}."
            )
        found: dict[str, list[OtherScore]] = {}
        for other in repo.others_scores(conn, facts.submission_id, facts.id):
            found.setdefault(other.criterion_id, []).append(other)
        return found


def stored_scores(workspace: Workspace, allocation_id: int) -> dict[str, StoredScore]:
    with workspace.read() as conn:
        return repo.scores_for(conn, allocation_id)


def evidence_file(workspace: Workspace, file_id: int) -> bytes:
    with workspace.read() as conn:
        return submission_repo.file_content(conn, file_id)
