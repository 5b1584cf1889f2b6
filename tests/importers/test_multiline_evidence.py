"""Several evidence file names in one cell, on separate lines as the template asks, are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.batch import import_paths
from arf_desktop.importers.text_rules import split_file_names
from arf_desktop.registers.submissions import submission_detail
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import filled, kit_for, set_evidence


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("a.pdf\nb.pdf", ["a.pdf", "b.pdf"]),
        ("a.pdf\r\nb.pdf\r c.pdf", ["a.pdf", "b.pdf", "c.pdf"]),
        (" a.pdf ;\n\n  \nb.pdf;\n", ["a.pdf", "b.pdf"]),
        ("A.pdf\na.pdf", ["A.pdf"]),
    ],
)
def test_split_file_names_on_lines_and_semicolons(text: str, names: list[str]) -> None:
    assert split_file_names(text) == names


def test_names_on_separate_lines_in_a_real_workbook_are_all_stored(
    workspace: Workspace, tmp_path: Path
) -> None:
    kit = kit_for(workspace)
    cell_text = "Board minutes March 2025.pdf\r\n\n  Policy v2.docx  \nAction plan.pdf"
    edit = set_evidence("B-P1-01", wc.COL_FILES, cell_text)
    path = filled(kit, tmp_path / "in", edit=edit, evidence=False)
    evidence = tmp_path / "in" / "Evidence"
    evidence.mkdir()
    for name in ("Board minutes March 2025.pdf", "Policy v2.docx", "Action plan.pdf"):
        (evidence / name).write_bytes(name.encode())
    result = import_paths(workspace, "Tester", [path], "Round A")
    [record] = result.files
    assert record.status == "imported", record.problems
    answer = submission_detail(workspace, 1).answers[0]
    assert [(f.name, f.stored) for f in answer.files] == [
        ("Board minutes March 2025.pdf", True),
        ("Policy v2.docx", True),
        ("Action plan.pdf", True),
    ]
    assert not [w for w in record.warnings if w.where == "Evidence!H2"]
