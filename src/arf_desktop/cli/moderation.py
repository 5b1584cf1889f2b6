"""Moderation commands: agreement statistics, outcomes, agreed scores and decisions."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from arf_desktop.cli.common import Result, actor, open_workspace, round_name


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def cmd_stats(args: argparse.Namespace) -> Result:
    from arf_desktop.moderation.stats import statistics_for

    with open_workspace(args) as workspace:
        figures = statistics_for(workspace, round_name(args, workspace))
    if not figures["items"]:
        return Result(
            [
                f"No submitted scores yet in {figures['round']}: statistics need assessors to "
                "submit their scores."
            ],
            figures,
        )
    lines = [
        f"Round: {figures['round']} — {figures['items']} items, {figures['assessors']} assessors",
        f"Exact agreement {_figure(figures['exact_agreement'])}, "
        f"adjacent {_figure(figures['adjacent_agreement'])}",
        f"Krippendorff's alpha ordinal {_figure(figures['krippendorff_alpha_ordinal'])}, "
        f"interval {_figure(figures['krippendorff_alpha_interval'])}; "
        f"Fleiss' kappa {_figure(figures['fleiss_kappa'])}",
    ]
    for pair in figures["pairwise"]:
        a, b = pair["assessors"]
        lines.append(
            f"  {a} × {b}: n={pair['n']}, kappa {_figure(pair['cohen_kappa'])}, "
            f"quadratic {_figure(pair['cohen_kappa_quadratic'])}"
        )
    for row in figures["severity"]:
        lines.append(
            f"  {row['assessor']}: {row['n']} scores, vs agreed {_figure(row['vs_agreed'])}, "
            f"vs others {_figure(row['vs_others'])}"
        )
    return Result(lines, figures)


def cmd_outcomes(args: argparse.Namespace) -> Result:
    from arf_desktop.domain.moderation import outcome_label
    from arf_desktop.moderation.outcomes import outcomes_for

    with open_workspace(args) as workspace:
        rows = outcomes_for(workspace, round_name(args, workspace))
    lines = [
        f"{r['organisation']}: applied for {r['level_applied'].capitalize()}; "
        + (
            f"decided: {outcome_label(r['outcome'], r['level_awarded'])}"
            if r["decided"]
            else (
                f"computed: {outcome_label(r['computed_outcome'], r['level_awarded'])}"
                if r["computed_outcome"]
                else f"open ({r['to_agree']} criteria to agree)"
            )
        )
        + f" — {r['flags']['risk']}"
        for r in rows
    ] or ["No submissions in this round."]
    return Result(lines, rows)


def cmd_agree(args: argparse.Namespace) -> Result:
    from arf_desktop.moderation.agree import agree_score

    with open_workspace(args, writing=True) as workspace:
        change = agree_score(
            workspace,
            actor(args, workspace),
            round_name(args, workspace),
            args.organisation,
            args.criterion,
            args.score,
            args.rationale,
            args.feedback,
        )
    before = "none" if change.before is None else str(change.before.score)
    return Result(
        [f"{change.organisation} {change.criterion_id}: agreed {before} → {change.after.score}"],
        asdict(change),
    )


def _gap_payload(gap: Any) -> dict[str, Any]:
    return {
        "organisation": gap.organisation,
        "criterion": gap.criterion_id,
        "title": gap.title,
        "score": gap.score,
        "assessors_wrote": list(gap.comments),
    }


def cmd_decide(args: argparse.Namespace) -> Result:
    from arf_desktop.domain.moderation import outcome_label
    from arf_desktop.moderation.decide import Override, decide

    override = None
    if args.override:
        override = Override(args.override, args.level, args.reason or "")
    with open_workspace(args, writing=True) as workspace:
        result = decide(
            workspace,
            actor(args, workspace),
            round_name(args, workspace),
            args.organisation,
            args.panel_date,
            args.member or [],
            override,
            adopt=args.adopt_comments,
        )
    lines = [
        f"Decided: {result.names[d.submission_id]} — {outcome_label(d.outcome, d.level_awarded)}"
        for d in result.decided
    ]
    lines += [
        f"Feedback adopted from the assessors' comments: {g.describe()}" for g in result.adopted
    ]
    lines += [f"Not decided: {organisation} — {why}" for organisation, why in result.refused]
    if result.missing_feedback:
        lines.append(
            "Criteria below the threshold without feedback for the organisation (write it with "
            "`agree --feedback`, or run decide again with --adopt-comments):"
        )
        lines += [f"  {gap.describe()}" for gap in result.missing_feedback]
    payload = {
        "decided": [
            {"organisation": result.names[d.submission_id], **asdict(d)} for d in result.decided
        ],
        "refused": [{"organisation": o, "reason": why} for o, why in result.refused],
        "missing_feedback": [_gap_payload(g) for g in result.missing_feedback],
        "adopted_feedback": [{**_gap_payload(g), "feedback": g.draft} for g in result.adopted],
    }
    ok = (bool(result.decided) or not result.refused) and not result.missing_feedback
    return Result(lines, payload, ok=ok)


def register(commands: Any, add: Any) -> None:
    """Add the moderation subcommands to the parser."""
    stats = add("stats", cmd_stats, "agreement statistics for a round")
    stats.add_argument("--round", metavar="NAME")
    outcomes = add("outcomes", cmd_outcomes, "computed and decided outcomes for a round")
    outcomes.add_argument("--round", metavar="NAME")
    agree = add("agree", cmd_agree, "set the panel's agreed score for one criterion")
    agree.add_argument("--round", metavar="NAME")
    agree.add_argument("--organisation", required=True, metavar="ORG")
    agree.add_argument("--criterion", required=True, metavar="ID")
    agree.add_argument("--score", required=True, type=int, metavar="S")
    agree.add_argument("--rationale", metavar="TEXT", help="required where it differs")
    agree.add_argument("--feedback", metavar="TEXT", help="what goes to the organisation")
    decide = add("decide", cmd_decide, "record computed outcomes as decisions")
    decide.add_argument("--round", metavar="NAME")
    decide.add_argument("--organisation", metavar="ORG")
    decide.add_argument("--panel-date", metavar="YYYY-MM-DD")
    decide.add_argument(
        "--member", action="extend", nargs="+", metavar="NAME", help="panel members present"
    )
    decide.add_argument("--override", metavar="OUTCOME", help="awarded|minor_revisions|...")
    decide.add_argument("--level", metavar="LEVEL", help="level awarded by the override")
    decide.add_argument("--reason", metavar="TEXT", help="why the override")
    decide.add_argument(
        "--adopt-comments",
        action="store_true",
        help="record the assessors' comments as the panel's feedback where a criterion below "
        "the threshold has none (audited as adopted)",
    )
