"""Every writing command keeps clear of the workspace, and replaces only its own earlier files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.storage.backups import copy_database, take_backup
from tests.exporters.decided_round import ASSESSORS, ROUND, build_decided_round

ORG = "Bolton NHS Foundation Trust"
FOREIGN = b"Someone's own notes, not written by ARF Desktop.\n"


@pytest.fixture(scope="module")
def decided_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_decided_round(tmp_path_factory.mktemp("decided") / "decided.arfdb")


@pytest.fixture
def db(decided_file: Path, tmp_path: Path) -> Path:
    """A private copy of the decided round, with one backup in its backups folder."""
    copy = copy_database(decided_file, tmp_path / "home" / "rounds.arfdb")
    take_backup(copy, "manual")
    return copy


def writing_commands(out: str) -> dict[str, list[str]]:
    """Every command that writes a file, writing to `out`."""
    return {
        "export letters": ["export", "letters", "--round", ROUND, "--out", out],
        "export certificates": ["export", "certificates", "--round", ROUND, "--out", out],
        "export feedback": ["export", "feedback", "--round", ROUND, "--out", out],
        "export all": ["export", "all", "--round", ROUND, "--out", out],
        "export results": ["export", "results", "--round", ROUND, "--out", out],
        "export appeal-pack": ["export", "appeal-pack", "--organisation", ORG, "--out", out],
        "export dashboard": ["export", "dashboard", "--out", out],
        "pack export": ["pack", "export", "--round", ROUND, "--out", out],
        "pack export --assessor": [
            "pack",
            "export",
            "--round",
            ROUND,
            "--assessor",
            ASSESSORS[0],
            "--out",
            out,
        ],
        "pack rotate-key": [
            "pack",
            "rotate-key",
            "--round",
            ROUND,
            "--assessor",
            ASSESSORS[0],
            "--out",
            out,
        ],
        "return export": ["return", "export", "--round", ROUND, "--out", out],
        "scoresheet export": [
            "scoresheet",
            "export",
            "--round",
            ROUND,
            "--assessor",
            ASSESSORS[0],
            "--out",
            out,
        ],
        "template": ["template", "--out", out],
        "backup": ["backup", "--out", out],
        "calibration report": ["calibration", "report", "X", "--assessor", "A", "--pdf", out],
    }


def state(db: Path) -> dict[str, str]:
    """The bytes of every file of the workspace, and of its backups."""
    files = [*db.parent.glob(db.name + "*"), *(db.parent / f"{db.stem}-backups").glob("*")]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


def targets(db: Path) -> dict[str, Path]:
    backup = next((db.parent / f"{db.stem}-backups").glob("*.arfdb"))
    return {
        "workspace": db,
        "lock": db.with_name(db.name + ".lock"),
        "wal": db.with_name(db.name + "-wal"),
        "shm": db.with_name(db.name + "-shm"),
        "journal": db.with_name(db.name + "-journal"),
        "backup": backup,
        "backups folder": backup.parent,
        "kept aside by a restore": db.with_name(db.name + ".replaced-20260101T000000Z"),
    }


TARGETS = ("workspace", "lock", "wal", "shm", "journal", "backup", "backups folder",
           "kept aside by a restore")  # fmt: skip


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("force", [False, True])
def test_no_command_writes_over_the_workspace_or_its_files(
    db: Path, capsys: pytest.CaptureFixture[str], target: str, force: bool
) -> None:
    out = targets(db)[target]
    before = state(db)
    for name, args in writing_commands(str(out)).items():
        code = main([*args, "--db", str(db), *(["--force"] if force else [])])
        err = capsys.readouterr().err
        assert code == 1, name
        assert "never writes there" in err and "Nothing was written" in err, (name, err)
        assert state(db) == before, name


def test_a_symlink_or_another_spelling_of_the_workspace_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "innocent.xlsx"
    link.symlink_to(db)
    folder_link = tmp_path / "elsewhere"
    folder_link.symlink_to(db.parent)
    before = state(db)
    for out in (link, folder_link / db.name, db.parent / ".." / "home" / db.name):
        assert main(["export", "results", "--db", str(db), "--out", str(out), "--force"]) == 1
        assert "the workspace itself" in capsys.readouterr().err
        assert main(["scoresheet", "export", "--db", str(db), "--round", ROUND, "--assessor",
                     ASSESSORS[0], "--out", str(out), "--force"]) == 1  # fmt: skip
        assert "the workspace itself" in capsys.readouterr().err
    assert state(db) == before


def test_a_folder_holding_the_workspace_is_fine_when_nothing_lands_on_it(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", "letters", "--db", str(db), "--round", ROUND, "--out", str(db.parent)]
    assert main(args) == 0, capsys.readouterr().err
    assert len(list(db.parent.glob("letter-*.pdf"))) == 5
    assert main(["info", "--db", str(db)]) == 0  # still the workspace it was
    assert "Workspace:" in capsys.readouterr().out


def test_restore_from_the_workspace_itself_is_refused_before_anything_moves(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(db)
    for source in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + ".lock")):
        if not source.exists():
            source.write_bytes(b"")
        snapshot = state(db)
        assert main(["restore", "--db", str(db), "--from", str(source)]) == 1
        err = capsys.readouterr().err
        assert "nothing was moved or changed" in err, err
        assert state(db) == snapshot
        assert not list(db.parent.glob("*.replaced-*"))
    assert state(db)[str(db)] == before[str(db)]


def single_file_commands(db: Path, tmp_path: Path) -> dict[str, tuple[list[str], Path]]:
    """Commands writing one file, and the file each writes."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    pack = out / "asha.arfpack"
    return {
        "export results": (["export", "results", "--round", ROUND, "--out", str(out / "r.xlsx")],
                           out / "r.xlsx"),
        "export appeal-pack": (["export", "appeal-pack", "--organisation", ORG, "--out",
                                str(out / "a.zip")], out / "a.zip"),
        "export dashboard": (["export", "dashboard", "--out", str(out / "d.pdf")], out / "d.pdf"),
        "pack export": (["pack", "export", "--round", ROUND, "--assessor", ASSESSORS[0],
                         "--out", str(pack)], pack),
        "scoresheet export": (["scoresheet", "export", "--round", ROUND, "--assessor",
                               ASSESSORS[0], "--out", str(out / "s.xlsx")], out / "s.xlsx"),
        "template": (["template", "--out", str(out / "t.xlsx")], out / "t.xlsx"),
        "backup": (["backup", "--out", str(out / "b.arfdb")], out / "b.arfdb"),
        "export letters": (["export", "letters", "--round", ROUND, "--out", str(out)],
                           out / "letter-bolton-nhs-foundation-trust.pdf"),
    }  # fmt: skip


@pytest.mark.parametrize(
    "command",
    ["export results", "export appeal-pack", "export dashboard", "pack export",
     "scoresheet export", "backup", "export letters"],
)  # fmt: skip
def test_a_file_the_command_did_not_write_needs_force_its_own_does_not(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    args, written = single_file_commands(db, tmp_path)[command]
    args = [*args, "--db", str(db)]
    written.write_bytes(FOREIGN)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and str(written) in err
    assert written.read_bytes() == FOREIGN
    assert not list(written.parent.glob("*.partial"))
    if command == "export letters":  # nothing of the batch was written
        assert sorted(p.name for p in written.parent.iterdir()) == [written.name]
    assert main([*args, "--force"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    first = written.read_bytes()
    assert first != FOREIGN
    assert main(args) == 0, capsys.readouterr().err  # its own earlier output: replaced
    capsys.readouterr()
    assert written.exists() and written.read_bytes() != FOREIGN


def test_a_workbook_saved_in_excel_since_is_not_the_apps_own_any_more(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    target = tmp_path / "sheet.xlsx"
    args = ["scoresheet", "export", "--db", str(db), "--round", ROUND,
            "--assessor", ASSESSORS[0], "--out", str(target)]  # fmt: skip
    assert main(args) == 0 and main(args) == 0
    book = openpyxl.load_workbook(target)
    book.properties.lastModifiedBy = "Asha Patel"  # as Excel records whoever saved it
    book.save(target)
    capsys.readouterr()
    assert main(args) == 1 and "already exists" in capsys.readouterr().err


def test_a_backup_replaces_only_a_backup_of_this_same_workspace(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = build_decided_round(tmp_path / "other.arfdb")
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    assert main(["backup", "--db", str(db), "--out", str(other)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before


def test_return_export_keeps_clear_of_the_assessors_workspace(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "amara.arfpack"
    office = ["--db", str(db)]
    assert main(["pack", "export", "--round", ROUND, "--assessor", ASSESSORS[0],
                 "--out", str(pack), *office]) == 0  # fmt: skip
    laptop = tmp_path / "laptop" / "amara.arfdb"
    assert main(["init", "--db", str(laptop)]) == 0
    assert main(["pack", "import", str(pack), "--db", str(laptop)]) == 0
    capsys.readouterr()
    before = state(laptop)
    back = tmp_path / "amara.arfreturn"
    run = ["return", "export", "--round", ROUND, "--db", str(laptop), "--out"]
    for out in (laptop, laptop.with_name(laptop.name + "-wal")):
        assert main([*run, str(out), "--force"]) == 1
        assert "never writes there" in capsys.readouterr().err
    assert state(laptop) == before
    back.write_bytes(FOREIGN)
    assert main([*run, str(back)]) == 1 and back.read_bytes() == FOREIGN
    assert main([*run, str(back), "--force"]) == 0
    assert main([*run, str(back)]) == 0  # its own earlier return
    capsys.readouterr()
    assert back.read_bytes() != FOREIGN


def test_on_either_database_a_foreign_file_needs_force(
    workspace_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """PostgreSQL keeps no workspace files here; the rule for other files is the same."""
    target = tmp_path / "dashboard.pdf"
    run = ["export", "dashboard", "--out", str(target), "--db", workspace_location]
    target.write_bytes(FOREIGN)
    assert main(run) == 1 and target.read_bytes() == FOREIGN
    assert "--force" in capsys.readouterr().err
    assert main([*run, "--force"]) == 0 and target.read_bytes() != FOREIGN
    assert main(run) == 0  # its own earlier output
    capsys.readouterr()


def test_a_template_replaces_an_existing_workbook_only_with_force(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A blank template is made to be filled in elsewhere: never taken as the app's own."""
    target = tmp_path / "blank.xlsx"
    run = ["template", "--out", str(target), "--db", str(db)]
    assert main(run) == 0
    assert main(run) == 1 and "--force" in capsys.readouterr().err
    target.write_bytes(FOREIGN)
    assert main(run) == 1 and target.read_bytes() == FOREIGN
    assert main([*run, "--force"]) == 0 and target.read_bytes() != FOREIGN
