"""Qualification on designed scores: exact share, the widest difference, the sign of severity."""

from __future__ import annotations

import json

import pytest

from arf_desktop.calibration.results import key_beside_own, report
from arf_desktop.cli.main import main
from arf_desktop.domain.errors import Refused
from tests.calibration.conftest import EXERCISE, LIVE, MARK, Calibrated, score_and_submit


def one_changed(key: dict[str, int], by: int) -> dict[str, int]:
    """The key with one criterion moved `by` points (one that stays on the 0-3 scale)."""
    scores = dict(key)
    target = next(c for c, s in key.items() if 0 <= s + by <= 3)
    scores[target] += by
    return scores


def results(calibrated: Calibrated) -> dict[str, dict]:
    return {r.assessor: r.as_json() for r in report(calibrated.workspace, EXERCISE)}


def test_sixteen_of_seventeen_exact_and_none_off_by_two_is_qualified(calibrated) -> None:
    score_and_submit(calibrated.workspace, "Amara Okafor", one_changed(calibrated.key, +1))
    amara = results(calibrated)["Amara Okafor"]
    assert (amara["n"], amara["exact"], amara["adjacent"], amara["max_difference"]) == (
        17,
        16,
        1,
        1,
    )
    assert amara["status"] == "qualified"
    assert amara["mean_difference"] == pytest.approx(1 / 17, abs=1e-3)


def test_a_criterion_off_by_two_is_not_qualified_and_severity_is_negative(calibrated) -> None:
    score_and_submit(calibrated.workspace, "Siân Evans", one_changed(calibrated.key, -2))
    sian = results(calibrated)["Siân Evans"]
    assert (sian["n"], sian["exact"], sian["max_difference"]) == (17, 16, 2)
    assert sian["status"] == "not_qualified"
    assert sian["mean_difference"] < 0
    assert sian["mean_difference"] == pytest.approx(-2 / 17, abs=1e-3)
    assert "2 away" in sian["reason"]


def test_too_few_exact_is_not_qualified_and_lenience_is_positive(calibrated) -> None:
    lenient = {c: min(s + 1, 3) for c, s in calibrated.key.items()}  # 3s stay 3, 2s become 3
    score_and_submit(calibrated.workspace, "Amara Okafor", lenient)
    amara = results(calibrated)["Amara Okafor"]
    assert amara["status"] == "not_qualified" and amara["max_difference"] == 1
    assert amara["mean_difference"] > 0 and "exact" in amara["reason"]


def test_not_submitted_is_pending(calibrated) -> None:
    assert {r["status"] for r in results(calibrated).values()} == {"pending"}


def test_the_key_is_shown_beside_own_scores_only_after_submission(calibrated) -> None:
    with pytest.raises(Refused, match="only after submission"):
        key_beside_own(calibrated.workspace, EXERCISE, "Amara Okafor")
    score_and_submit(calibrated.workspace, "Amara Okafor", calibrated.key)
    lines = key_beside_own(calibrated.workspace, EXERCISE, "Amara Okafor")
    assert len(lines) == 17 and all(k.own == k.definitive for k in lines)
    assert all(MARK in k.rationale for k in lines)


def test_allocate_qualified_only_refuses_the_unqualified(calibrated, capsys) -> None:
    score_and_submit(calibrated.workspace, "Amara Okafor", one_changed(calibrated.key, +1))
    score_and_submit(calibrated.workspace, "Siân Evans", one_changed(calibrated.key, -2))
    db = ["--db", str(calibrated.path), "--user", "Lead"]
    code = main(["allocate", "--round", LIVE, "--assessor", "Amara Okafor", "Siân Evans",
                 "--per-submission", "1", "--qualified-only", *db])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "Siân Evans" in err and "2 away" in err and "Amara Okafor" not in err
    assert main(["allocations", "--round", LIVE, "--json", *db]) == 0
    assert json.loads(capsys.readouterr().out) == []
    code = main(["allocate", "--round", LIVE, "--assessor", "Amara Okafor",
                 "--per-submission", "1", "--qualified-only", *db])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    # without --qualified-only the unqualified are allocated, with a warning naming them
    code = main(["allocate", "--round", LIVE, "--assessor", "Zoë Brontë-Adeyemi",
                 "--organisation", "Bolton NHS Foundation Trust", *db])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "Warning: Zoë Brontë-Adeyemi is not qualified" in out


def test_report_json_has_the_contract_keys(calibrated, capsys) -> None:
    score_and_submit(calibrated.workspace, "Amara Okafor", calibrated.key)
    assert main(["calibration", "report", EXERCISE, "--json", "--db", str(calibrated.path)]) == 0
    payload = json.loads(capsys.readouterr().out)
    first = {r["assessor"]: r for r in payload["results"]}["Amara Okafor"]
    assert {"n", "exact", "adjacent", "mean_difference", "max_difference", "status"} <= set(first)
    assert first["status"] == "qualified" and first["exact"] == 17


def test_scoresheet_round_trip_and_submit_by_exercise_name(calibrated, tmp_path, capsys) -> None:
    from openpyxl import load_workbook

    db = ["--db", str(calibrated.path), "--user", "Amara Okafor"]
    sheet = tmp_path / "amara.xlsx"
    assert main(["scoresheet", "export", "--calibration", EXERCISE, "--assessor", "Amara Okafor",
                 "--out", str(sheet), *db]) == 0  # fmt: skip
    book = load_workbook(sheet)
    scores = book["Scores"]
    header = [c.value for c in scores[1]]
    column = {name: header.index(name) for name in header if name}
    filled = 0
    for row in scores.iter_rows(min_row=2):
        criterion = row[column["Criterion ID"]].value if "Criterion ID" in column else None
        if criterion in calibrated.key:
            row[column["Score"]].value = calibrated.key[criterion]
            filled += 1
    assert filled == 17, header
    book.save(sheet)
    assert main(["scoresheet", "import", str(sheet), *db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["submit", "--calibration", EXERCISE, "--assessor", "Amara Okafor", *db]) == 0
    assert "Submitted: Reference A" in capsys.readouterr().out
    assert results(calibrated)["Amara Okafor"]["status"] == "qualified"
