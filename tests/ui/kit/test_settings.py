"""Window settings live in an INI file in the user's profile, not the registry or program folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from arf_desktop import paths
from arf_desktop.ui.kit.settings import CURRENT_SCREEN, SettingsRegistry


def test_settings_are_an_ini_file_in_the_users_profile(qapp, tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    registry = SettingsRegistry()
    registry.set(CURRENT_SCREEN, "Audit")
    registry.sync()
    written = Path(registry.file_name)
    assert written.suffix == ".ini" and written.is_relative_to(tmp_path)
    assert "screen=Audit" in written.read_text(encoding="utf-8")
    assert not written.is_relative_to(paths.bundle_root())
