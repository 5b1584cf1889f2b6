"""The command line over real workspaces: init, info, errors as one line, framework load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arf_desktop.cli.main import main

INFO_KEYS = {"organisations", "rounds", "submissions", "assessors", "allocations", "scores"}


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_init_then_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "w.arfdb")
    created = run_json(["init", "--db", db, "--user", "Ada"], capsys)
    assert created["organisations_added"] == 31
    info = run_json(["info", "--db", db], capsys)
    assert info.keys() >= INFO_KEYS
    assert info["organisations"] == 31 and info["submissions"] == 0
    assert info["framework"] == {
        "id": "arf-draft-2024",
        "version": "2024.1",
        "name": "ARF draft 2024 (draft catalogue)",
        "status": "draft",
        "criteria": 45,
    }
    again = run_json(["init", "--db", db], capsys)
    assert again["organisations_added"] == 0
    assert run_json(["info", "--db", db], capsys)["organisations"] == 31


def test_audit_records_the_user(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "w.arfdb")
    run_json(["init", "--db", db, "--user", "Grace Hopper"], capsys)
    from arf_desktop.storage import audit
    from arf_desktop.storage.workspace import Workspace

    with Workspace.open(db) as ws, ws.read() as conn:
        assert {entry.actor for entry in audit.page(conn, 0, 100)} == {"Grace Hopper"}
        assert ws.default_user() == "Grace Hopper"


def test_errors_are_one_line_each_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", "--db", str(tmp_path / "missing.arfdb")]) == 1
    err = capsys.readouterr().err
    assert "There is no workspace" in err and "Traceback" not in err
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["init", "--db", str(tmp_path / "x.arfdb"), "--framework", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "not a valid framework definition" in err and "Traceback" not in err


def test_framework_load_is_idempotent(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from arf_desktop.importers.framework_file import default_framework_path

    official = json.loads(default_framework_path().read_text(encoding="utf-8"))
    official.update(id="arf-official", version="2025.1", status="official", name="ARF 2025")
    path = tmp_path / "official.json"
    path.write_text(json.dumps(official), encoding="utf-8")
    first = run_json(["framework", "load", str(path), "--db", str(workspace_path)], capsys)
    second = run_json(["framework", "load", str(path), "--db", str(workspace_path)], capsys)
    assert first["new"] and not second["new"]
    info = run_json(["info", "--db", str(workspace_path)], capsys)
    assert info["framework"]["id"] == "arf-official"
