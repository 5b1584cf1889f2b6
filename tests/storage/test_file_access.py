"""Read-only workspaces open for reading; folders, devices and paths under files are refused."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.storage.file_access import WorkspaceReadOnly
from arf_desktop.storage.workspace import Workspace, counts
from tests.read_only import read_only


def settled(path: Path) -> Path:
    """The workspace with its journal folded in, so the file alone holds every change."""
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused_change(workspace: Workspace) -> str:
    with pytest.raises(WorkspaceReadOnly) as refused:
        create_round(workspace, "Coordinator", RoundDraft("Spring 2026"))
    return refused.value.message


def test_a_read_only_file_opens_for_reading_and_refuses_changes(workspace_path: Path) -> None:
    before = digest(settled(workspace_path))
    with read_only(workspace_path), Workspace.open(workspace_path, lock=True) as workspace:
        assert workspace.read_only is not None and "file cannot be written" in workspace.read_only
        with workspace.read() as conn:
            assert counts(conn).organisations > 0
        message = refused_change(workspace)
    assert message.startswith(f"The workspace is read-only: {workspace_path} (")
    assert "damaged" not in message and "backup" not in message
    assert digest(workspace_path) == before
    assert not workspace_path.with_name(workspace_path.name + ".lock").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows folders have no write bit")
def test_a_read_only_folder_opens_for_reading_and_creates_nothing(workspace_path: Path) -> None:
    settled(workspace_path)
    for sidecar in ("-wal", "-shm"):
        workspace_path.with_name(workspace_path.name + sidecar).unlink(missing_ok=True)
    before = sorted(p.name for p in workspace_path.parent.iterdir())
    with read_only(workspace_path.parent):
        with Workspace.open(workspace_path, lock=True) as workspace:
            assert workspace.read_only is not None and "folder" in workspace.read_only
            with workspace.read() as conn:
                assert counts(conn).organisations > 0
            assert "read-only" in refused_change(workspace)
        assert sorted(p.name for p in workspace_path.parent.iterdir()) == before


def test_a_read_only_database_user_reads_but_cannot_change(postgres, tmp_path: Path) -> None:
    if postgres is None:
        pytest.skip("no PostgreSQL server is installed here")
    from arf_desktop.registers.setup import init_workspace

    with postgres.database() as url:
        init_workspace(url, "Coordinator")
        name = url.rsplit("/", 1)[1]
        reader = postgres.password_role(f"reader_{name[-6:]}", "Sesame-42", name)
        postgres.admin(f"ALTER DATABASE {name} OWNER TO arf")
        grant = f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader_{name[-6:]}"
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={postgres.port} user=arf dbname={name}", autocommit=True
        ) as conn:
            conn.execute(grant)
        located = reader.replace("@", ":Sesame-42@", 1)
        with Workspace.open(located) as workspace:
            assert workspace.read_only is not None and "may read it" in workspace.read_only
            with workspace.read() as conn:
                assert counts(conn).organisations > 0
            message = refused_change(workspace)
        assert "read-only" in message and "Sesame-42" not in message


@pytest.mark.parametrize("create", [False, True])
def test_a_folder_is_not_a_workspace_and_nothing_is_made_in_it(
    tmp_path: Path, create: bool
) -> None:
    with pytest.raises(UserFacingError, match="is a folder, not a workspace file") as refused:
        Workspace.open(tmp_path, create=create)
    assert str(tmp_path / "workspace.arfdb") in refused.value.message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null on this system")
@pytest.mark.parametrize("create", [False, True])
def test_a_device_is_not_a_workspace_and_nothing_is_made_beside_it(create: bool) -> None:
    devices = sorted(p.name for p in Path("/dev").glob("null*"))
    with pytest.raises(UserFacingError, match="/dev/null is a device or special file"):
        Workspace.open("/dev/null", create=create)
    assert sorted(p.name for p in Path("/dev").glob("null*")) == devices


def test_a_path_under_a_file_is_refused(workspace_path: Path) -> None:
    inside = workspace_path / "nested.arfdb"
    with pytest.raises(UserFacingError, match="is a file, not a folder"):
        Workspace.open(inside, create=True)
