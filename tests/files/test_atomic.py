"""Atomic writes: the new contents replace the old in one step, or nothing changes at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import openpyxl
import pytest

from arf_desktop.files import atomic
from arf_desktop.files.atomic import leftovers, replacing, sync_folder, write_atomic


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_new_contents_replace_the_old_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"old contents")
    with target.open("rb") as reader_of_the_old_file:
        with replacing(target) as handle:
            handle.write(b"new ")
            assert target.read_bytes() == b"old contents"  # nothing visible until the end
            handle.write(b"contents")
        assert target.read_bytes() == b"new contents"
        assert reader_of_the_old_file.read() == b"old contents"  # a new file, not rewritten
    assert names_in(tmp_path) == ["letter.pdf"]


def test_write_atomic_creates_a_new_file_and_returns_its_path(tmp_path: Path) -> None:
    target = tmp_path / "results.xlsx"
    assert write_atomic(str(target), b"\x00\x01\r\n") == target
    assert target.read_bytes() == b"\x00\x01\r\n"  # bytes exactly, no line-ending translation
    assert names_in(tmp_path) == ["results.xlsx"]


def test_a_write_failing_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "pack.arfpack"
    target.write_bytes(b"the previous pack")
    with pytest.raises(ValueError, match="stopped"), replacing(target) as handle:
        handle.write(b"half of the new pack")
        raise ValueError("stopped")
    assert target.read_bytes() == b"the previous pack"
    assert names_in(tmp_path) == ["pack.arfpack"]


def test_ctrl_c_midway_leaves_nothing_new(tmp_path: Path) -> None:
    target = tmp_path / "template.xlsx"
    with pytest.raises(KeyboardInterrupt), replacing(target) as handle:
        handle.write(b"partly written")
        raise KeyboardInterrupt
    assert names_in(tmp_path) == []


def test_a_failing_disk_flush_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "scores.xlsx"
    target.write_bytes(b"old")

    def failing_fsync(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="could not be written: the disk reported an error"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert names_in(tmp_path) == ["scores.xlsx"]


def test_a_rename_that_fails_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "in the way"
    (target / "inside").mkdir(parents=True)
    with pytest.raises(OSError):
        write_atomic(target, b"data")
    assert names_in(tmp_path) == ["in the way"]
    assert names_in(target) == ["inside"]


def test_a_missing_folder_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "missing" / "letter.pdf", b"data")
    assert names_in(tmp_path) == []


def test_file_and_folder_are_synced_before_and_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "certificate.pdf"
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        is_folder = stat.S_ISDIR(os.fstat(descriptor).st_mode)
        synced.append(("after rename" if target.exists() else "before rename", is_folder))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    write_atomic(target, b"%PDF-1.7")
    folder_sync = [] if os.name == "nt" else [("after rename", True)]
    assert synced == [("before rename", False), *folder_sync]


def test_a_batch_syncs_each_file_and_the_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(descriptor).st_mode))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    for number in range(3):
        write_atomic(tmp_path / f"letter-{number}.pdf", b"%PDF-1.7", sync_folder=False)
    assert synced == [False, False, False]  # every file's contents reach the disk first
    sync_folder(tmp_path)
    assert synced == [False, False, False, *([] if os.name == "nt" else [True])]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"letter-{n}.pdf" for n in range(3)]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_the_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    old_mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "letter.pdf", b"data")
    finally:
        os.umask(old_mask)
    assert (tmp_path / "letter.pdf").stat().st_mode & 0o777 == 0o644


def test_a_workbook_saves_through_the_handle(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "Bolton NHS Foundation Trust"
    target = tmp_path / "sheet.xlsx"
    with replacing(target) as handle:
        book.save(handle)
    assert openpyxl.load_workbook(target).active["A1"].value == "Bolton NHS Foundation Trust"
    assert names_in(tmp_path) == ["sheet.xlsx"]


def test_leftovers_finds_only_temporaries_of_matching_files(tmp_path: Path) -> None:
    for name in (
        "letter-a.pdf.partial",
        "letter-b.pdf.0a1b2c3d.partial",
        "letter-c.pdf",
        "notes.txt.0a1b2c3d.partial",
    ):
        (tmp_path / name).write_bytes(b"")
    found = [p.name for p in leftovers(tmp_path, "letter-*.pdf")]
    assert found == ["letter-a.pdf.partial", "letter-b.pdf.0a1b2c3d.partial"]


def test_two_writers_of_one_file_do_not_share_a_temporary(tmp_path: Path) -> None:
    target = tmp_path / "return.arfreturn"
    with replacing(target) as first, replacing(target) as second:
        first.write(b"first")
        second.write(b"second")
        assert len(names_in(tmp_path)) == 2
    assert target.read_bytes() == b"first"  # the outer block ends last
    assert names_in(tmp_path) == ["return.arfreturn"]


def test_a_rename_windows_refuses_for_a_moment_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"old")
    refusals = [PermissionError(13, "Access is denied")] * (atomic.RENAME_ATTEMPTS - 1)
    real_replace = os.replace
    monkeypatch.setattr(atomic, "RENAME_PAUSE", 0)

    def scanner_holds_it(source: object, destination: object) -> None:
        if refusals:
            raise refusals.pop()
        real_replace(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", scanner_holds_it)
    atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and not refusals


def test_a_file_held_open_is_named_and_left_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "letter-bolton.pdf"
    target.write_bytes(b"old")
    monkeypatch.setattr(atomic, "RENAME_PAUSE", 0)

    def held_open(source: object, destination: object) -> None:
        raise PermissionError(32, "The process cannot access the file", str(destination))

    monkeypatch.setattr(os, "replace", held_open)
    with pytest.raises(atomic.FileInUse, match=r"letter-bolton\.pdf could not be replaced"):
        atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and list(tmp_path.iterdir()) == [target]
