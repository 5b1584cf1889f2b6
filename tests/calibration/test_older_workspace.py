"""A workspace made before calibration gains its tables on opening, and its rounds stay listed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from arf_desktop.registers.rounds import RoundDraft, create_round, list_rounds
from arf_desktop.storage.workspace import Workspace

CALIBRATION_TABLES = ("calibration_seeds", "calibration_keys", "calibration_items",
                      "calibration_exercises")  # fmt: skip


def test_the_calibration_tables_are_added_to_an_older_workspace(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as workspace:
        create_round(workspace, "Lead", RoundDraft("Old round"))
    with sqlite3.connect(workspace_path) as raw:
        for name in CALIBRATION_TABLES:
            raw.execute(f"DROP TABLE {name}")
        raw.execute("UPDATE schema_info SET value = '1' WHERE key = 'schema_version'")
    with Workspace.open(workspace_path) as workspace:
        assert [r.name for r in list_rounds(workspace)] == ["Old round"]
    with sqlite3.connect(workspace_path) as raw:
        names = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert set(CALIBRATION_TABLES) <= names
