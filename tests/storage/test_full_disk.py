"""A full disk while backing up or replacing a file: nothing partial is left, the file is named.

The disk fills for real: a child process runs with a file-size limit (RLIMIT_FSIZE), so the
system refuses the write with EFBIG exactly as it refuses a full disk with ENOSPC.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="file-size limits are POSIX")

ROOT = Path(__file__).resolve().parents[2]


def run_limited(code: str, limit: int) -> subprocess.CompletedProcess[str]:
    """Run `code` in a child process that may not write files beyond `limit` bytes."""
    prelude = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        """
    )
    env = {"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "QT_QPA_PLATFORM": "offscreen", "PATH": ""}
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_a_backup_that_fills_the_disk_leaves_no_partial_file(workspace_path: Path) -> None:
    folder = workspace_path.parent / "workspace-backups"
    done = run_limited(
        f"""
        from arf_desktop.cli.main import main
        sys.exit(main(["backup", "--db", {str(workspace_path)!r}, "--json"]))
        """,
        limit=workspace_path.stat().st_size // 3,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "unexpected" not in lines[0] and "Traceback" not in done.stderr
    assert f"The backup {folder}" in lines[0] and "could not be written" in lines[0]
    assert "Nothing of it was kept" in lines[0]
    assert json.loads(done.stdout)["ok"] is False
    assert list(folder.glob("*")) == []  # no .partial, no 0-byte backup


def test_a_full_disk_while_replacing_a_file_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "Letter to Ann.pdf"
    target.write_bytes(b"old letter")
    done = run_limited(
        f"""
        from arf_desktop.domain.errors import UserFacingError
        from arf_desktop.files.atomic import write_atomic
        try:
            write_atomic({str(target)!r}, b"x" * 200_000)
        except OSError as error:
            assert isinstance(error, UserFacingError)
            print(error.message)
        """,
        limit=100_000,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"{target} could not be written: the file is larger than the system allows "
        "(is the disk or quota full?). Nothing half-written was kept."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Letter to Ann.pdf"]
    assert target.read_bytes() == b"old letter"


def test_a_full_disk_while_writing_a_template_is_one_clear_line(workspace_path: Path) -> None:
    out = workspace_path.parent / "Blank Workbook.xlsx"
    done = run_limited(
        f"""
        from arf_desktop.cli.main import main
        sys.exit(main(["template", "--db", {str(workspace_path)!r}, "--out", {str(out)!r}]))
        """,
        limit=40_000,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"arf-desktop: {out} could not be written: the file is larger than the system allows "
        "(is the disk or quota full?)."
    ]
    assert not out.exists() and not list(out.parent.glob("*.partial"))


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 64 KB file system of its own (tmpfs), where the system allows mounting one."""
    point = tmp_path / "tiny disk"
    point.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command here")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small file system needs root; the size-limit tests cover it")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=True)


def test_a_backup_onto_a_really_full_disk_leaves_nothing(
    workspace_path: Path, tiny_disk: Path, capsys
) -> None:
    from arf_desktop.cli.main import main

    target = tiny_disk / "Before Panel.arfdb"
    assert main(["backup", "--db", str(workspace_path), "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"arf-desktop: The backup {target} could not be written: ")
    assert "disk is full" in err and "unexpected" not in err
    assert list(tiny_disk.iterdir()) == []


def test_a_file_onto_a_really_full_disk_leaves_nothing(tiny_disk: Path) -> None:
    from arf_desktop.domain.errors import UserFacingError
    from arf_desktop.files.atomic import write_atomic

    target = tiny_disk / "Results.xlsx"
    with pytest.raises(
        UserFacingError, match=r"Results\.xlsx could not be written: the disk is full"
    ):
        write_atomic(target, b"x" * 200_000)
    assert list(tiny_disk.iterdir()) == []
