"""From the command line: two criteria scored 1 by every assessor reach the organisation.

`decide` refuses naming them; `decide --adopt-comments` records the assessors' comments as
feedback; the feedback report (read back with pdftotext) has them under their criteria and
the minor-revisions letter lists exactly those criteria with the resubmission deadline.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.exporters.documents import format_date
from tests.exporters.test_documents import flat, pdftotext
from tests.moderation.test_feedback import BOLTON, SAID, gaps_round

PANEL_DAY = date.today() - timedelta(days=3)


def run(args: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> dict:
    assert main([*args, "--json"]) == code, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def between(text: str, start: str, end: str | None) -> str:
    """The part of the text from `start` up to `end` (or to the end)."""
    first = text.index(start)
    last = text.index(end, first + len(start)) if end else len(text)
    return text[first:last]


def test_two_unanimous_ones_reach_the_organisation(
    moderation_round, uniform, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = moderation_round
    low = gaps_round(r, uniform)
    db = ["--db", str(r.workspace.location), "--round", "Moderation round"]
    decide = ["decide", *db, "--organisation", BOLTON, "--panel-date", PANEL_DAY.isoformat()]

    assert main(decide) == 1
    said = capsys.readouterr().err
    assert "Not decided: Bolton NHS Foundation Trust" in said
    for criterion in low:
        assert f"Bolton NHS Foundation Trust · {criterion}" in said
    assert "“No board approval of the plan.” / “Plan not approved.”" in said
    assert "--adopt-comments" in said and "Amara" not in said
    refused = run(decide, capsys, code=1)
    assert [g["criterion"] for g in refused["missing_feedback"]] == low
    assert refused["missing_feedback"][1]["assessors_wrote"] == [SAID[1][0]]

    decided = run([*decide, "--adopt-comments"], capsys)
    assert [d["outcome"] for d in decided["decided"]] == ["minor_revisions"]
    assert [g["criterion"] for g in decided["adopted_feedback"]] == low

    out = tmp_path / "out"
    assert main(["export", "letters", *db, "--out", str(out)]) == 1  # signatories first
    assert "export settings --signatory" in capsys.readouterr().err
    run(["export", "settings", *db, "--signatory", "Adaeze Nwosu|Chair of the moderation panel"],
        capsys)  # fmt: skip
    run(["export", "all", *db, "--out", str(out), "--also-text"], capsys)

    report = flat(pdftotext((out / "feedback-bolton-nhs-foundation-trust.pdf").read_bytes(),
                            tmp_path))  # fmt: skip
    first = between(report, f"{low[0]} ·", low[1])
    assert "No board approval of the plan. Plan not approved." in first
    assert "The network has no budget line." in between(report, f"{low[1]} ·", None)
    assert "No feedback was recorded" not in report
    assert report.count("Also met, without further comment") == 5  # once per principle

    letter = flat(pdftotext((out / "letter-bolton-nhs-foundation-trust.pdf").read_bytes(),
                            tmp_path))  # fmt: skip
    deadline = format_date(PANEL_DAY + timedelta(weeks=8))
    revise = between(letter, "Criteria to revise", "Next steps")
    assert set(re.findall(r"B-P\d-\d\d", letter)) == set(low)
    assert all(criterion in revise for criterion in low)
    assert "No board approval of the plan. Plan not approved." in revise
    assert f"Please send the revised evidence by {deadline}: return your submission" in letter
    text = (out / "letter-bolton-nhs-foundation-trust.txt").read_text(encoding="utf-8")
    assert deadline in text and all(f"* {criterion} " in text for criterion in low)
