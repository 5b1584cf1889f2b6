"""Evidence is read only from ordinary files inside the workbook's folder: links, pipes,
devices and anything resolving outside are warnings naming the cell, and are never stored."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.batch import import_paths
from arf_desktop.importers.evidence_files import read_regular_file
from arf_desktop.registers.submissions import submission_detail
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import both, filled, kit_for, set_evidence

SECRET = b"coordinator's private file"


def import_one(workspace: Workspace, tmp_path: Path, names: list[str], make) -> tuple:
    """Import a workbook naming `names` (B-P1-01, 02, ...) after `make(evidence folder)`."""
    kit = kit_for(workspace)
    ids = [c.id for c in kit.framework.criteria_at("bronze")]
    edits = [set_evidence(ids[i], wc.COL_FILES, n) for i, n in enumerate(names)]
    path = filled(kit, tmp_path / "in", edit=both(*edits), evidence=False)
    make(tmp_path / "in")
    result = import_paths(workspace, "Tester", [path], "Round A")
    [record] = result.files
    assert record.status == "imported", record.problems
    detail = submission_detail(workspace, 1)
    stored = {f.name: f.stored for a in detail.answers for f in a.files}
    warnings = {
        w.where: w.message for w in record.warnings if (w.where or "").startswith("Evidence!H")
    }
    return stored, warnings


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs symbolic links and FIFOs")
def test_links_pipes_and_devices_are_warnings_and_not_stored(
    workspace: Workspace, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere" / "secret.pdf"
    outside.parent.mkdir()
    outside.write_bytes(SECRET)

    def make(folder: Path) -> None:
        evidence = folder / "Evidence"
        evidence.mkdir()
        (evidence / "board minutes.pdf").symlink_to(outside)
        (evidence / "environ.pdf").symlink_to("/proc/self/environ")
        os.mkfifo(evidence / "pipe.pdf")
        (evidence / "null.pdf").symlink_to(os.devnull)
        (evidence / "real.pdf").write_bytes(b"%PDF real")
        (evidence / "inner link.pdf").symlink_to(evidence / "real.pdf")

    names = [
        "Evidence/board minutes.pdf",
        "Evidence/environ.pdf",
        "Evidence/pipe.pdf",
        "Evidence/null.pdf",
        "Evidence/inner link.pdf",
        "Evidence/real.pdf",
    ]
    stored, warnings = import_one(workspace, tmp_path, names, make)
    assert stored == dict.fromkeys(names[:5], False) | {"Evidence/real.pdf": True}
    for name in names[:5]:
        [message] = [m for m in warnings.values() if f"“{name}”" in m]
        assert "not stored" in message
    [linked] = [m for m in warnings.values() if "board minutes" in m]
    assert "link" in linked
    assert len(warnings) == 5


def test_a_folder_linked_to_outside_is_not_followed(workspace: Workspace, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "minutes.pdf").write_bytes(SECRET)

    def make(folder: Path) -> None:
        (folder / "Evidence").symlink_to(outside, target_is_directory=True)

    stored, warnings = import_one(workspace, tmp_path, ["Evidence/minutes.pdf"], make)
    assert stored == {"Evidence/minutes.pdf": False}
    assert "outside the workbook's folder" in warnings["Evidence!H2"]


def test_a_bare_name_never_finds_a_link_in_a_subfolder(workspace: Workspace, tmp_path: Path):
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(SECRET)

    def make(folder: Path) -> None:
        (folder / "Evidence").mkdir()
        (folder / "Evidence" / "minutes.pdf").symlink_to(outside)

    stored, warnings = import_one(workspace, tmp_path, ["minutes.pdf"], make)
    assert stored == {"minutes.pdf": False} and "Evidence!H2" in warnings


def test_size_is_checked_on_the_bytes_read(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(b"x" * 101)
    data, why = read_regular_file(path, tmp_path, 100)
    assert data is None and "more than" in why
    data, why = read_regular_file(path, tmp_path, 101)
    assert data == b"x" * 101 and why == ""


def test_a_file_outside_the_given_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.pdf").write_bytes(SECRET)
    (tmp_path / "folder").mkdir()
    data, why = read_regular_file(
        tmp_path / "folder" / ".." / "secret.pdf", tmp_path / "folder", 99
    )
    assert data is None and "outside" in why


@pytest.mark.skipif(not Path("/proc/self/cmdline").is_file(), reason="needs Linux's /proc")
def test_a_file_larger_than_its_reported_size_is_read_to_its_end() -> None:
    folder = Path("/proc/self")  # its files report a size of 0 and hold more
    expected = (folder / "cmdline").read_bytes()
    assert (folder / "cmdline").stat().st_size == 0 and len(expected) > 1
    data, why = read_regular_file(folder / "cmdline", folder, len(expected))
    assert (data, why) == (expected, "")
    data, why = read_regular_file(folder / "cmdline", folder, len(expected) - 1)
    assert data is None and "more than" in why
