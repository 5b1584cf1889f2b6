"""The round results workbook: outcomes, agreement statistics and per-criterion sheets (xlsx)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from io import BytesIO
from pathlib import Path
from statistics import fmean
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from arf_desktop.domain.framework import Framework
from arf_desktop.domain.moderation import RISK_LABELS
from arf_desktop.files.safe_cells import put_row, put_title, set_widths
from arf_desktop.moderation.review import QueueEntry, RoundReview, load_round
from arf_desktop.moderation.stats import round_statistics
from arf_desktop.storage.workspace import Workspace

MEAN, SHARE, DAY = "0.00", "0.0%", "d mmm yyyy"


def _level(framework: Framework, level_id: str | None) -> str:
    found = framework.find_level(level_id or "") if level_id else None
    return found.name if found else (level_id or "")


def _outcome(framework: Framework, outcome_id: str | None) -> str:
    if not outcome_id:
        return ""
    try:
        return framework.outcome(outcome_id).label
    except KeyError:
        return outcome_id


def decision_day(entry: QueueEntry) -> date | None:
    """The day the panel decided (its panel date, else the day it was recorded), as a date."""
    decision = entry.decision
    if decision is None:
        return None
    try:
        return date.fromisoformat((decision.panel_date or decision.decided_at)[:10])
    except ValueError:
        return None


def _effective(entry: QueueEntry) -> dict[str, int]:
    return {ln.criterion_id: ln.effective for ln in entry.review.lines if ln.effective is not None}


def result_row(framework: Framework, entry: QueueEntry) -> list[Any]:
    """One submission's line on the Results sheet."""
    scores = _effective(entry)
    decision, live = entry.decision, entry.review.live
    means = []
    for principle in framework.principles:
        mine = [
            s for cid, s in scores.items() if framework.criterion(cid).principle == principle.id
        ]
        means.append(round(fmean(mine), 2) if mine else None)
    threshold = framework.award_rule.threshold
    if decision is not None:
        outcome = _outcome(framework, decision.outcome)
        awarded = _level(framework, decision.level_awarded)
    else:
        computed = _outcome(framework, live.outcome if live else None)
        outcome = f"Not decided (computed: {computed})" if computed else "Not decided"
        awarded = ""
    return [
        entry.facts.organisation,
        entry.facts.icb or "",
        _level(framework, entry.facts.level_applied),
        outcome,
        awarded,
        decision_day(entry),
        decision.override_reason if decision else "",
        *means,
        sum(score >= threshold for score in scores.values()),
        len(entry.review.lines),
        entry.review.to_agree,
        entry.facts.submitted,
        entry.facts.allocated,
        RISK_LABELS[entry.review.risk],
        entry.review.outcome_differs,
        entry.review.disagreements,
        entry.review.wide_spreads,
    ]


def _results_sheet(sheet: Worksheet, review: RoundReview, _figures: dict[str, Any]) -> None:
    framework = review.framework
    principles = [f"{p.id} {p.name} (mean agreed score)" for p in framework.principles]
    header = [
        "Organisation",
        "ICB",
        "Level applied for",
        "Outcome",
        "Level awarded",
        "Decision date",
        "Override reason",
        *principles,
        "Criteria met",
        "Criteria considered",
        "Criteria still to agree",
        "Assessors submitted",
        "Assessors allocated",
        "Decision risk",
        "Assessors' outcomes differ",
        "Criteria with disagreement",
        "Criteria with a spread of 2+",
    ]
    formats = [""] * 5 + [DAY, ""] + [MEAN] * len(principles)
    put_row(sheet, 1, header, header=True)
    entries = sorted(review.entries, key=lambda e: e.facts.organisation.casefold())
    for row, entry in enumerate(entries, start=2):
        put_row(sheet, row, result_row(framework, entry), formats)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    set_widths(sheet, [46, 36, 14, 34, 14, 14, 30] + [16] * (len(header) - 7))


def _statistics_sheet(sheet: Worksheet, review: RoundReview, figures: dict[str, Any]) -> None:
    names = {p.id: p.name for p in review.framework.principles}
    row = put_title(sheet, 1, f"Agreement statistics: {review.round.name}")
    row = put_row(sheet, row, ["Framework", review.framework.label]) + 1
    keys = [
        ("items", "Items scored (submission × criterion)", ""),
        ("assessors", "Assessors", ""),
        ("exact_agreement", "Exact agreement", SHARE),
        ("adjacent_agreement", "Adjacent agreement (within 1)", SHARE),
        ("krippendorff_alpha_ordinal", "Krippendorff's alpha (ordinal)", MEAN),
        ("krippendorff_alpha_interval", "Krippendorff's alpha (interval)", MEAN),
        ("fleiss_kappa", "Fleiss' kappa", MEAN),
    ]
    row = put_row(sheet, row, ["Measure", "Whole round"], header=True)
    for key, text, fmt in keys:
        row = put_row(sheet, row, [text, figures[key]], ["", fmt])
    row = put_row(sheet, row + 1, ["Principle", *(t for _, t, _ in keys)], header=True)
    for pid, stats in figures["per_principle"].items():
        values = [f"{pid} {names.get(pid, '')}", *(stats[k] for k, _, _ in keys)]
        row = put_row(sheet, row, values, ["", "", "", SHARE, SHARE, MEAN, MEAN, MEAN])
    pair_head = [
        "Assessor",
        "Assessor",
        "Items both scored",
        "Cohen's kappa",
        "Weighted kappa (linear)",
        "Weighted kappa (quadratic)",
    ]
    row = put_row(sheet, row + 1, pair_head, header=True)
    for pair in figures["pairwise"]:
        values = [
            *pair["assessors"],
            pair["n"],
            pair["cohen_kappa"],
            pair["cohen_kappa_linear"],
            pair["cohen_kappa_quadratic"],
        ]
        row = put_row(sheet, row, values, ["", "", "", MEAN, MEAN, MEAN])
    severity_head = [
        "Assessor",
        "Scores given",
        "Mean difference from agreed score",
        "Mean difference from other assessors",
    ]
    row = put_row(sheet, row + 1, severity_head, header=True)
    for entry in figures["severity"]:
        values = [entry["assessor"], entry["n"], entry["vs_agreed"], entry["vs_others"]]
        row = put_row(sheet, row, values, ["", "", "+0.00;-0.00;0.00", "+0.00;-0.00;0.00"])
    scale = review.framework.scale
    row = put_row(sheet, row + 1, ["Principle", *(p.caption for p in scale)], header=True)
    for pid, counts in figures["score_distribution"].items():
        row = put_row(
            sheet, row, [f"{pid} {names.get(pid, '')}", *(counts[str(p.value)] for p in scale)]
        )
    set_widths(sheet, [40, 26, 18, 18, 18, 18, 18, 18])


def _criteria_sheet(sheet: Worksheet, review: RoundReview, figures: dict[str, Any]) -> None:
    framework = review.framework
    stats = {item["criterion"]: item for item in figures["per_criterion"]}
    by_criterion: dict[str, list[int]] = {}
    for entry in review.entries:
        for cid, score in _effective(entry).items():
            by_criterion.setdefault(cid, []).append(score)
    scale = framework.scale
    header = [
        "Criterion",
        "Level",
        "Principle",
        "Title",
        "Submissions with a score",
        "Mean agreed score",
        *(f"Agreed {p.caption}" for p in scale),
        "Met",
        "Share met",
        "Exact agreement",
        "Krippendorff's alpha (ordinal)",
    ]
    put_row(sheet, 1, header, header=True)
    formats = ["", "", "", "", "", MEAN, *([""] * len(scale)), "", SHARE, SHARE, MEAN]
    threshold = framework.award_rule.threshold
    row = 2
    for criterion in framework.criteria:
        scores = by_criterion.get(criterion.id, [])
        agreement = stats.get(criterion.id, {})
        met = sum(s >= threshold for s in scores)
        values = [
            criterion.id,
            _level(framework, criterion.level),
            criterion.principle,
            criterion.title,
            len(scores),
            fmean(scores) if scores else None,
            *(scores.count(p.value) for p in scale),
            met,
            met / len(scores) if scores else None,
            agreement.get("exact_agreement"),
            agreement.get("krippendorff_alpha_ordinal"),
        ]
        row = put_row(sheet, row, values, formats)
    sheet.freeze_panes = "B2"
    set_widths(sheet, [11, 9, 9, 60] + [14] * (len(header) - 4))


def _matrix_sheet(sheet: Worksheet, review: RoundReview, _figures: dict[str, Any]) -> None:
    criteria = review.framework.criteria
    put_row(sheet, 1, ["Organisation", *(c.id for c in criteria)], header=True)
    entries = sorted(review.entries, key=lambda e: e.facts.organisation.casefold())
    for row, entry in enumerate(entries, start=2):
        scores = _effective(entry)
        put_row(sheet, row, [entry.facts.organisation, *(scores.get(c.id) for c in criteria)])
    sheet.freeze_panes = "B2"
    set_widths(sheet, [46] + [8] * len(criteria))


def _calibration_sheet(sheet: Worksheet, review: RoundReview, panel: Sequence[Any]) -> None:
    row = put_title(sheet, 1, f"Calibration of the panel: {review.round.name}")
    row = put_row(sheet, row, ["Framework", review.framework.label]) + 1
    row = put_row(
        sheet, row, ["Assessor", "Status", "Latest exercise", "Submitted", "Why"], header=True
    )
    for line in panel:
        status = line.status.replace("_", " ")
        row = put_row(
            sheet, row, [line.assessor, status, line.exercise, line.submitted_at[:10], line.reason]
        )
    set_widths(sheet, [30, 16, 28, 12, 60])


def build_results_workbook(
    review: RoundReview, panel: Sequence[Any] = (), anchor: str = ""
) -> Workbook:
    """Results, Statistics, Criteria and Agreed scores sheets for one round.

    With `panel` (calibration.results.panel_summary), a Calibration sheet says where each
    assessor stands on calibration for the round's framework.
    """
    workbook = Workbook()
    sheets: Sequence[tuple[str, Any]] = (
        ("Results", _results_sheet),
        ("Statistics", _statistics_sheet),
        ("Criteria", _criteria_sheet),
        ("Agreed scores", _matrix_sheet),
    )
    figures = round_statistics(review)
    first = True
    for title, fill in sheets:
        sheet = workbook.active if first else workbook.create_sheet()
        assert sheet is not None
        sheet.title = title
        fill(sheet, review, figures)
        first = False
    if panel:
        _calibration_sheet(workbook.create_sheet("Calibration"), review, panel)
    workbook.properties.creator = "ARF Desktop"
    workbook.properties.title = "ARF round results"
    if anchor:  # the audit head when the workbook was made (checked by `audit verify --anchor`)
        workbook.properties.keywords = anchor
        workbook.properties.description = anchor
    return workbook


def results_bytes(review: RoundReview, panel: Sequence[Any] = (), anchor: str = "") -> bytes:
    buffer = BytesIO()
    build_results_workbook(review, panel, anchor).save(buffer)
    return buffer.getvalue()


def write_results(workspace: Workspace, round_name: str, path: str | os.PathLike[str]) -> Path:
    """Write the round's results workbook atomically to `path`."""
    from arf_desktop.calibration.results import panel_summary
    from arf_desktop.exporters.batch_export import workspace_head
    from arf_desktop.exporters.pdf_common import anchor_full
    from arf_desktop.files.atomic import write_atomic

    anchor = anchor_full(*workspace_head(workspace))
    review = load_round(workspace, round_name)
    return write_atomic(path, results_bytes(review, panel_summary(workspace, round_name), anchor))
