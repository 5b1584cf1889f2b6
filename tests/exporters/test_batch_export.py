"""Batch export: predictable names, atomic files, cancel part-way, no half-written file left."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from arf_desktop.domain.errors import Refused
from arf_desktop.exporters import batch_export
from arf_desktop.exporters.batch_export import export_documents, export_round
from arf_desktop.exporters.from_decisions import round_documents
from arf_desktop.storage.workspace import Workspace
from tests.exporters.decided_round import ROUND

KINDS = ("letters", "certificates", "feedback")


def complete_pdfs(folder: Path) -> list[str]:
    """The names of the files in `folder`, each checked to be a whole, readable PDF."""
    names = sorted(p.name for p in folder.iterdir())
    for name in names:
        assert name.endswith(".pdf"), name
        data = (folder / name).read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), name
        assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    return names


def disk_full_at_the_third_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering fails with a full disk at the third document of the batch."""
    real = batch_export.render
    calls = iter(range(100))

    def flaky(kind: str, document: object) -> bytes:
        if next(calls) == 2:
            raise OSError("disk full")
        return real(kind, document)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_export, "render", flaky)


def test_one_file_per_organisation_with_predictable_names(
    decided: Workspace, tmp_path: Path
) -> None:
    seen: list[tuple[int, int, str]] = []
    result = export_round(decided, ROUND, KINDS, tmp_path, lambda *a: seen.append(a))
    names = complete_pdfs(tmp_path)
    assert len(names) == 14 and not result.cancelled
    assert "letter-lodz-and-wigan-community-partnership-nhs-trust.pdf" in names
    assert "certificate-bolton-nhs-foundation-trust.pdf" in names
    assert "feedback-elliniki-koinotita-ygeias-liverpoyl.pdf" in names
    assert "certificate-elliniki-koinotita-ygeias-liverpoyl.pdf" not in names  # no level
    assert [s[:2] for s in result.skipped] == [
        ("certificates", "Ελληνική Κοινότητα Υγείας Λίβερπουλ")
    ]
    assert [s[0] for s in seen] == list(range(15)) and seen[-1] == (14, 14, "")
    before = {n: (tmp_path / n).read_bytes() for n in names}
    export_round(decided, ROUND, KINDS, tmp_path)
    assert {n: (tmp_path / n).read_bytes() for n in complete_pdfs(tmp_path)} == before


def test_cancel_part_way_leaves_only_complete_files(decided: Workspace, tmp_path: Path) -> None:
    documents = round_documents(decided, ROUND)
    written: list[str] = []

    def progress(done: int, total: int, name: str) -> None:
        written.append(name)

    result = export_documents(documents, KINDS, tmp_path, progress, lambda: len(written) >= 4)
    assert result.cancelled and len(result.written) == 4
    assert complete_pdfs(tmp_path) == sorted(p.name for p in result.written)
    assert not list(tmp_path.glob("*.partial"))
    assert "cancelled" in result.summary()


def test_a_failure_mid_batch_keeps_earlier_files_and_no_partial(
    decided: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = round_documents(decided, ROUND)
    disk_full_at_the_third_document(monkeypatch)
    with pytest.raises(OSError, match="disk full"):
        export_documents(documents, ("letters",), tmp_path)
    assert len(complete_pdfs(tmp_path)) == 2


def test_leftovers_of_an_interrupted_export_are_removed(decided: Workspace, tmp_path: Path) -> None:
    (tmp_path / "letter-bolton-nhs-foundation-trust.pdf.partial").write_bytes(b"%PDF-1.4 half")
    (tmp_path / "certificate-wigan-nhs-trust.pdf.3f9a01bc.partial").write_bytes(b"%PDF-1.4")
    (tmp_path / "notes.txt.partial").write_text("not ours")
    export_round(decided, ROUND, ("letters",), tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.partial")) == ["notes.txt.partial"]


def test_a_round_without_decisions_is_refused(workspace_path: Path, tmp_path: Path) -> None:
    from arf_desktop.registers.rounds import RoundDraft, create_round

    with Workspace.open(workspace_path) as workspace:
        create_round(workspace, "Tester", RoundDraft("Empty round"))
        with pytest.raises(Refused, match="No outcomes have been decided"):
            export_round(workspace, "Empty round", ("letters",), tmp_path / "out")
        with pytest.raises(Refused, match="not a document kind"):
            export_documents([], ("posters",), tmp_path / "out")


def test_an_export_warns_of_missing_feedback_and_a_deadline_already_passed(
    decided_copy: Workspace, tmp_path: Path
) -> None:
    from datetime import date

    from arf_desktop.storage import tables

    minor = "Ассоциация здравоохранения Северо-Запада"
    with decided_copy.write("Tester") as tx:  # as a decision recorded before feedback was due
        tx.execute(tables.agreed_scores.update().where(tables.agreed_scores.c.score < 2)
                   .values(feedback=""))  # fmt: skip
    result = export_round(decided_copy, ROUND, ("feedback",), tmp_path / "out")
    missing = [w for w in result.warnings if "has no feedback for the organisation" in w]
    assert len(missing) == 4 and any(w.startswith(f"{minor}: S-") for w in missing)
    late = [w for w in result.warnings if "resubmission deadline 29 April 2025" in w]
    assert len(late) == 1 and late[0].startswith(minor)
    on_time = export_round(
        decided_copy, ROUND, ("feedback",), tmp_path / "again", letter_date=date(2025, 3, 5)
    )
    assert not [w for w in on_time.warnings if "resubmission deadline" in w]


def synced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What each os.fsync call synced: "folder" or the name of the file."""
    seen: list[str] = []
    real = os.fsync

    def counting(descriptor: int) -> None:
        path = Path(os.readlink(f"/proc/self/fd/{descriptor}"))
        seen.append("folder" if path.is_dir() else path.name)
        real(descriptor)

    monkeypatch.setattr(os, "fsync", counting)
    return seen


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name descriptors")
def test_every_file_is_synced_and_the_folder_once_per_batch(
    decided: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = synced(monkeypatch)
    result = export_round(decided, ROUND, ("letters",), tmp_path, also_text=True)
    files = [name for name in seen if name != "folder"]
    assert len(files) == len(result.written) == 10 and all(n.endswith(".partial") for n in files)
    assert seen.count("folder") == 1 and seen[-1] == "folder"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name descriptors")
def test_a_batch_that_fails_part_way_still_syncs_its_folder(
    decided: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = round_documents(decided, ROUND)
    disk_full_at_the_third_document(monkeypatch)
    seen = synced(monkeypatch)
    with pytest.raises(OSError, match="disk full"):
        export_documents(documents, ("letters",), tmp_path)
    assert seen.count("folder") == 1 and len(seen) == 3 and seen[-1] == "folder"
