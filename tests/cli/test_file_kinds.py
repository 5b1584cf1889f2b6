"""Every kind of file the app writes is recognised from its contents and named, with the
command that reads it, when it is given to a command that reads another kind."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.files.file_kinds import sniff_file
from arf_desktop.importers.framework_file import default_framework_path, load_framework_file
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage.workspace import Workspace
from tests.exchange.conftest import ROUND, build_round, score_all

OFFICE = "Programme coordinator"


def call(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One file of every kind, each written by the app's own command or writer."""
    folder = tmp_path_factory.mktemp("kinds")
    office = folder / "office.arfdb"
    init_workspace(office, OFFICE)
    framework = load_framework_file(default_framework_path())[0]
    with Workspace.open(office) as ws:
        build_round(ws, framework)
    db = ["--db", str(office), "--user", OFFICE]
    files = {
        "submission_workbook": folder / "blank.xlsx",
        "scoring_sheet": folder / "sheet.xlsx",
        "results_workbook": folder / "results.xlsx",
        "work_pack": folder / "pack.arfpack",
        "appeal_pack": folder / "appeal.zip",
        "workspace": folder / "backup.arfdb",
        "score_return": folder / "scores.arfreturn",
    }
    commands = [
        ["template", "--out", str(files["submission_workbook"])],
        ["scoresheet", "export", "--round", ROUND, "--assessor", "Siân Evans", "--out",
         str(files["scoring_sheet"])],
        ["export", "results", "--round", ROUND, "--out", str(files["results_workbook"])],
        ["pack", "export", "--round", ROUND, "--assessor", "Siân Evans", "--out",
         str(files["work_pack"])],
        ["export", "appeal-pack", "--round", ROUND, "--organisation",
         "Bolton NHS Foundation Trust", "--out", str(files["appeal_pack"])],
        ["backup", "--out", str(files["workspace"])],
    ]  # fmt: skip
    for command in commands:
        assert main([*command, *db]) == 0, command
    laptop = folder / "laptop.arfdb"
    init_workspace(laptop, "Laptop owner")
    assert main(["pack", "import", str(files["work_pack"]), "--db", str(laptop)]) == 0
    score_all(laptop, framework, lambda _o, _c: 2)
    out = ["return", "export", "--round", ROUND, "--out", str(files["score_return"])]
    assert main([*out, "--db", str(laptop)]) == 0
    files["framework"] = folder / "framework.json"
    shutil.copyfile(default_framework_path(), files["framework"])
    files["office"] = office
    return files


def test_each_file_is_recognised_from_its_contents(made: dict[str, Path], tmp_path: Path) -> None:
    for key, path in made.items():
        if key == "office":
            continue
        kind = sniff_file(path)
        assert kind is not None and kind.key == key, (key, kind)
        disguised = tmp_path / f"{key}.dat"  # the name says nothing: the contents decide
        shutil.copyfile(path, disguised)
        assert sniff_file(disguised) == kind


# (command and its arguments before the file, kind given, words expected in the message)
WRONG = [
    (["import"], "scoring_sheet", "is an assessor's scoring sheet, not a submission workbook: "
     "use `arf-desktop scoresheet import sheet.xlsx`"),
    (["import"], "work_pack", "is a work pack, not a submission workbook: use `arf-desktop pack "
     "import pack.arfpack`"),
    (["import"], "score_return", "use `arf-desktop return import scores.arfreturn`"),
    (["import"], "results_workbook", "is a round results workbook (written by `arf-desktop "
     "export results`), not a submission workbook"),
    (["import"], "framework", "use `arf-desktop framework load framework.json`"),
    (["import"], "workspace", "is an ARF Desktop workspace or backup, not a submission workbook: "
     "open it with `arf-desktop --db backup.arfdb"),
    (["import"], "appeal_pack", "is an appeal pack (written by `arf-desktop export appeal-pack`)"),
    (["scoresheet", "import"], "submission_workbook", "is a submission workbook, not a scoring "
     "sheet: use `arf-desktop import blank.xlsx`"),
    (["scoresheet", "import"], "results_workbook", "is a round results workbook"),
    (["pack", "import"], "score_return", "is a score return, not a work pack: use `arf-desktop "
     "return import scores.arfreturn`"),
    (["pack", "import"], "scoring_sheet", "use `arf-desktop scoresheet import sheet.xlsx`"),
    (["return", "import"], "work_pack", "is a work pack, not a score return: use `arf-desktop "
     "pack import pack.arfpack`"),
    (["return", "import"], "submission_workbook", "use `arf-desktop import blank.xlsx`"),
    (["framework", "load"], "submission_workbook", "not a framework definition"),
    (["restore", "--from"], "framework", "not a workspace backup"),
]  # fmt: skip


@pytest.mark.parametrize(("command", "given", "expected"), WRONG)
def test_a_file_of_another_kind_is_named_and_nothing_changes(
    made: dict[str, Path],
    command: list[str],
    given: str,
    expected: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    office = made["office"]
    assert main(["info", "--db", str(office), "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    code, _, err = call([*command, str(made[given]), "--db", str(office), "--user", OFFICE], capsys)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(f"arf-desktop: {made[given].name} ")
    assert expected in err
    main(["info", "--db", str(office), "--json"])
    assert json.loads(capsys.readouterr().out) == before


def test_right_kinds_still_pass_the_check(made: dict[str, Path], capsys) -> None:
    laptop = made["office"].parent / "second-laptop.arfdb"
    init_workspace(laptop, "Laptop owner")
    code, out, _ = call(["pack", "import", str(made["work_pack"]), "--db", str(laptop)], capsys)
    assert code == 0 and "now scores as Siân Evans" in out
    code, out, err = call(["import", str(made["submission_workbook"]), "--db", str(laptop)], capsys)
    assert "is a submission workbook, not" not in err  # the importer itself judges a blank one


def test_a_folder_import_names_each_file_of_another_kind(
    made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    shutil.copyfile(made["scoring_sheet"], folder / "from-bolton.xlsx")
    shutil.copyfile(made["results_workbook"], folder / "results.xlsx")
    laptop = tmp_path / "fresh.arfdb"
    init_workspace(laptop, "Laptop owner")
    importing = ["import", str(folder), "--round", "Spring 2026", "--db", str(laptop), "--json"]
    code, out, _ = call(importing, capsys)
    records = {r["file"].split(" › ")[-1]: r for r in json.loads(out)}
    assert code == 1 and {r["status"] for r in records.values()} == {"rejected"}
    assert (
        "is an assessor's scoring sheet, not a submission workbook: use `arf-desktop "
        "scoresheet import from-bolton.xlsx`" in records["from-bolton.xlsx"]["message"]
    )
    assert "is a round results workbook" in records["results.xlsx"]["problems"][0]["message"]


def test_the_scoring_sheet_reader_names_a_submission_workbook(made: dict[str, Path]) -> None:
    from arf_desktop.domain.errors import UserFacingError
    from arf_desktop.scoring.scoresheet import import_scoresheet

    with Workspace.open(made["office"]) as ws, pytest.raises(UserFacingError) as refused:
        import_scoresheet(ws, OFFICE, made["submission_workbook"])
    assert "blank.xlsx is a submission workbook, not a scoring sheet" in refused.value.message
