"""Making exercises from the command line: from a workbook, from agreed scores, and refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.demo.calibration import DEMO_EXERCISE, NOT_QUALIFIED, PENDING, QUALIFIED
from arf_desktop.demo.workspace import DEMO_ROUND, build_demo
from arf_desktop.storage.backups import copy_database
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import filled, kit_for


def run(args: list[str], capsys, code: int = 0) -> str:
    result = main(args)
    captured = capsys.readouterr()
    assert result == code, captured.err
    return captured.out if code == 0 else captured.err


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.arfdb", submissions=6)


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.arfdb"
    copy_database(demo_master, copy)
    return copy


def test_the_demo_has_an_exercise_with_one_qualified_and_one_not(demo: Path, capsys) -> None:
    payload = json.loads(run(["calibration", "report", "--json", "--db", str(demo)], capsys))
    found = {r["assessor"]: r for r in payload["results"] if r["exercise"] == DEMO_EXERCISE}
    assert found[QUALIFIED]["status"] == "qualified"
    assert found[NOT_QUALIFIED]["status"] == "not_qualified"
    assert found[NOT_QUALIFIED]["max_difference"] == 2
    assert found[PENDING]["status"] == "pending"
    listed = json.loads(run(["round", "list", "--json", "--db", str(demo)], capsys))
    names = [r["name"] for r in (listed["rounds"] if isinstance(listed, dict) else listed)]
    assert DEMO_ROUND in names  # the exercise's hidden round is not listed among the rounds
    assert not any(name.startswith("Calibration") for name in names)


def test_a_second_item_from_a_workbook_and_keys_from_agreed_scores(
    demo: Path, tmp_path: Path, capsys
) -> None:
    db = ["--db", str(demo), "--user", "Lead"]
    with Workspace.open(demo) as workspace:
        book = filled(kit_for(workspace), tmp_path / "training", "training.xlsx", organisation=3)
    made = json.loads(run(["calibration", "create", "Mixed", "--workbook", str(book),
                           "--label", "Reference B", "--json", *db], capsys))  # fmt: skip
    assert made["items"] == ["Reference B"] and made["keyed"] == 0
    err = run(["calibration", "key", "Mixed", "--from-agreed", *db], capsys, code=1)
    assert "came from a workbook" in err
    outcomes = json.loads(run(["outcomes", "--round", DEMO_ROUND, "--json", *db], capsys))
    decided = next(o["organisation"] for o in outcomes if o["decided"])
    run(["calibration", "create", "Mixed", "--round", DEMO_ROUND, "--organisation", decided,
         "--label", "Reference C", *db], capsys)  # fmt: skip
    out = run(
        ["calibration", "key", "Mixed", "--from-agreed", "--item", "Reference C", *db], capsys
    )
    assert "Key taken from the agreed scores" in out
    err = run(["calibration", "key", "Mixed", "--criterion", "B-P1-01", "--score", "2",
               "--rationale", "x", *db], capsys, code=1)  # fmt: skip
    assert "Say which item with --item" in err
    err = run(["calibration", "key", "Mixed", "--item", "Reference B", "--criterion", "B-P1-01",
               "--score", "7", "--rationale", "x", *db], capsys, code=1)  # fmt: skip
    assert "not on the rating scale" in err and "Traceback" not in err
    listed = json.loads(run(["calibration", "list", "--json", *db], capsys))
    mixed = next(e for e in listed if e["name"] == "Mixed")
    assert mixed["items"] == ["Reference B", "Reference C"] and mixed["keyed"] > 0


def test_refusals_are_one_line_reasons(demo: Path, capsys) -> None:
    db = ["--db", str(demo)]
    err = run(["calibration", "key", "Nope", "--from-agreed", *db], capsys, code=1)
    assert "no calibration exercise called “Nope”" in err
    err = run(["calibration", "create", "X", *db], capsys, code=1)
    assert "--round R --organisation O, or --workbook FILE" in err
    err = run(["calibration", "create", "X", "--round", DEMO_ROUND, "--organisation", "Nowhere",
               "--min-exact", "1.5", *db], capsys, code=1)  # fmt: skip
    assert "has no submission" in err
    err = run(["calibration", "report", DEMO_EXERCISE, "--assessor", PENDING, *db], capsys, code=1)
    assert "only after submission" in err


def test_the_calibration_pdf_and_the_panel_summary_sheet(
    demo: Path, tmp_path: Path, capsys
) -> None:
    import openpyxl
    from pypdf import PdfReader

    db = ["--db", str(demo)]
    pdf = tmp_path / "zoe.pdf"
    out = run(["calibration", "report", DEMO_EXERCISE, "--assessor", NOT_QUALIFIED,
               "--pdf", str(pdf), *db], capsys)  # fmt: skip
    assert "Calibration report written" in out
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert NOT_QUALIFIED in text and "Not yet qualified" in text and "2 away" in text
    assert "B-P1-01" in text and "definitive" in text.lower()
    err = run(["calibration", "report", DEMO_EXERCISE, "--assessor", PENDING,
               "--pdf", str(tmp_path / "no.pdf"), *db], capsys, code=1)  # fmt: skip
    assert "only after submission" in err and not (tmp_path / "no.pdf").exists()
    run(["export", "results", "--round", DEMO_ROUND, "--out", str(tmp_path), *db], capsys)
    book = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx")))
    sheet = book["Calibration"]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows[QUALIFIED][1] == "qualified" and rows[NOT_QUALIFIED][1] == "not qualified"
    assert rows[PENDING][1] == "not calibrated"
