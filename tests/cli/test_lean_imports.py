"""Each command loads only what it uses: `info` and `--help` stay clear of every heavy module."""

from __future__ import annotations

from pathlib import Path

from arf_desktop.cli.main import main
from tests.loaded_modules import HEAVY, heavy_among, loaded_modules

CLI_HEAVY = (*HEAVY, "PySide6", "arf_desktop.importers.batch", "arf_desktop.ui")


def test_info_loads_no_heavy_module(tmp_path: Path) -> None:
    db = tmp_path / "w.arfdb"
    assert main(["init", "--db", str(db), "--user", "Ada", "--json"]) == 0
    modules = loaded_modules(["-m", "arf_desktop", "info", "--db", str(db)], tmp_path)
    assert "arf_desktop.cli.workspace" in modules  # the measurement sees our own modules
    assert heavy_among(modules, CLI_HEAVY) == []


def test_help_loads_no_service(tmp_path: Path) -> None:
    modules = loaded_modules(["-m", "arf_desktop", "--help"], tmp_path)
    assert heavy_among(modules, (*CLI_HEAVY, "sqlalchemy", "arf_desktop.storage")) == []
