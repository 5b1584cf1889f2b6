"""A bad entry in a zip batch is refused alone; the other workbooks import and --json prints."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.importers.batch import import_paths
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import filled, kit_for

LONG_NAME = "n" * 300 + ".xlsx"


def mixed_batch(workspace: Workspace, tmp_path: Path) -> Path:
    kit = kit_for(workspace)
    books = [filled(kit, tmp_path / f"src{i}", organisation=i, seed=i) for i in range(3)]
    batch = tmp_path / "batch.zip"
    with zipfile.ZipFile(batch, "w") as archive:
        archive.writestr("a", b"a plain file named a")
        archive.write(books[0], "a/b.xlsx")
        archive.write(books[1], "c/d.xlsx")
        archive.writestr(zipfile.ZipInfo("c/./d.xlsx"), books[1].read_bytes())  # kept as typed
        archive.write(books[2], LONG_NAME)
        archive.write(books[2], "e/good.xlsx")
    return batch


def test_bad_members_are_rejected_alone(workspace: Workspace, tmp_path: Path) -> None:
    batch = mixed_batch(workspace, tmp_path)
    result = import_paths(workspace, "Tester", [batch], "Round A")
    by_file = {record.file: record for record in result.files}
    imported = sorted(f for f, r in by_file.items() if r.status == "imported")
    assert imported == [f"{batch} › c/d.xlsx", f"{batch} › e/good.xlsx"]
    rejected = {f: r.problems[0].message for f, r in by_file.items() if r.status != "imported"}
    assert set(rejected) == {
        f"{batch} › a/b.xlsx",
        f"{batch} › c/./d.xlsx",
        f"{batch} › {LONG_NAME}",
    }
    assert "'a', is a file" in rejected[f"{batch} › a/b.xlsx"]
    assert "already has this name" in rejected[f"{batch} › c/./d.xlsx"]
    assert "longer than the 255" in rejected[f"{batch} › {LONG_NAME}"]


def test_json_still_prints_for_a_batch_with_bad_members(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Workspace.open(workspace_path) as workspace:
        batch = mixed_batch(workspace, tmp_path)
    args = ["import", "--db", str(workspace_path), str(batch), "--round", "R1", "--json"]
    main(args)
    records = json.loads(capsys.readouterr().out)
    statuses = sorted(record["status"] for record in records)
    assert statuses.count("imported") == 2 and len(records) == 5


def test_a_link_member_is_refused_alone(workspace: Workspace, tmp_path: Path) -> None:
    kit = kit_for(workspace)
    book = filled(kit, tmp_path / "src")
    batch = tmp_path / "links.zip"
    with zipfile.ZipFile(batch, "w") as archive:
        archive.write(book, "Trust/submission.xlsx")
        link = zipfile.ZipInfo("Trust/other.xlsx")
        link.external_attr = (0o120777 << 16) | 0
        archive.writestr(link, "/etc/passwd")
    result = import_paths(workspace, "Tester", [batch], "Round A")
    by_file = {record.file: record for record in result.files}
    assert by_file[f"{batch} › Trust/submission.xlsx"].status == "imported"
    refused = by_file[f"{batch} › Trust/other.xlsx"]
    assert refused.status != "imported" and "link" in refused.problems[0].message
