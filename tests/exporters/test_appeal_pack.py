"""The appeal pack: the organisation's whole record in one zip, with a verified audit trail."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from arf_desktop.domain.errors import NotFound
from arf_desktop.exporters.appeal_pack import build_appeal_pack, safe_name, write_appeal_pack
from arf_desktop.storage.workspace import Workspace
from tests.exporters.decided_round import ASSESSORS, FEEDBACK, ROUND, UNDECIDED
from tests.exporters.test_documents import pypdf_text

ORGANISATION = "Łódź and Wigan Community Partnership NHS Trust"


def test_the_pack_holds_the_whole_record(decided: Workspace, tmp_path: Path) -> None:
    pack = write_appeal_pack(decided, ROUND, ORGANISATION.upper(), tmp_path / "appeal.zip")
    assert pack.chain_ok and pack.organisation == ORGANISATION
    with zipfile.ZipFile(pack.path) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
        read = {name: archive.read(name) for name in names}
    assert names == sorted(names) and len(names) == pack.parts
    assert {
        "README.txt",
        "manifest.json",
        "decision.json",
        "moderation/record.json",
        "audit/entries.json",
        "audit/verification.json",
        "submission/version-1/cover.json",
        "submission/version-1/evidence.json",
    } <= set(names)
    assert any(n.startswith("submission/version-1/files/") for n in names)
    slug = "lodz-and-wigan-community-partnership-nhs-trust"
    for kind in ("letter", "certificate", "feedback"):
        document = read[f"documents/{kind}-{slug}.pdf"]
        assert ORGANISATION in pypdf_text(document)
    assessors = [n for n in names if n.startswith("assessors/")]
    assert len(assessors) == len(ASSESSORS)
    scores = json.loads(read[assessors[0]])
    assert scores["status"] == "submitted" and len(scores["scores"]) == 17
    record = json.loads(read["moderation/record.json"])
    assert any(a["feedback"] == FEEDBACK and a["score"] == 3 for a in record["agreed_scores"])
    assert json.loads(read["decision.json"])["outcome"] == "awarded"
    cover = json.loads(read["submission/version-1/cover.json"])
    assert cover["cover"]["Contact name"] == "Siân Evans"
    manifest = json.loads(read["manifest.json"])["files"]
    assert set(manifest) == set(names) - {"manifest.json"}
    for name, entry in manifest.items():
        assert hashlib.sha256(read[name]).hexdigest() == entry["sha256"]


def test_the_audit_entries_concerned_and_the_chain_verify(decided: Workspace) -> None:
    data, pack = build_appeal_pack(decided, ROUND, ORGANISATION)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = json.loads(archive.read("audit/entries.json"))
        verification = json.loads(archive.read("audit/verification.json"))
    actions = {e["action"] for e in entries}
    assert {
        "submission.import",
        "allocation.add",
        "score.change",
        "allocation.submit",
        "moderation.agree",
        "moderation.decide",
        "organisation.add",
    } <= actions
    assert all(str(e["details"]).find("East Cheshire") < 0 for e in entries)
    assert verification["whole_chain"]["ok"] is True
    checks = verification["entries_in_this_pack"]
    assert len(checks) == len(entries) == pack.audit_entries
    assert all(c["hash_recomputed_matches"] for c in checks)
    assert [c["seq"] for c in checks] == sorted(c["seq"] for c in checks)


def test_the_same_record_gives_the_same_zip(decided: Workspace) -> None:
    assert (
        build_appeal_pack(decided, ROUND, ORGANISATION)[0]
        == (build_appeal_pack(decided, ROUND, ORGANISATION)[0])
    )


def test_a_broken_chain_is_reported(decided_copy: Workspace) -> None:
    with decided_copy.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'Someone else' WHERE seq = 3"))
    data, pack = build_appeal_pack(decided_copy, ROUND, ORGANISATION)
    assert not pack.chain_ok
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"DID NOT VERIFY" in archive.read("README.txt")
        chain = json.loads(archive.read("audit/verification.json"))["whole_chain"]
    assert chain["ok"] is False and chain["broken_at"] == 3


def test_an_undecided_submission_still_has_a_pack_without_documents(decided: Workspace) -> None:
    data, _ = build_appeal_pack(decided, ROUND, UNDECIDED)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert json.loads(archive.read("decision.json")) is None
    assert not any(n.startswith("documents/") for n in names)
    with pytest.raises(NotFound):
        build_appeal_pack(decided, ROUND, "No Such Trust")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\Board minutes.pdf", "Board minutes.pdf"),
        ("..", "file-7"),
        ("a<b>c:d|e?.txt", "a_b_c_d_e_.txt"),
        ("\x00\x1f.hidden", "__.hidden"),
    ],
)
def test_evidence_names_cannot_escape_the_pack(name: str, expected: str) -> None:
    assert safe_name(name, "file-7") == expected


def test_evidence_files_named_alike_in_different_folders_are_all_kept(
    decided_copy: Workspace,
) -> None:
    from arf_desktop.storage import submissions as submission_repo
    from arf_desktop.storage.submissions import EvidenceRow, add_version

    entry = None
    with decided_copy.read() as conn:
        for row in conn.execute(text("SELECT id FROM submissions")).scalars():
            versions = submission_repo.versions(conn, row)
            if versions and versions[0].cover.get("Organisation") == ORGANISATION:
                entry = (row, versions[-1])
    assert entry is not None
    with decided_copy.read() as conn:
        facts = conn.execute(
            text("SELECT round_id, organisation_id FROM submissions WHERE id = :i"), {"i": entry[0]}
        ).one()
    names = ("Evidence/board minutes.pdf", "Annex/board minutes.pdf", "Annex/BOARD MINUTES.pdf")
    contents = {name: f"%PDF-1.4 {name}\n".encode() for name in names}
    version = submission_repo.NewVersion(
        round_id=facts.round_id, organisation_id=facts.organisation_id, level_applied="bronze",
        cover={"Organisation": ORGANISATION}, source_name="second.xlsx", source_sha256="ab" * 32,
        template_version="1",
        rows=(EvidenceRow("B-P1-01", None, "Minutes", names),),
        files=contents,
    )  # fmt: skip
    with decided_copy.write("Test") as tx:
        add_version(tx, version)
    data, _pack = build_appeal_pack(decided_copy, ROUND, ORGANISATION)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        latest = max(n.split("/")[1] for n in archive.namelist() if n.startswith("submission/"))
        members = sorted(
            n for n in archive.namelist() if n.startswith(f"submission/{latest}/files/")
        )
        kept = {manifest["evidence_files"][m]["original_name"]: archive.read(m) for m in members}
    assert kept == contents  # all three, each with its own content and original path
    assert len({m.casefold() for m in members}) == 3  # apart when unpacked on Windows too
    assert f"submission/{latest}/files/board minutes.pdf" in members
