"""Cover answers longer than an e-mail address or a name can be are refused, naming the cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.batch import import_paths
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import filled, kit_for, set_cover


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("Contact email", "x" * 3000 + "@nhs.net", "at most 254"),
        ("Contact email", "x" * 65 + "@nhs.net", "at most 64"),
        ("Contact name", "N" * 3000, "at most 200"),
        ("Contact job title", "Head of " * 40, "at most 200"),
        ("Executive sponsor", "S" * 201, "at most 200"),
    ],
)
def test_overlong_cover_answers_are_refused_with_the_cell(
    workspace: Workspace, tmp_path: Path, label: str, value: str, expected: str
) -> None:
    kit = kit_for(workspace)
    path = filled(kit, tmp_path / "in", edit=set_cover(label, value), evidence=False)
    [record] = import_paths(workspace, "Tester", [path], "Round A").files
    assert record.status == "rejected"
    [problem] = record.problems
    assert problem.sheet == wc.COVER_SHEET and (problem.cell or "").startswith("B")
    assert label in problem.message and expected in problem.message


def test_answers_at_the_limits_are_accepted(workspace: Workspace, tmp_path: Path) -> None:
    kit = kit_for(workspace)
    email = "x" * 64 + "@" + "d" * 180 + ".nhs.uk"
    assert len(email) <= 254
    edit = set_cover("Contact email", email)
    path = filled(kit, tmp_path / "in", edit=edit, evidence=False)

    def both_edits(workbook) -> None:
        edit(workbook)
        set_cover("Contact name", "N" * 200)(workbook)

    path = filled(kit, tmp_path / "in", edit=both_edits, evidence=False)
    [record] = import_paths(workspace, "Tester", [path], "Round A").files
    assert record.status == "imported", record.problems
