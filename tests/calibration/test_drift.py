"""Seeded calibration items in a live round: indistinguishable to the assessor, counted in drift."""

from __future__ import annotations

import json
from pathlib import Path

from arf_desktop.app import make_application
from arf_desktop.calibration.drift import drift_for, seed_item
from arf_desktop.cli.main import main
from arf_desktop.scoring.allocation import allocate, list_allocations
from arf_desktop.scoring.scores import record_comment, record_score, submit
from arf_desktop.storage import organisations as org_repo
from arf_desktop.ui.moderation.statistics_panel import StatisticsPanel
from tests.calibration.conftest import EXERCISE, LABEL, LEAD, LIVE, MARK, Calibrated
from tests.calibration.test_no_leak import zip_text

SIAN, AMARA = "Siân Evans", "Amara Okafor"


def test_a_seeded_item_looks_live_and_its_result_joins_the_drift_view(
    qtbot, calibrated: Calibrated, tmp_path: Path, capsys
) -> None:
    workspace = calibrated.workspace
    seeded = seed_item(workspace, LEAD, EXERCISE, LIVE, SIAN)
    with workspace.read() as conn:
        register = {o.name for o in org_repo.list_organisations(conn)}
    assert seeded.organisation in register and seeded.organisation != LABEL
    row = next(r for r in list_allocations(workspace, LIVE, SIAN))
    assert row.organisation == seeded.organisation and row.round_name == LIVE
    # automatic allocation never gives the seeded item to anyone else
    allocate(workspace, LEAD, LIVE, [AMARA], 1)
    amara = {r.organisation for r in list_allocations(workspace, LIVE, AMARA)}
    assert seeded.organisation not in amara and len(amara) == 6
    sheet = tmp_path / "sian.xlsx"
    assert main(["scoresheet", "export", "--round", LIVE, "--assessor", SIAN, "--out", str(sheet),
                 "--db", str(calibrated.path)]) == 0  # fmt: skip
    text = zip_text(sheet)
    assert seeded.organisation in text and MARK not in text and "calibration" not in text.lower()

    # one point severe on every criterion of the seeded item
    for criterion_id, definitive in calibrated.key.items():
        record_score(workspace, SIAN, row.id, criterion_id, definitive - 1)
        if definitive - 1 < 2:
            record_comment(workspace, SIAN, row.id, criterion_id, "Evidence thin here.")
    submit(workspace, SIAN, row.id)
    lines = {d.assessor: d for d in drift_for(workspace, LIVE)}
    sian = lines[SIAN]
    assert (sian.items, sian.seeded, sian.criteria) == (1, 1, 17)
    assert sian.mean_difference == -1.0 and sian.outside
    capsys.readouterr()
    assert (
        main(["calibration", "drift", "--round", LIVE, "--json", "--db", str(calibrated.path)]) == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert {d["assessor"]: d["outside"] for d in payload["assessors"]} == {SIAN: True}

    make_application()
    panel = StatisticsPanel()
    qtbot.addWidget(panel)
    panel.show_drift(list(lines.values()), 0.5)
    assert "⚠ Siân Evans -1.00 on 1 items (1 calibration)" in panel.drift.text()
