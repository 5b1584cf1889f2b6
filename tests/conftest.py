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


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    """A local PostgreSQL server for the whole run (None where none is installed)."""
    from tests.pg_server import running_server

    with running_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, initialised workspace on each kind of database the app supports."""
    if request.param == "sqlite":
        path = tmp_path / "workspace.arfdb"
        init_workspace(path, "Test coordinator")
        yield str(path)
        return
    server = request.getfixturevalue("postgres")
    if server is None:
        pytest.skip("no PostgreSQL server is installed here (the quick-start installs one)")
    with server.database() as url:
        init_workspace(url, "Test coordinator")
        yield url


@pytest.fixture
def workspace(workspace_location: str) -> Iterator[Workspace]:
    with Workspace.open(workspace_location) as opened:
        yield opened
