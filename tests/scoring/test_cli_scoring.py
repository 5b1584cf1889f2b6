"""The scoring commands over a real workspace: registers, allocation, scoring sheets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from arf_desktop.cli.main import main
from tests.scoring.conftest import ROUND, Scene


def run(args: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> str:
    assert main(args) == code, capsys.readouterr()
    captured = capsys.readouterr()
    return captured.out if code == 0 else captured.err


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]):
    return json.loads(run([*args, "--json"], capsys))


def test_registers_from_the_command_line(workspace_path: Path, capsys) -> None:
    db = ["--db", str(workspace_path), "--user", "Coordinator"]
    added = run_json(
        ["assessor", "add", "Chidi Okonkwo-Ménard", "--organisation", "Bolton NHS Foundation Trust",
         "--email", "chidi@example.nhs.uk", *db],
        capsys,
    )  # fmt: skip
    assert added["name"] == "Chidi Okonkwo-Ménard" and added["icb"] == "NHS Greater Manchester ICB"
    run(["assessor", "add", "Dana Kowalczyk", *db], capsys)
    listed = run_json(["assessor", "list", *db], capsys)
    assert [a["name"] for a in listed] == ["Chidi Okonkwo-Ménard", "Dana Kowalczyk"]
    conflict = run_json(
        ["conflict", "add", "Dana Kowalczyk", "Alder Hey Children's NHS Foundation Trust",
         "--reason", "Former employee (left 2024)", "--kind", "Employment", *db],
        capsys,
    )  # fmt: skip
    assert conflict["kind"] == "Employment"
    conflicts = run_json(["conflict", "list", *db], capsys)
    assert [(c["assessor"], c["organisation"], c["reason"]) for c in conflicts] == [
        (
            "Dana Kowalczyk",
            "Alder Hey Children's NHS Foundation Trust",
            "Former employee (left 2024)",
        )
    ]
    err = run(["assessor", "add", "dana kowalczyk", *db], capsys, code=1)
    assert (
        err.strip()
        == "arf-desktop: An assessor called “dana kowalczyk” is already in the register."
    )
    err = run(["conflict", "add", "Nobody", "Bolton", "--reason", "x", *db], capsys, code=1)
    assert "no assessor called “Nobody”" in err and "Traceback" not in err
    info = run_json(["info", *db], capsys)
    assert info["assessors"] == 2


def test_allocate_and_scoresheets_from_the_command_line(
    scene: Scene, tmp_path: Path, capsys
) -> None:
    db = ["--db", str(scene.path), "--user", "Coordinator"]
    err = run(
        ["allocate", "--round", ROUND, "--assessor", "Amara Okafor", "Siân Evans", *db],
        capsys,
        code=1,
    )
    lines = err.strip().splitlines()
    assert lines[0] == "arf-desktop: Nothing was allocated. Bolton NHS Foundation Trust needs 2 " \
        "assessors but only 1 of those named can score it: Amara Okafor works for Bolton NHS " \
        "Foundation Trust (own organisation)."  # fmt: skip
    result = run_json(
        ["allocate", "--round", ROUND, "--assessor", "Amara Okafor", "Siân Evans",
         "--assessor", "Łukasz Nowak", "Zoë Brontë-Adeyemi", *db],
        capsys,
    )  # fmt: skip
    assert len(result["added"]) == 12 and set(result["loads"].values()) == {3}
    rows = run_json(
        ["allocations", "--round", ROUND, "--assessor", "Zoë Brontë-Adeyemi", *db], capsys
    )
    assert len(rows) == 3 and all(r["state"] == "Not started" for r in rows)
    out = tmp_path / "zoe.xlsx"
    exported = run_json(
        ["scoresheet", "export", "--round", ROUND, "--assessor", "Zoë Brontë-Adeyemi",
         "--out", str(out), *db],
        capsys,
    )  # fmt: skip
    assert exported["submissions"] == 3
    book = load_workbook(out)
    ws = book["Scores"]
    score = [c.value for c in ws[1]].index("Score") + 1
    for r in range(2, ws.max_row + 1):
        ws.cell(r, score).value = "2 · Fully evidenced"
    book.save(out)
    imported = run_json(["scoresheet", "import", str(out), *db], capsys)
    assert (
        imported["scores_changed"] == ws.max_row - 1
        and imported["assessor"] == "Zoë Brontë-Adeyemi"
    )
    again = run(["scoresheet", "import", str(out), *db], capsys)
    assert "nothing to change" in again
    rows = run_json(
        ["allocations", "--round", ROUND, "--assessor", "Zoë Brontë-Adeyemi", *db], capsys
    )
    assert all(r["state"] == "All scored, not submitted" for r in rows)
    ws.cell(2, score).value = "9"
    book.save(out)
    err = run(["scoresheet", "import", str(out), *db], capsys, code=1)
    assert "arf-desktop: zoe.xlsx, sheet Scores, cell I2: “9” is not a score on the scale" in err


def test_submit_from_the_command_line(scene: Scene, capsys) -> None:
    """The offline assessor finishes without the window: finished work locks, the rest says why."""
    from arf_desktop.scoring.allocation import allocate_by_hand
    from arf_desktop.scoring.scores import open_sheet, record_score, stored_scores

    done = allocate_by_hand(
        scene.workspace,
        "c",
        ROUND,
        "Blackpool Teaching Hospitals NHS Foundation Trust",
        "Siân Evans",
    )
    part = allocate_by_hand(
        scene.workspace, "c", ROUND, "Manchester University NHS Foundation Trust", "Siân Evans"
    )
    for row in open_sheet(scene.workspace, done.id).rows:
        record_score(scene.workspace, "Siân Evans", done.id, row.id, 2)
    first = open_sheet(scene.workspace, part.id).rows[0]
    record_score(scene.workspace, "Siân Evans", part.id, first.id, 2)
    db = ["--db", str(scene.path)]
    err = run(["submit", "--round", ROUND, "--assessor", "Siân Evans", *db], capsys, code=1)
    assert "Manchester University NHS Foundation Trust were not submitted" in err
    assert "criteria have no score yet" in err
    from arf_desktop.scoring.allocation import list_allocations

    states = {r.organisation: r.submitted for r in list_allocations(scene.workspace, ROUND)}
    assert states["Blackpool Teaching Hospitals NHS Foundation Trust"]
    assert not states["Manchester University NHS Foundation Trust"]
    assert stored_scores(scene.workspace, done.id)[first.id].score == 2
