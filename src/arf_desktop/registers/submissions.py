"""Submissions as the window shows them: the list, where each stands, one in full, its files."""

from __future__ import annotations

import difflib

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.records import (
    CriterionAnswer,
    EvidenceRecord,
    SubmissionDetail,
    SubmissionRow,
)
from arf_desktop.registers.rounds import unknown_round_message
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage import submissions as repo
from arf_desktop.storage.workspace import Workspace, WriteTx


def submission_rows(workspace: Workspace, round_id: int | None = None) -> list[SubmissionRow]:
    """Every submission (of one round, or all) with its latest version."""
    with workspace.read() as conn:
        return repo.submission_rows(conn, round_id)


def submission_statuses(workspace: Workspace) -> dict[int, str]:
    """Where each submission is in the round, from its assessor allocations."""
    with workspace.read() as conn:
        progress = allocation_repo.progress_by_submission(conn)
    return {
        submission_id: (
            "Assessed"
            if submitted and submitted >= allocated
            else f"With assessors ({submitted}/{allocated} done)"
        )
        for submission_id, (allocated, submitted) in progress.items()
    }


def _fingerprint(answer: EvidenceRecord) -> tuple:
    files = tuple((f.name, f.file_id) for f in answer.files)
    return (answer.self_assessment, answer.summary, files)


def submission_detail(
    workspace: Workspace, submission_id: int, version_no: int | None = None
) -> SubmissionDetail:
    """A version (the latest by default) and the criteria changed since the one before it."""
    with workspace.read() as conn:
        head = repo.submission_head(conn, submission_id)
        versions = repo.versions(conn, submission_id)
    chosen = next((v for v in versions if v.version_no == version_no), versions[-1])
    earlier = [v for v in versions if v.version_no < chosen.version_no]
    before = {e.criterion_id: e for e in earlier[-1].evidence} if earlier else None
    answers = tuple(
        CriterionAnswer(
            e.criterion_id,
            e.self_assessment,
            e.summary,
            e.files,
            changed=before is not None
            and (
                e.criterion_id not in before
                or _fingerprint(before[e.criterion_id]) != _fingerprint(e)
            ),
        )
        for e in chosen.evidence
    )
    return SubmissionDetail(
        submission_id=submission_id,
        round_name=head.round_name,
        framework_id=head.framework_id,
        organisation=head.organisation,
        icb=head.icb,
        version_no=chosen.version_no,
        versions=len(versions),
        level_applied=chosen.level_applied,
        cover=chosen.cover,
        source_name=chosen.source_name,
        imported_at=chosen.imported_at,
        imported_by=chosen.imported_by,
        warnings=chosen.warnings,
        answers=answers,
        compared_with=earlier[-1].version_no if earlier else None,
    )


def evidence_file(workspace: Workspace, file_id: int) -> bytes:
    """The bytes of one evidence file the organisation sent."""
    with workspace.read() as conn:
        return repo.file_content(conn, file_id)


def _submission_in(tx: WriteTx, round_name: str, organisation: str) -> tuple[str, int, str]:
    """(round name, submission id, organisation name) of one submission, withdrawn or not."""
    chosen = round_repo.find_round(tx.connection, round_name)
    if chosen is None:
        raise NotFound(unknown_round_message(round_name, round_repo.list_rounds(tx.connection)))
    facts = repo.round_submissions(tx.connection, chosen.id, include_withdrawn=True)
    wanted = " ".join(organisation.split()).casefold()
    for item in facts:
        if item.organisation.casefold() == wanted:
            return chosen.name, item.submission_id, item.organisation
    names = [f.organisation for f in facts]
    close = [n for n in names if wanted and wanted in n.casefold()]
    close += difflib.get_close_matches(organisation, names, n=3, cutoff=0.6)
    hint = f" Did you mean: {'; '.join(dict.fromkeys(close))}?" if close else ""
    raise NotFound(f"There is no submission from “{organisation}” in {chosen.name}.{hint}")


def set_withdrawn(
    workspace: Workspace,
    actor: str,
    round_name: str,
    organisation: str,
    reason: str,
    withdraw: bool,
) -> dict[str, str]:
    """Withdraw a submission (it leaves allocation, moderation, outcomes and exports) or restore
    it; the reason is required and audited, and nothing of the submission is deleted."""
    reason = " ".join(reason.split())
    verb = "withdrawing" if withdraw else "restoring"
    if not reason:
        raise Refused(
            f"Say why you are {verb} the submission; the reason is kept in the audit log."
        )
    with workspace.write(actor) as tx:
        name, submission_id, org = _submission_in(tx, round_name, organisation)
        was = repo.withdrawn_at(tx.connection, submission_id)
        if withdraw and was is not None:
            raise Refused(f"The submission from {org} in {name} was already withdrawn ({was}).")
        if not withdraw and was is None:
            raise Refused(f"The submission from {org} in {name} is not withdrawn.")
        repo.set_withdrawn(tx, submission_id, actor if withdraw else None, reason)
        action = "submission.withdraw" if withdraw else "submission.restore"
        details = {"round": name, "organisation": org, "reason": reason}
        tx.audit(action, "submission", submission_id, details)
    return {**details, "status": "withdrawn" if withdraw else "restored"}
