"""The exchange commands: packs out and in, scoring offline, returns in, the edit-clash queue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.domain.framework import Framework
from arf_desktop.storage.workspace import Workspace
from tests.exchange.conftest import (
    ROUND,
    build_round,
    score_all,
    score_record,
    synthetic_return,
)


@pytest.fixture(autouse=True)
def pack_passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    """Scripts give the work packs' passphrase in the environment."""
    monkeypatch.setenv("ARF_PASSPHRASE", "heron lantern quarry")
    return "heron lantern quarry"


def run(args: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> str:
    assert main(args) == code, capsys.readouterr()
    captured = capsys.readouterr()
    return captured.out if code == 0 else captured.err


def test_the_whole_exchange_from_the_command_line(
    workspace_path: Path, framework: Framework, tmp_path: Path, capsys
) -> None:
    with Workspace.open(workspace_path) as ws:
        coordinator = build_round(ws, framework)
    office = ["--db", str(workspace_path), "--user", "Programme coordinator"]
    out = run(
        ["pack", "export", "--round", ROUND, "--out", str(tmp_path / "packs"), *office], capsys
    )
    assert out.count("Work pack written") == 3
    one = tmp_path / "sian.arfpack"
    written = json.loads(
        run(["pack", "export", "--round", ROUND, "--assessor", "Siân Evans", "--out", str(one),
             *office, "--json"], capsys)
    )  # fmt: skip
    assert written["written"][0]["allocations"] == 2

    laptop = tmp_path / "sian.arfdb"
    run(["init", "--db", str(laptop)], capsys)
    out = run(["pack", "import", str(one), "--db", str(laptop)], capsys)
    assert "This workspace now scores as Siân Evans" in out
    assert "already imported" in run(["pack", "import", str(one), "--db", str(laptop)], capsys)
    info = json.loads(run(["info", "--db", str(laptop), "--json"], capsys))
    assert (info["allocations"], info["submissions"]) == (2, 2)

    score_all(laptop, framework, lambda _org, _cid: 2)
    back = tmp_path / "sian.arfreturn"
    out = run(
        ["return", "export", "--round", ROUND, "--out", str(back), "--db", str(laptop)], capsys
    )
    assert "2 submissions submitted" in out
    merged = json.loads(run(["return", "import", str(back), *office, "--json"], capsys))
    assert merged[0]["status"] == "merged" and merged[0]["new"] > 0
    assert merged[0]["conflicts"] == 0 and "clashes" not in merged[0]  # the JSON keeps its keys
    assert "already imported" in run(["return", "import", str(back), *office], capsys)

    damaged = tmp_path / "damaged.arfreturn"
    data = bytearray(back.read_bytes())
    data[200] ^= 0x10
    damaged.write_bytes(bytes(data))
    err = run(["return", "import", str(damaged), *office], capsys, code=1)
    assert "rejected" in err and "problem:" in err

    org, allocation = sorted(coordinator.mine("Siân Evans").items())[0]
    criterion = coordinator.criteria(org)[0]
    for lineage, score in (("a", 1), ("b", 3)):
        path = tmp_path / f"{lineage}.arfreturn"
        path.write_bytes(
            synthetic_return(
                coordinator,
                "Siân Evans",
                [score_record(org, allocation, criterion, 9, score, "x")],
                lineage,
            )
        )
        run(["return", "import", str(path), *office], capsys)
    listed = run(["score-conflicts", "list", "--round", ROUND, *office], capsys)
    assert "1. Return, revision 9: 1 · Partially evidenced" in listed
    conflict_id = json.loads(run(["score-conflicts", "list", *office, "--json"], capsys))[0]["id"]
    out = run(
        [
            "score-conflicts",
            "resolve",
            str(conflict_id),
            "--keep",
            "2",
            "--note",
            "Agreed by phone",
            *office,
            "--json",
        ],
        capsys,
    )
    done = json.loads(out)
    assert done["conflict_id"] == conflict_id
    assert done["chosen"]["label"].startswith("Return, revision 9: 3 · Exemplary")
    assert "clash_id" not in done
    assert "No score conflicts" in run(["score-conflicts", "list", *office], capsys)
    err = run(
        ["score-conflicts", "resolve", str(conflict_id), "--keep", "1", *office], capsys, code=1
    )
    assert "already resolved" in err


def test_the_pack_passphrase_options_on_the_command_line(
    workspace_path: Path, framework: Framework, tmp_path: Path, capsys, monkeypatch
) -> None:
    with Workspace.open(workspace_path) as ws:
        build_round(ws, framework)
    office = ["--db", str(workspace_path), "--user", "Programme coordinator"]
    one = ["pack", "export", "--round", ROUND, "--assessor", "Siân Evans", *office]
    monkeypatch.delenv("ARF_PASSPHRASE")
    pack = tmp_path / "sian.arfpack"
    err = run([*one, "--out", str(pack)], capsys, code=1)  # no terminal to ask on
    assert err.count("\n") == 1 and "--passphrase-file FILE, set ARF_PASSPHRASE" in err
    assert not pack.exists()
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("short\n", encoding="utf-8")
    err = run([*one, "--out", str(pack), "--passphrase-file", str(phrase)], capsys, code=1)
    assert "at least 8 characters" in err and not pack.exists()
    phrase.write_text("moorland teapot signal\nignored second line\n", encoding="utf-8")
    out = run([*one, "--out", str(pack), "--passphrase-file", str(phrase)], capsys)
    assert "tell it to the assessor another way" in out and "moorland" not in out
    assert pack.read_bytes().startswith(b"\x89ARFENC\n")

    laptop = tmp_path / "sian.arfdb"
    run(["init", "--db", str(laptop)], capsys)
    before = laptop.read_bytes()
    err = run(["pack", "import", str(pack), "--db", str(laptop)], capsys, code=1)
    assert "--passphrase-file FILE" in err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("moorland teapot signals\n", encoding="utf-8")
    err = run(["pack", "import", str(pack), "--db", str(laptop), "--passphrase-file", str(wrong)],
              capsys, code=1)  # fmt: skip
    assert err == (
        "arf-desktop: sian.arfpack: wrong passphrase, or the file was changed; "
        "nothing was imported.\n"
    )
    assert laptop.read_bytes() == before
    monkeypatch.setenv("ARF_PASSPHRASE", "moorland teapot signal")
    out = run(["pack", "import", str(pack), "--db", str(laptop)], capsys)
    assert "This workspace now scores as Siân Evans" in out and "moorland" not in out
    assert "moorland" not in run(["audit", "verify", "--db", str(laptop)], capsys)
