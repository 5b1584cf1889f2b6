"""`arf-desktop import` of well-formed workbooks reads them without loading openpyxl."""

from __future__ import annotations

from pathlib import Path

from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import filled, kit_for
from tests.loaded_modules import heavy_among, loaded_modules


def test_import_of_workbooks_loads_no_openpyxl(tmp_path: Path) -> None:
    db = tmp_path / "w.arfdb"
    init_workspace(db, "Tester")
    with Workspace.open(db) as workspace:
        kit = kit_for(workspace)
    for index in range(2):
        filled(kit, tmp_path / "returns" / f"trust {index}", organisation=index, seed=index)
    args = ["-m", "arf_desktop", "import", "--db", str(db), "--round", "R", "--json"]
    modules = loaded_modules([*args, str(tmp_path / "returns")], tmp_path)
    assert "arf_desktop.importers.workbook_package" in modules
    assert heavy_among(modules, ("openpyxl", "numpy", "reportlab", "PySide6")) == []
    with Workspace.open(db) as workspace, workspace.read() as conn:
        from arf_desktop.storage.workspace import counts

        assert counts(conn).submissions == 2
