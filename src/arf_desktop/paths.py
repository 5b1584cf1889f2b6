"""One resolver for the bundled `resources/` and `schemas/` folders and the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "ARF Desktop"
APP_SLUG = "arf-desktop"


def bundle_root() -> Path:
    """The folder that holds `resources/` and `schemas/`.

    A frozen build unpacks them beside the executable's support files
    (`sys._MEIPASS`); a source checkout or editable install has them at the
    project's root, two levels above this package.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    override = os.environ.get("ARF_DESKTOP_BUNDLE")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2]


def resource(*parts: str) -> Path:
    return bundle_root().joinpath("resources", *parts)


def schema(name: str) -> Path:
    return bundle_root() / "schemas" / name


def user_data_dir() -> Path:
    """Where workspaces live unless the user names another place."""
    override = os.environ.get("ARF_DESKTOP_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_SLUG


def default_workspace() -> Path:
    return user_data_dir() / "workspace.arfdb"


def demo_workspace() -> Path:
    return user_data_dir() / "demo" / "demo-workspace.arfdb"
