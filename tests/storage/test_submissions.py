"""The submissions repository: one way to store a version, one evidence query, one file read."""

from __future__ import annotations

import hashlib
from dataclasses import asdict

from arf_desktop.domain.framework import Framework
from arf_desktop.domain.records import EvidenceFile, EvidenceRecord
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.storage import audit
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage import submissions as repo
from arf_desktop.storage.submissions import VERSION_FIELDS, EvidenceRow, NewVersion
from arf_desktop.storage.workspace import Workspace

ACTOR = "Test coordinator"
POLICY = b"%PDF-1.7 the board's EDI policy"


def new_version(round_id: int, organisation_id: int, summary: str = "Board paper.") -> NewVersion:
    return NewVersion(
        round_id=round_id,
        organisation_id=organisation_id,
        level_applied="bronze",
        cover={"Organisation": "Bolton", "Contact name": "Siân Evans"},
        source_name="bolton.xlsx",
        source_sha256="a" * 64,
        template_version="1",
        rows=(
            EvidenceRow("B-P1-01", "Fully met", summary, ("policy.pdf", "missing.docx")),
            EvidenceRow("B-P1-02", None, "", ()),
        ),
        files={"policy.pdf": POLICY},
        warnings=("Evidence file “missing.docx”: not found.",),
    )


def setting_up(workspace: Workspace) -> tuple[int, int]:
    round_id = create_round(workspace, ACTOR, RoundDraft("Round A")).id
    with workspace.read() as conn:
        organisation = org_repo.find_organisation(conn, "Bolton NHS Foundation Trust")
    assert organisation is not None
    return round_id, organisation.id


def test_a_version_is_stored_with_its_evidence_and_read_back_whole(workspace: Workspace) -> None:
    round_id, organisation_id = setting_up(workspace)
    with workspace.write(ACTOR) as tx:
        submission_id, number = repo.add_version(tx, new_version(round_id, organisation_id))
        again = repo.add_version(tx, new_version(round_id, organisation_id, "Revised."))
    assert (number, again) == (1, (submission_id, 2))
    with workspace.read() as conn:
        [first, second] = repo.versions(conn, submission_id)
        entries = audit.entries_for(conn, "submission", str(submission_id))
        policy = first.evidence[0].files[0]
        assert policy.file_id is not None
        content = repo.file_content(conn, policy.file_id)
        row = repo.submission_rows(conn, round_id)[0]
    assert first.evidence == (
        EvidenceRecord(
            "B-P1-01",
            "Fully met",
            "Board paper.",
            (
                EvidenceFile(
                    "policy.pdf", policy.file_id, hashlib.sha256(POLICY).hexdigest(), len(POLICY)
                ),
                EvidenceFile("missing.docx", None, None, None),
            ),
        ),
        EvidenceRecord("B-P1-02", None, "", ()),
    )
    assert policy.stored and not first.evidence[0].files[1].stored
    assert content == POLICY
    assert second.evidence[0].files[0].file_id == policy.file_id  # the same bytes kept once
    assert first.cover == {"Organisation": "Bolton", "Contact name": "Siân Evans"}
    assert first.warnings == ("Evidence file “missing.docx”: not found.",)
    assert (first.imported_by, first.template_version) == (ACTOR, "1")
    assert [e.details["version"] for e in entries] == [1, 2]
    assert (row.version_no, row.evidence_files, row.warnings) == (2, 1, 1)


def test_a_version_from_elsewhere_keeps_its_number_and_hash(workspace: Workspace) -> None:
    """The one insert also stores a work pack's version under the coordinator's number."""
    round_id, organisation_id = setting_up(workspace)
    with workspace.write(ACTOR) as tx:
        submission_id = repo.insert_submission(tx, round_id, organisation_id)
        file_ids = repo.store_files(tx, {"digest": POLICY})
        fields = {name: getattr(new_version(0, 0), name, None) for name in VERSION_FIELDS}
        fields["content_sha256"] = "c" * 64
        version_id = repo.insert_version(
            tx,
            submission_id,
            3,
            fields,
            [("B-P1-01", "Partly met", "From the coordinator.")],
            [("B-P1-01", "policy.pdf", file_ids["digest"])],
        )
    with workspace.read() as conn:
        version = repo.get_version(conn, version_id)
        assert repo.version_numbers(conn, submission_id) == {3}
        assert repo.version_hashes(conn, round_id, organisation_id) == [(3, "c" * 64)]
    assert (version.version_no, version.content_sha256) == (3, "c" * 64)
    assert [asdict(e) for e in version.evidence] == [
        {
            "criterion_id": "B-P1-01",
            "self_assessment": "Partly met",
            "summary": "From the coordinator.",
            "files": (
                {
                    "name": "policy.pdf",
                    "file_id": file_ids["digest"],
                    "sha256": hashlib.sha256(POLICY).hexdigest(),
                    "size": len(POLICY),
                },
            ),
        }
    ]


def test_submissions_in_a_round_with_their_progress(
    workspace: Workspace, framework: Framework
) -> None:
    round_id, organisation_id = setting_up(workspace)
    with workspace.write(ACTOR) as tx:
        submission_id, _ = repo.add_version(tx, new_version(round_id, organisation_id))
    with workspace.read() as conn:
        [facts] = repo.round_submissions(conn, round_id)
        head = repo.submission_head(conn, submission_id)
        done = repo.work_done(conn, submission_id)
    assert (facts.submission_id, facts.organisation_id, facts.allocated, facts.submitted) == (
        submission_id, organisation_id, 0, 0,
    )  # fmt: skip
    assert (head.round_name, head.organisation) == ("Round A", "Bolton NHS Foundation Trust")
    assert head.framework_id and not (done.scored_allocations or done.decided)
