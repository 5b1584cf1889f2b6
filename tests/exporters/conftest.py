"""Fixtures for the outputs: a decided round built once, and private copies for tests that write."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from arf_desktop.storage.backups import copy_database
from arf_desktop.storage.workspace import Workspace
from tests.exporters.decided_round import build_decided_round


@pytest.fixture(scope="session")
def decided_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with five decided submissions (every outcome) and one still open."""
    return build_decided_round(tmp_path_factory.mktemp("decided") / "decided.arfdb")


@pytest.fixture
def decided(decided_file: Path) -> Iterator[Workspace]:
    """The decided round, opened for reading (tests must not change it)."""
    with Workspace.open(decided_file) as workspace:
        yield workspace


@pytest.fixture
def decided_copy(decided_file: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the decided round that a test may change."""
    copy = copy_database(decided_file, tmp_path / "decided-copy.arfdb")
    with Workspace.open(copy) as workspace:
        yield workspace
