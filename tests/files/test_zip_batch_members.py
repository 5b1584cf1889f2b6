"""Extracting a zip batch refuses clashing, over-long and link entries one by one."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from arf_desktop.files.checks import FileProblem, extract_batch, safe_extract


def build(tmp_path: Path) -> Path:
    batch = tmp_path / "batch.zip"
    with zipfile.ZipFile(batch, "w") as archive:
        archive.writestr("a/b.txt", b"first")
        archive.writestr("a", b"clashes with the folder a")
        archive.writestr(zipfile.ZipInfo("a/./b.txt"), b"same place as a/b.txt")
        archive.writestr("x" * 300 + ".txt", b"name too long for a disk")
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (0o120777 << 16) | 0
        archive.writestr(link, "/etc/passwd")
        archive.writestr("ok/c.txt", b"fine")
    return batch


def test_each_bad_entry_is_refused_alone(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    written, rejected = extract_batch(build(tmp_path), dest)
    assert sorted(p.relative_to(dest).as_posix() for p in written) == ["a/b.txt", "ok/c.txt"]
    assert [r.member for r in rejected] == ["a", "a/./b.txt", "x" * 300 + ".txt", "link.txt"]
    assert all(r.message.startswith("The entry '") for r in rejected)
    assert (dest / "a" / "b.txt").read_bytes() == b"first"
    on_disk = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert on_disk == ["a/b.txt", "ok/c.txt"]
    assert not any(p.is_symlink() for p in dest.rglob("*"))


def test_strict_extraction_refuses_the_zip_and_leaves_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    with pytest.raises(FileProblem, match="was not extracted"):
        safe_extract(build(tmp_path), dest)
    assert not [p for p in dest.rglob("*") if p.is_file()]
