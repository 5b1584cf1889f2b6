"""`round`, `organisation` and `history` commands, and the mistyped-round case end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.registers.audit_log import entries_page
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import filled, kit_for

ROUND = "2025/26 Round 1"


def run(args: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> object:
    got = main([*args, "--json"])
    captured = capsys.readouterr()
    assert got == code, captured.err
    assert "Traceback" not in captured.err
    return json.loads(captured.out.strip().splitlines()[-1]) if code else json.loads(captured.out)


def refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run a command that must be refused; return its one-line message."""
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("arf-desktop: ")
    return err


def actions(db: str) -> list[str]:
    with Workspace.open(db) as workspace:
        return [e.action for e in entries_page(workspace, 0, 1000)]


def test_round_commands_and_their_refusals(workspace_path: Path, capsys) -> None:
    db = str(workspace_path)
    created = run(
        ["round", "create", ROUND, "--db", db, "--same-icb-conflict",
         "--submission-deadline", "2026-01-31", "--scoring-deadline", "2026-02-28",
         "--panel-date", "2026-03-15", "--resubmission-opens", "2026-04-01",
         "--resubmission-closes", "2026-04-30"],
        capsys,
    )  # fmt: skip
    assert created["status"] == "open" and created["same_icb_conflict"] is True
    assert created["panel_date"] == "2026-03-15" and created["framework_id"]
    assert "already exists" in refused(["round", "create", ROUND.upper(), "--db", db], capsys)
    err = refused(["round", "create", "X", "--db", db, "--panel-date", "15/03/2026"], capsys)
    assert "“15/03/2026” is not a date: write the panel date as YYYY-MM-DD." in err
    err = refused(
        ["round", "create", "X", "--db", db, "--resubmission-opens", "2026-05-01",
         "--resubmission-closes", "2026-04-01"], capsys,
    )  # fmt: skip
    assert "closes before it opens" in err

    run(["round", "create", "2025/26 Rnd 1", "--db", db], capsys)
    err = refused(["round", "rename", "2025/26 Rnd 1", ROUND, "--db", db], capsys)
    assert f"A round called “{ROUND}” already exists." in err
    renamed = run(["round", "rename", "2025/26 Rnd 1", "2025/26 Round 2", "--db", db], capsys)
    assert renamed["name"] == "2025/26 Round 2"
    err = refused(["round", "rename", "2025/26 Rnd 1", "Y", "--db", db], capsys)
    assert "There is no round called “2025/26 Rnd 1”. Did you mean:" in err

    assert run(["round", "close", ROUND, "--db", db], capsys)["status"] == "closed"
    assert "already closed" in refused(["round", "close", ROUND, "--db", db], capsys)
    assert run(["round", "reopen", ROUND, "--db", db], capsys)["status"] == "open"
    assert "already open" in refused(["round", "reopen", ROUND, "--db", db], capsys)

    listed = run(["round", "list", "--db", db], capsys)
    assert [r["name"] for r in listed] == [ROUND, "2025/26 Round 2"]
    assert run(["round", "delete", "2025/26 Round 2", "--db", db], capsys) == {
        "deleted": "2025/26 Round 2"
    }
    assert [r["name"] for r in run(["round", "list", "--db", db], capsys)] == [ROUND]
    assert {"round.create", "round.edit", "round.delete"} <= set(actions(db))


def test_mistyped_round_is_refused_and_a_stray_round_can_be_cleared(
    workspace_path: Path, tmp_path: Path, capsys
) -> None:
    """A typo in `import --round` no longer starts a second round; a stray round is mended."""
    db = str(workspace_path)
    with Workspace.open(workspace_path) as workspace:
        kit = kit_for(workspace)
    first = filled(kit, tmp_path / "a", organisation=0)
    second = filled(kit, tmp_path / "b", organisation=1, seed=2)
    [record] = run(["import", "--db", db, str(first), "--round", ROUND], capsys)
    assert record["status"] == "imported"  # no rounds yet: the first import creates it

    err = refused(["import", "--db", db, str(second), "--round", "2025/26 Rnd 1"], capsys)
    assert f"There is no round called “2025/26 Rnd 1”. Did you mean: “{ROUND}”?" in err
    assert "add --new-round" in err
    assert [r["name"] for r in run(["round", "list", "--db", db], capsys)] == [ROUND]
    assert run(["info", "--db", db], capsys)["submissions"] == 1

    # Said on purpose, the new name is created; a stray round made so is then mended.
    [record] = run(
        ["import", "--db", db, str(second), "--round", "2025/26 Rnd 1", "--new-round"], capsys
    )
    assert record["status"] == "imported"
    stray = kit.organisation(1).name
    err = refused(["round", "delete", "2025/26 Rnd 1", "--db", db], capsys)
    assert f"holds 1 submission ({stray}); only an empty round can be deleted" in err
    [record] = run(["import", "--db", db, str(second), "--round", ROUND], capsys)
    assert record["status"] == "imported"
    why = "Imported into a mistyped round"
    run(["submission", "withdraw", "--db", db, "--round", "2025/26 Rnd 1",
         "--organisation", stray, "--reason", why], capsys)  # fmt: skip
    run(["round", "close", "2025/26 Rnd 1", "--db", db], capsys)
    err = refused(["import", "--db", db, str(second), "--round", "2025/26 rnd 1"], capsys)
    assert "is closed: reopen it" in err
    outcomes = run(["outcomes", "--db", db, "--round", ROUND], capsys)
    assert sorted(o["organisation"] for o in outcomes) == sorted([kit.organisation(0).name, stray])
    assert run(["outcomes", "--db", db, "--round", "2025/26 Rnd 1"], capsys) == []
    err = refused(["import", "--db", db, str(second), "--round", ROUND, "--new-round"], capsys)
    assert "already exists; leave out --new-round" in err


def test_organisation_commands_and_history(workspace_path: Path, capsys) -> None:
    db = str(workspace_path)
    added = run(
        ["organisation", "add", "Example NHS Trust", "--db", db, "--icb",
         "NHS Cheshire and Merseyside ICB", "--ods", "RXX9", "--kind", "trust"], capsys,
    )  # fmt: skip
    assert added == {
        "name": "Example NHS Trust",
        "icb": "NHS Cheshire and Merseyside ICB",
        "ods": "RXX9",
        "kind": "Trust",
        "active": True,
    }
    err = refused(["organisation", "add", "example nhs trust", "--icb", "X", "--db", db], capsys)
    assert "already in the register" in err
    with pytest.raises(SystemExit) as exited:
        main(["organisation", "add", "No ICB", "--db", db])
    assert exited.value.code == 2 and "--icb" in capsys.readouterr().err
    edited = run(
        ["organisation", "edit", "rxx9", "--name", "Example Teaching NHS Trust",
         "--kind", "icb", "--db", db], capsys,
    )  # fmt: skip
    assert edited["changes"] == {
        "name": ["Example NHS Trust", "Example Teaching NHS Trust"],
        "org_type": ["Trust", "ICB"],
    }
    err = refused(["organisation", "edit", "Exampel Teaching NHS Trust", "--db", db], capsys)
    assert "Did you mean: Example Teaching NHS Trust" in err
    off = run(["organisation", "deactivate", "RXX9", "--db", db], capsys)
    assert off == {"name": "Example Teaching NHS Trust", "active": False}
    assert "already deactivated" in refused(
        ["organisation", "deactivate", "RXX9", "--db", db], capsys
    )
    history = run(["history", "--organisation", "RXX9", "--db", db], capsys)
    assert history == {"organisation": "Example Teaching NHS Trust", "rounds": []}
    err = refused(["history", "--organisation", "Nowhere Trust", "--db", db], capsys)
    assert "not in the organisation register" in err
    assert {"organisation.add", "organisation.edit"} <= set(actions(db))


def test_every_new_command_has_an_example_in_its_help(capsys) -> None:
    for words in (
        ["round", "list"], ["round", "create"], ["round", "rename"], ["round", "close"],
        ["round", "reopen"], ["round", "delete"], ["submission", "withdraw"],
        ["submission", "restore"], ["organisation", "add"], ["organisation", "edit"],
        ["organisation", "deactivate"], ["history"], ["disputes"], ["reopen", "scoring"],
        ["reopen", "decision"],
    ):  # fmt: skip
        with pytest.raises(SystemExit):
            main([*words, "--help"])
        out = capsys.readouterr().out
        assert f"examples:\n  arf-desktop {' '.join(words)}" in out, words
