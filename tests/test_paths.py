"""Per-user data folders on each platform (faked here), never beside the program."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from arf_desktop import paths


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("ARF_DESKTOP_HOME", "LOCALAPPDATA", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    return tmp_path


def test_windows_keeps_data_in_local_app_data(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    local = clean_env / "AppData" / "Local"
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    assert paths.user_data_dir() == local / "ARF Desktop"
    assert paths.default_workspace() == local / "ARF Desktop" / "workspace.arfdb"
    monkeypatch.delenv("LOCALAPPDATA")
    assert paths.user_data_dir() == Path.home() / "AppData" / "Local" / "ARF Desktop"


def test_macos_and_linux_keep_data_in_the_users_folders(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert paths.user_data_dir() == clean_env / "Library" / "Application Support" / "ARF Desktop"
    monkeypatch.setattr(sys, "platform", "linux")
    assert paths.user_data_dir() == clean_env / ".local" / "share" / "arf-desktop"


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_nothing_is_written_beside_the_program(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("LOCALAPPDATA", str(clean_env / "AppData" / "Local"))
    for place in (paths.default_workspace(), paths.demo_workspace()):
        assert place.is_relative_to(clean_env)
        assert not place.is_relative_to(paths.bundle_root())
