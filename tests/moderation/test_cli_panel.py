"""`disputes`, `reopen scoring|decision`, `submission withdraw|restore` and `history`."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.exporters.history import progress_over_time
from arf_desktop.registers.audit_log import entries_page
from tests.moderation.conftest import ASSESSORS, ROUND

BOLTON = "Bolton NHS Foundation Trust"
CHESHIRE = "East Cheshire NHS Trust"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> object:
    code = main([*args, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("arf-desktop: ")
    return err


def score_bolton(r, uniform) -> str:
    first = r.criteria(BOLTON)[0]
    for index, assessor in enumerate(ASSESSORS):
        scores = uniform(r, BOLTON, 2)
        scores[first] = index  # 0, 1, 2: the panel must agree this one
        r.score(BOLTON, assessor, scores)
    return first


def test_disputes_list_what_is_left_to_agree(moderation_round, uniform, capsys) -> None:
    r = moderation_round
    db, first = r.workspace.location, score_bolton(r, uniform)
    for assessor in ASSESSORS:
        r.score(CHESHIRE, assessor, uniform(r, CHESHIRE, 2))  # unanimous: nothing to agree
    found = run(["disputes", "--db", db, "--round", ROUND], capsys)
    assert found["round"] == ROUND and found["count"] == 1
    [item] = found["disputes"]
    assert item["organisation"] == BOLTON and item["criterion"] == first
    assert item["spread"] == 2 and item["status"] == "To agree"
    assert item["changes_outcome"] is True
    assert [(s["assessor"], s["score"]) for s in item["scores"]] == sorted(
        zip(ASSESSORS, (0, 1, 2), strict=True)
    )
    by_score = {s["score"]: s["comment"] for s in item["scores"]}
    assert by_score[0] == "Gap noted." and by_score[2] == ""

    assert main(["disputes", "--db", db, "--round", ROUND]) == 0
    out = capsys.readouterr().out
    assert f"{BOLTON} {first}: To agree, spread 2; changes the outcome" in out
    assert "1 criteria to agree" in out
    only = run(["disputes", "--db", db, "--round", ROUND, "--organisation", CHESHIRE], capsys)
    assert only["count"] == 0
    err = refused(["disputes", "--db", db, "--round", ROUND, "--organisation", "Bolton"], capsys)
    assert "There is no submission from “Bolton”" in err and f"Did you mean: {BOLTON}" in err
    err = refused(["disputes", "--db", db, "--round", "Moderation rnd"], capsys)
    assert f"Did you mean: “{ROUND}”?" in err

    run(["agree", "--db", db, "--round", ROUND, "--organisation", BOLTON, "--criterion", first,
         "--score", "2", "--rationale", "Evidence seen"], capsys)  # fmt: skip
    assert run(["disputes", "--db", db, "--round", ROUND], capsys)["count"] == 0


def test_reopen_decision_then_scoring(moderation_round, uniform, capsys) -> None:
    r = moderation_round
    db, first = r.workspace.location, score_bolton(r, uniform)
    run(["agree", "--db", db, "--round", ROUND, "--organisation", BOLTON, "--criterion", first,
         "--score", "2", "--rationale", "Evidence seen"], capsys)  # fmt: skip
    run(["decide", "--db", db, "--round", ROUND, "--organisation", BOLTON,
         "--panel-date", "2026-03-02"], capsys)  # fmt: skip
    scoring = ["reopen", "scoring", "--db", db, "--round", ROUND, "--assessor", ASSESSORS[0],
               "--organisation", BOLTON]  # fmt: skip
    decision = ["reopen", "decision", "--db", db, "--round", ROUND, "--organisation", BOLTON]
    err = refused([*scoring, "--reason", "Wrong version"], capsys)
    assert "has been decided: reopen the decision first" in err
    assert "needs a reason" in refused([*decision, "--reason", "  "], capsys)
    err = refused([*decision[:-1], CHESHIRE, "--reason", "Appeal"], capsys)
    assert f"There is no decision for {CHESHIRE}" in err
    assert run([*decision, "--reason", "Appeal upheld"], capsys)["reopened"] is True
    outcomes = run(["outcomes", "--db", db, "--round", ROUND], capsys)
    assert not next(o for o in outcomes if o["organisation"] == BOLTON)["decided"]

    assert "Say why" in refused([*scoring, "--reason", " "], capsys)
    reopened = run([*scoring, "--reason", "Scored the wrong version"], capsys)
    assert reopened["status"] == "allocated" and reopened["assessor"] == ASSESSORS[0]
    err = refused([*scoring, "--reason", "Again"], capsys)
    assert "are not submitted, so not locked" in err
    err = refused([*scoring[:-1], CHESHIRE + "x", "--reason", "R"], capsys)
    assert f"is not allocated to “{CHESHIRE}x”" in err
    actions = [e.action for e in entries_page(r.workspace, 0, 50)]
    assert {"moderation.reopen", "allocation.reopen"} <= set(actions)


def test_withdraw_and_restore(moderation_round, uniform, tmp_path: Path, capsys) -> None:
    r = moderation_round
    db = r.workspace.location
    withdraw = ["submission", "withdraw", "--db", db, "--round", ROUND, "--organisation", CHESHIRE]
    restore = ["submission", "restore", "--db", db, "--round", ROUND, "--organisation", CHESHIRE]
    assert "Say why you are withdrawing" in refused([*withdraw, "--reason", ""], capsys)
    done = run([*withdraw, "--reason", "Sent in error"], capsys)
    assert done == {"round": ROUND, "organisation": CHESHIRE, "reason": "Sent in error",
                    "status": "withdrawn"}  # fmt: skip
    assert "already withdrawn" in refused([*withdraw, "--reason", "Again"], capsys)

    names = {o["organisation"] for o in run(["outcomes", "--db", db, "--round", ROUND], capsys)}
    assert CHESHIRE not in names and BOLTON in names
    rows = run(["allocations", "--db", db, "--round", ROUND], capsys)
    assert CHESHIRE not in {row["organisation"] for row in rows}
    err = refused(["disputes", "--db", db, "--round", ROUND, "--organisation", CHESHIRE], capsys)
    assert f"There is no submission from “{CHESHIRE}”" in err
    pack = tmp_path / "appeal.zip"
    run(["export", "appeal-pack", "--db", db, "--round", ROUND, "--organisation", CHESHIRE,
         "--out", str(pack)], capsys)  # fmt: skip
    with zipfile.ZipFile(pack) as archive:
        audit = "".join(
            archive.read(n).decode() for n in archive.namelist() if "audit" in n.casefold()
        )
    assert "submission.withdraw" in audit and "Sent in error" in audit

    err = refused(["submission", "restore", "--db", db, "--round", ROUND, "--organisation",
                   BOLTON, "--reason", "x"], capsys)  # fmt: skip
    assert f"The submission from {BOLTON} in {ROUND} is not withdrawn." in err
    err = refused([*withdraw[:-1], "Nowhere Trust", "--reason", "x"], capsys)
    assert "There is no submission from “Nowhere Trust”" in err
    run([*restore, "--reason", "Confirmed by the trust"], capsys)
    assert "is not withdrawn" in refused([*restore, "--reason", "Again"], capsys)
    names = {o["organisation"] for o in run(["outcomes", "--db", db, "--round", ROUND], capsys)}
    assert CHESHIRE in names


def test_history_across_rounds_and_progress_over_time(moderation_round, uniform, capsys) -> None:
    r = moderation_round
    db, first = r.workspace.location, score_bolton(r, uniform)
    run(["agree", "--db", db, "--round", ROUND, "--organisation", BOLTON, "--criterion", first,
         "--score", "2", "--rationale", "Evidence seen"], capsys)  # fmt: skip
    run(["decide", "--db", db, "--round", ROUND, "--organisation", BOLTON,
         "--panel-date", "2026-03-02"], capsys)  # fmt: skip
    history = run(["history", "--db", db, "--organisation", BOLTON], capsys)
    assert history["organisation"] == BOLTON
    assert history["rounds"] == [
        {
            "round": ROUND,
            "level_applied": "bronze",
            "status": "decided",
            "outcome": "awarded",
            "level_awarded": "bronze",
            "decision_date": "2026-03-02",
            "valid_until": "2029-03-02",
            "renewal_due": "2028-08-31",
        }
    ]
    cheshire = run(["history", "--db", db, "--organisation", CHESHIRE], capsys)["rounds"]
    assert [(h["status"], h["outcome"], h["valid_until"]) for h in cheshire] == [
        ("open", None, None)
    ]
    assert main(["history", "--db", db, "--organisation", BOLTON]) == 0
    out = capsys.readouterr().out
    assert "awarded at bronze on 2026-03-02; valid until 2029-03-02" in out
    [point] = progress_over_time(r.workspace)
    assert point.round == ROUND and point.recognised == 1 and point.organisations > 1
