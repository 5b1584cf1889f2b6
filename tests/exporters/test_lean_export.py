"""`export letters` loads the letter code and reportlab, never openpyxl or the exchange."""

from __future__ import annotations

from pathlib import Path

from tests.loaded_modules import heavy_among, loaded_modules


def test_export_letters_loads_no_workbook_code(decided_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    modules = loaded_modules(
        ["-m", "arf_desktop", "export", "letters", "--db", str(decided_file), "--out", str(out)],
        tmp_path,
    )
    assert "reportlab" in modules and "arf_desktop.exporters.letters" in modules
    assert list(out.glob("letter-*.pdf"))
    unwanted = ("openpyxl", "python_calamine", "jsonschema", "numpy", "PySide6")
    assert heavy_among(modules, (*unwanted, "arf_desktop.exchange", "arf_desktop.importers")) == []
    assert "arf_desktop.exporters.results_workbook" not in modules
