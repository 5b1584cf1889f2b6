"""The output guard: the workspace's files are never replaced, foreign files only when allowed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from arf_desktop.files.atomic import write_atomic
from arf_desktop.files.output_guard import (
    ExistingOutput,
    OutputPolicy,
    WorkspaceFiles,
    WorkspaceOutput,
    check_output,
    guarding,
    output_kind,
    workspace_clash,
)
from arf_desktop.registers.setup import init_workspace

PDF = b"%PDF-1.4\n1 0 obj << /Title (ARF award letter) /Creator (ARF Desktop) >> endobj\n%%EOF\n"
OTHER_PDF = b"%PDF-1.4\n1 0 obj << /Title (Minutes) /Creator (Word) >> endobj\n%%EOF\n"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "rounds.arfdb"
    init_workspace(path, "Test coordinator")
    return path


def test_every_file_of_the_workspace_is_refused_even_when_forced(database: Path) -> None:
    files = WorkspaceFiles.at(database)
    before = database.read_bytes()
    backups = database.parent / "rounds-backups"
    for target in (
        database,
        database.with_name("rounds.arfdb-wal"),
        database.with_name("rounds.arfdb-shm"),
        database.with_name("rounds.arfdb-journal"),
        database.with_name("rounds.arfdb.lock"),
        backups / "rounds-20260101-000000-000000-manual.arfdb",
        database.with_name("rounds.arfdb.replaced-20260101T000000Z"),
    ):
        with guarding(OutputPolicy(files, force=True)), pytest.raises(WorkspaceOutput):
            write_atomic(target, b"overwritten")
        assert not target.exists() or target == database
    assert database.read_bytes() == before
    assert not list(database.parent.glob("*.partial"))


def test_links_and_roundabout_paths_to_the_workspace_are_seen_through(
    database: Path, tmp_path: Path
) -> None:
    files = WorkspaceFiles.at(database)
    link = tmp_path / "report.pdf"
    link.symlink_to(database)
    folder = tmp_path / "shortcut"
    folder.symlink_to(database.parent, target_is_directory=True)
    for target in (link, folder / database.name, tmp_path / "x" / ".." / database.name):
        assert workspace_clash(target, files) == "the workspace itself"
    assert (
        workspace_clash(folder / "rounds.arfdb-wal", files)
        == "the workspace's file rounds.arfdb-wal"
    )
    assert workspace_clash(tmp_path / "letter.pdf", files) is None


def test_case_counts_only_where_the_file_system_ignores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = WorkspaceFiles.at(tmp_path / "Rounds.arfdb")  # not made yet: the system decides
    monkeypatch.setattr(sys, "platform", "win32")
    assert workspace_clash(tmp_path / "ROUNDS.ARFDB-WAL", files) is not None
    assert workspace_clash(tmp_path / "rounds-BACKUPS" / "x.arfdb", files) is not None
    monkeypatch.setattr(sys, "platform", "linux")
    assert workspace_clash(tmp_path / "ROUNDS.ARFDB-WAL", files) is None


def test_a_server_workspace_keeps_only_the_files_it_is_given(tmp_path: Path) -> None:
    settings = tmp_path / "arf-desktop.ini"
    files = WorkspaceFiles.at("postgresql+psycopg://arf@db/arf", extra=[settings])
    assert files.database is None and files.folders == ()
    assert workspace_clash(settings, files) is not None
    assert workspace_clash(tmp_path / "letter.pdf", files) is None


def test_a_foreign_file_needs_force_or_a_yes_and_an_own_one_does_not(tmp_path: Path) -> None:
    files = WorkspaceFiles.at(None)
    letter, minutes = tmp_path / "letter.pdf", tmp_path / "minutes.pdf"
    letter.write_bytes(PDF)
    minutes.write_bytes(OTHER_PDF)
    with guarding(OutputPolicy(files)):
        write_atomic(letter, PDF + b"%again\n")  # the app's own letter: replaced
        with pytest.raises(ExistingOutput, match=r"minutes\.pdf"):
            write_atomic(minutes, PDF)
        assert minutes.read_bytes() == OTHER_PDF
    with guarding(OutputPolicy(files)) as policy:
        policy.allow([minutes])  # the user said yes to this file
        write_atomic(minutes, PDF)
    assert minutes.read_bytes() == PDF
    minutes.write_bytes(OTHER_PDF)
    with guarding(OutputPolicy(files, force=True)):
        write_atomic(minutes, PDF)
    assert minutes.read_bytes() == PDF


def test_own_output_is_told_by_kind_not_by_name(tmp_path: Path) -> None:
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(PDF)
    assert output_kind(letter) == "pdf:ARF award letter"
    check_output(letter, WorkspaceFiles.at(None), kind="pdf:ARF award letter")
    with pytest.raises(ExistingOutput):  # a certificate does not replace a letter unasked
        check_output(letter, WorkspaceFiles.at(None), kind="pdf:ARF certificate of recognition")
    text = tmp_path / "letter.txt"
    text.write_text("Dear Sam\n", encoding="utf-8")
    assert output_kind(text) == "text:pdf:ARF award letter"  # the text twin of an ARF letter
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert output_kind(tmp_path / "notes.txt") is None


def test_a_backup_of_another_workspace_is_not_this_ones(database: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.arfdb"
    init_workspace(other, "Someone else")
    mine, theirs = output_kind(database), output_kind(other)
    assert mine and theirs and mine.startswith("workspace:") and mine != theirs
