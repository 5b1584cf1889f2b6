"""Clear one-line refusals: read-only workspaces, folders and devices, refused passwords, case."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.domain.wording import sentence
from arf_desktop.importers.framework_file import default_framework_path
from arf_desktop.storage.failures import hide_password
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import filled, kit_for
from tests.read_only import read_only


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def digest(path: Path) -> str:
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_writing_command_refuses_a_read_only_workspace_in_one_line(
    workspace_path: Path, tmp_path: Path, capsys
) -> None:
    with Workspace.open(workspace_path) as workspace:
        workbook = filled(kit_for(workspace), tmp_path / "wb")
    db = str(workspace_path)
    before = digest(workspace_path)
    writers = [
        ["round", "create", "Spring 2026"],
        ["assessor", "add", "Asha Patel", "--organisation", "Bolton NHS Foundation Trust"],
        ["framework", "load", str(default_framework_path())],
        ["import", str(workbook), "--round", "Spring 2026"],
    ]
    with read_only(workspace_path):
        code, out, err = run(["info", "--db", db], capsys)
        assert code == 0 and "Read-only: the file cannot be written" in out
        code, out, _ = run(["info", "--db", db, "--json"], capsys)
        assert code == 0 and json.loads(out)["read_only"].startswith("the file cannot")
        assert run(["audit", "verify", "--db", db], capsys)[0] == 0
        for command in writers:
            code, out, err = run([*command, "--db", db], capsys)
            assert code == 1, command
            lines = err.strip().splitlines()
            assert len(lines) == 1, (command, err)
            assert lines[0].startswith(f"arf-desktop: The workspace is read-only: {db} (")
            assert "unexpected" not in err and "damaged" not in err
    assert digest(workspace_path) == before


@pytest.mark.parametrize("command", ["init", "info", "round list"])
def test_a_folder_named_as_the_workspace_is_refused(tmp_path: Path, command: str, capsys) -> None:
    folder = tmp_path / "Rounds Folder"
    folder.mkdir()
    code, out, err = run([*command.split(), "--db", str(folder), "--json"], capsys)
    assert code == 1
    assert err.strip() == (
        f"arf-desktop: {folder} is a folder, not a workspace file. Name a file in it, for "
        f"example {folder / 'workspace.arfdb'}. Nothing was created."
    )
    assert json.loads(out)["ok"] is False
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null on this system")
def test_init_on_a_device_creates_nothing_beside_it(capsys) -> None:
    before = sorted(p.name for p in Path("/dev").glob("null*"))
    code, _, err = run(["init", "--db", "/dev/null"], capsys)
    assert code == 1 and "/dev/null is a device or special file" in err
    assert "unexpected" not in err
    assert sorted(p.name for p in Path("/dev").glob("null*")) == before


def test_a_wrong_database_password_is_named_but_never_shown(
    postgres, tmp_path: Path, capsys
) -> None:
    if postgres is None:
        pytest.skip("no PostgreSQL server is installed here")
    from arf_desktop.registers.setup import init_workspace

    with postgres.database() as url:
        init_workspace(url, "Coordinator")
        name = url.rsplit("/", 1)[1]
        role = f"panel_{name[-6:]}"
        address = postgres.password_role(role, "Right-Horse-7", name)
        wrong = address.replace("@", ":Wrong-Battery-9@", 1)
        for extra in ([], ["--json"]):
            code, out, err = run(["info", "--db", wrong, *extra], capsys)
            assert code == 1
            assert "Wrong-Battery-9" not in out + err and "Right-Horse-7" not in out + err
            assert "refused the user name or password" in err
            assert f"{role}:***@" in err and "unexpected" not in err
        assert json.loads(out)["error"].startswith("The database server refused")
        code, out, err = run(["info", "--db", wrong.replace("127.0.0.1:", "127.0.0.1:1")], capsys)
        assert code == 1 and "Wrong-Battery-9" not in out + err
        source = str(tmp_path / "Source.arfdb")
        init_workspace(source, "Coordinator")
        code, out, err = run(["migrate-workspace", "--db", source, "--to", wrong], capsys)
        assert code == 1 and "refused the user name or password" in err
        assert "Wrong-Battery-9" not in out + err


@pytest.mark.skipif(sys.platform == "win32", reason="Windows folders have no write bit")
def test_writing_into_a_closed_folder_names_the_file_and_leaves_nothing(
    workspace_path: Path, tmp_path: Path, capsys
) -> None:
    closed = tmp_path / "Closed Folder"
    closed.mkdir()
    with read_only(closed):
        code, _, err = run(["init", "--db", str(closed / "new.arfdb")], capsys)
        assert code == 1 and err.strip() == (
            f"arf-desktop: A workspace cannot be created in {closed}: the folder does not allow "
            "new files (no permission, or a read-only disk). Nothing was created."
        )
        target = closed / "Before Panel.arfdb"
        code, _, err = run(["backup", "--db", str(workspace_path), "--out", str(target)], capsys)
        assert code == 1 and err.startswith(f"arf-desktop: The backup {target} could not be")
        assert "Nothing of it was kept" in err
        target = closed / "Dashboard.pdf"
        code, _, err = run(
            ["export", "dashboard", "--db", str(workspace_path), "--out", str(target)], capsys
        )
        assert code == 1 and err.startswith(f"arf-desktop: {target} could not be written")
        assert "partial" not in err and "unexpected" not in err
        assert list(closed.iterdir()) == []


def test_passwords_are_hidden_in_any_text() -> None:
    assert (
        hide_password("postgresql+psycopg://ann:s3cr:et@db.nhs.uk/arf and password=hunter2 x")
        == "postgresql+psycopg://ann:***@db.nhs.uk/arf and password=*** x"
    )
    assert hide_password("sqlite:///C:/Users/Ann/rounds.arfdb") == (
        "sqlite:///C:/Users/Ann/rounds.arfdb"
    )


def test_summary_lines_keep_the_round_name_as_typed(
    workspace_path: Path, tmp_path: Path, capsys
) -> None:
    with Workspace.open(workspace_path) as workspace:
        workbook = filled(kit_for(workspace), tmp_path / "Trust Returns")
    code, out, _ = run(
        ["import", str(workbook), "--round", "NW Round 2026/27", "--db", str(workspace_path)],
        capsys,
    )
    assert code == 0
    assert (
        out.strip().splitlines()[-1]
        == "1 imported, 0 unchanged, 0 rejected (round “NW Round 2026/27”)"
    )
    assert sentence("3 files written to /Users/Ann/Letters") == (
        "3 files written to /Users/Ann/Letters"
    )
    assert sentence("cancelled in “Spring”") == "Cancelled in “Spring”"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null on this system")
def test_a_device_or_folder_is_never_restored_nor_written_as_a_backup(
    workspace_path: Path, tmp_path: Path, capsys
) -> None:
    db = str(workspace_path)
    before = digest(workspace_path)
    for source in ("/dev/null", str(tmp_path)):
        code, _, err = run(["restore", "--db", db, "--from", source], capsys)
        assert code == 1 and "is not a healthy workspace backup; nothing was changed" in err
    assert digest(workspace_path) == before
    assert not list(workspace_path.parent.glob("*.replaced-*"))
    folder = tmp_path / "Backups Folder"
    folder.mkdir()
    code, _, err = run(["backup", "--db", db, "--out", str(folder)], capsys)
    assert code == 1 and f"{folder} is a folder, not a workspace file" in err
    code, _, err = run(["backup", "--db", db, "--out", "/dev/null"], capsys)
    assert code == 1 and "/dev/null is a device or special file" in err
    assert list(folder.iterdir()) == [] and not Path("/dev/null.partial").exists()
