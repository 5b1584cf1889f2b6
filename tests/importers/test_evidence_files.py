"""Evidence names typed on Windows (backslashes, any case) are found beside the workbook."""

from __future__ import annotations

from pathlib import Path

from arf_desktop.importers.evidence_files import FolderIndex, locate
from arf_desktop.importers.text_rules import split_file_names


def test_backslash_separated_names_are_found(tmp_path: Path) -> None:
    nested = tmp_path / "Evidence" / "Board papers"
    nested.mkdir(parents=True)
    (nested / "Minutes March.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "Evidence" / "Policy.docx").write_bytes(b"PK")
    index = FolderIndex(tmp_path)
    cell = (
        "Evidence\\Board papers\\Minutes March.pdf; evidence\\POLICY.DOCX\n.\\Evidence\\Policy.docx"
    )
    names = split_file_names(cell)
    assert names[:2] == ["Evidence\\Board papers\\Minutes March.pdf", "evidence\\POLICY.DOCX"]
    found = [locate(name, tmp_path, index)[0] for name in names]
    assert found == [
        nested / "Minutes March.pdf",
        tmp_path / "Evidence" / "Policy.docx",
        tmp_path / "Evidence" / "Policy.docx",
    ]


def test_windows_paths_outside_the_folder_are_not_followed(tmp_path: Path) -> None:
    index = FolderIndex(tmp_path)
    for name in ("C:\\Users\\me\\secret.pdf", "..\\..\\secret.pdf", "\\\\server\\share\\x.pdf"):
        path, why = locate(name, tmp_path, index)
        assert path is None and "outside" in why, name
