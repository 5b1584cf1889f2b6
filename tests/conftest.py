"""Shared fixtures: offscreen Qt, throw-away workspaces on disk, the default framework."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ARF_DESKTOP_HOME", os.path.join(os.path.dirname(__file__), ".home"))

from collections.abc import Iterator
from pathlib import Path

import pytest

from arf_desktop.domain.framework import Framework
from arf_desktop.importers.framework_file import (
    default_framework_path,
    load_framework_file,
)
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage.workspace import Workspace


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework_file(default_framework_path())[0]


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    """A new workspace file with the draft framework and the organisation register."""
    path = tmp_path / "workspace.arfdb"
    init_workspace(path, "Test coordinator")
    return path


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    with Workspace.open(workspace_path) as opened:
        yield opened
