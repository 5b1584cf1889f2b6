"""Starting the window: damaged workspaces offer a restore, a second copy is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from arf_desktop.app import make_application, open_workspace_interactively
from arf_desktop.storage import backups
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit import dialogs


def damage(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2 + 100, min(len(data), 4096 * 4), 7):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.fixture(autouse=True)
def application() -> None:
    make_application()


def test_damaged_workspace_offers_the_latest_good_backup(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backups.take_backup(workspace_path, "scheduled")
    damage(workspace_path)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "show_error", lambda *args: pytest.fail(f"error shown: {args}"))
    workspace = open_workspace_interactively(str(workspace_path))
    assert asked and "latest good backup" in asked[0]
    assert workspace is not None and workspace.integrity_check() == "ok"
    workspace.close()
    assert list(workspace_path.parent.glob("workspace.arfdb.replaced-*"))


def test_second_window_is_refused_with_a_message(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    with Workspace.open(workspace_path, lock=True):
        assert open_workspace_interactively(str(workspace_path)) is None
    assert shown and "already open" in shown[0]
