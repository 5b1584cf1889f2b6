"""`export letters` loads the letter code and reportlab, never openpyxl, the exchange, Qt or
another command group's module."""

from __future__ import annotations

import gc
from pathlib import Path

from arf_desktop.cli.main import COMMAND_GROUPS, main
from tests.loaded_modules import heavy_among, loaded_modules

UNWANTED = (
    "openpyxl",
    "python_calamine",
    "jsonschema",
    "cryptography",
    "numpy",
    "PySide6",
    "arf_desktop.exchange",
    "arf_desktop.importers",
    "arf_desktop.ui",
    "arf_desktop.demo",
    "arf_desktop.scoring",
    "arf_desktop.calibration",
)


def test_export_letters_loads_no_heavy_module(decided_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    modules = loaded_modules(
        ["-m", "arf_desktop", "export", "letters", "--db", str(decided_file), "--out", str(out)],
        tmp_path,
    )
    assert "reportlab" in modules and "arf_desktop.exporters.letters" in modules
    assert list(out.glob("letter-*.pdf"))
    assert heavy_among(modules, UNWANTED) == []
    other_groups = tuple(
        f"arf_desktop.cli.{group}" for group in COMMAND_GROUPS if group != "outputs"
    )
    assert heavy_among(modules, other_groups) == []
    other_outputs = ("results_workbook", "certificates", "feedback", "appeal_pack", "dashboard")
    assert heavy_among(modules, tuple(f"arf_desktop.exporters.{m}" for m in other_outputs)) == []


def test_an_export_run_in_process_leaves_the_collector_as_it_was(
    decided_file: Path, tmp_path: Path
) -> None:
    """Only a process that ends with the command sets its loaded libraries aside for good."""
    frozen, threshold = gc.get_freeze_count(), gc.get_threshold()
    argv = ["export", "letters", "--db", str(decided_file), "--out", str(tmp_path / "letters")]
    assert main(argv) == 0
    assert (gc.get_freeze_count(), gc.get_threshold()) == (frozen, threshold)
