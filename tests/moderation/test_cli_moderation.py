"""Moderation from the command line: stats against the schema, outcomes, agree, decide."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from arf_desktop import paths
from arf_desktop.cli.main import main
from arf_desktop.domain.agreement import Rating, summarise
from tests.moderation.conftest import ASSESSORS, ROUND

BOLTON = "Bolton NHS Foundation Trust"


def run(args: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> object:
    assert main([*args, "--json"]) == code, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_stats_outcomes_agree_decide(moderation_round, uniform, capsys) -> None:
    r = moderation_round
    db = r.workspace.location
    first = r.criteria(BOLTON)[0]
    for index, assessor in enumerate(ASSESSORS):
        scores = uniform(r, BOLTON, 2)
        scores[first] = index  # 0, 1, 2
        r.score(BOLTON, assessor, scores)

    stats = run(["stats", "--db", db, "--round", ROUND], capsys)
    schema = json.loads(paths.schema("stats.schema.json").read_text())
    Draft202012Validator(schema).validate(stats)
    ratings = [
        Rating(f"x|{cid}", a, (i if cid == first else 2))
        for i, a in enumerate(ASSESSORS)
        for cid in r.criteria(BOLTON)
    ]
    expected = summarise(ratings, [0, 1, 2, 3]).to_dict()
    assert stats["items"] == 17 and stats["assessors"] == 3
    assert stats["exact_agreement"] == pytest.approx(expected["exact_agreement"])
    assert stats["krippendorff_alpha_ordinal"] == pytest.approx(
        expected["krippendorff_alpha_ordinal"]
    )
    assert {p["assessors"][0] for p in stats["pairwise"]} <= set(ASSESSORS)

    outcomes = run(["outcomes", "--db", db, "--round", ROUND], capsys)
    bolton = next(o for o in outcomes if o["organisation"] == BOLTON)
    assert bolton["computed_outcome"] is None and bolton["to_agree"] == 1
    assert bolton["flags"]["outcome_differs"]

    assert main(["agree", "--db", db, "--organisation", BOLTON, "--criterion", first,
                 "--score", "2", "--round", ROUND]) == 1  # fmt: skip
    assert "rationale is required" in capsys.readouterr().err
    agree = ["agree", "--db", db, "--round", ROUND, "--organisation", BOLTON.upper()]
    run([*agree, "--criterion", first.lower(), "--score", "2", "--rationale", "Seen"], capsys)
    decided = run(["decide", "--db", db, "--round", ROUND, "--panel-date", "2026-03-02",
                   "--member", "Siân Evans"], capsys)  # fmt: skip
    assert [d["outcome"] for d in decided["decided"]] == ["awarded"]
    assert len(decided["refused"]) == 2
    outcomes = run(["outcomes", "--db", db, "--round", ROUND], capsys)
    bolton = next(o for o in outcomes if o["organisation"] == BOLTON)
    assert bolton["decided"] and bolton["level_awarded"] == "bronze"
