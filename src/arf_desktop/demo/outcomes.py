"""Demo outcomes: finish scoring for part of the demo round, agree scores with feedback, decide."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

from arf_desktop.domain.framework import Framework
from arf_desktop.domain.moderation import CriterionLine
from arf_desktop.domain.scoring import ALLOCATED
from arf_desktop.exporters.documents import Letterhead, Signatory
from arf_desktop.exporters.output_settings import output_settings, save_output_settings
from arf_desktop.exporters.round_settings import save_resubmission
from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.decide import decide
from arf_desktop.moderation.review import QueueEntry, assessor_comments, load_round
from arf_desktop.registers.rounds import list_rounds
from arf_desktop.scoring.allocation import list_allocations
from arf_desktop.scoring.scores import apply_change, submit
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage.workspace import Workspace

PANEL = "Demo panel chair"
PANEL_WEEKS_AGO = 1  # the panel met a week before the demo was built
MEMBERS = ("Demo panel chair", "Amara Okafor")
SIGNATORIES = (
    Signatory("Dr Adaeze Nwosu", "Chair of the moderation panel"),
    Signatory("Tomasz Wiśniewski", "Programme lead, Anti-Racist Framework"),
)
LETTERHEAD = Letterhead(
    "NHS North West Anti-Racist Framework",
    "NHS North West Black, Asian and Minority Ethnic Assembly",
    "arf.northwest@example.nhs.uk",
)
ROUTE = (
    "return your submission workbook with the revised rows completed to "
    "arf.northwest@example.nhs.uk"
)
# The outcome each decided submission is steered to, in turn, so every letter wording shows.
TARGETS = ("awarded", "awarded", "minor_revisions", "awarded", "not_yet_awarded", "awarded")
ASSESSOR_GAPS = (
    "The evidence does not yet show this in practice: no dated board paper or minutes record it.",
    "The policy is referred to but not attached, and there is no sign it has been approved.",
    "Only a plan for next year; nothing yet shows the effect.",
)
# What the panel writes, by kind, about a criterion ({what}: its title in a sentence).
GAPS = (
    "The submission describes {what} but does not yet show it in practice: send the dated board "
    "paper or minutes that record it.",
    "{What} is planned rather than in place. Show the approved document, who is accountable "
    "for it and when it was last reviewed.",
    "The evidence for {what} predates the assessment period; send current evidence and the "
    "figures that show its effect.",
    "{What} is evidenced for part of the organisation only; show how it reaches every site "
    "and staff group.",
)
STRENGTHS = (
    "Exemplary: {what} is reviewed by the board every quarter and the approach has been shared "
    "with other trusts in the ICB.",
    "A strength: {what} is backed by two years of measured results, with the staff network "
    "involved throughout.",
    "Outstanding practice on {what}: the evidence shows a clear effect on staff experience, and "
    "the lessons are being shared across the region.",
)
NOTES = (
    "Clear, dated evidence. Keep the review cycle going so that it stays current.",
    "Well evidenced; the panel would like to see the next staff survey results reported "
    "alongside it.",
)
READY = 3  # submissions scored by both assessors but left for the panel to moderate
RATIONALE = "The panel compared the assessors' notes with the evidence and agreed this score."


def _finish_scoring(
    workspace: Workspace, actor: str, round_name: str, chosen: set[str], rng: random.Random
) -> None:
    """Score every unscored criterion of the chosen submissions' allocations, then submit."""
    rows = [r for r in list_allocations(workspace, round_name) if r.organisation in chosen]
    with workspace.write(actor) as tx:
        for row in rows:
            if row.status != ALLOCATED:
                continue
            facts = allocation_repo.get_allocation(tx.connection, row.id)
            assert facts is not None
            framework = framework_repo.get_framework(tx.connection, facts.framework_id)
            stored = score_repo.scores_for(tx.connection, facts.id)
            for criterion in framework.criteria_up_to(facts.level_applied):
                if criterion.id in stored and stored[criterion.id].score is not None:
                    continue
                score = rng.choices((1, 2, 3), weights=(1, 14, 3))[0]
                apply_change(tx, facts, framework, criterion.id, "score", score, "demo")
                if score < framework.award_rule.threshold:
                    comment = rng.choice(ASSESSOR_GAPS)
                    apply_change(tx, facts, framework, criterion.id, "comment", comment, "demo")
    for row in rows:
        if row.status == ALLOCATED:
            submit(workspace, row.assessor, row.id)


def _wording(
    framework: Framework, criterion_id: str, bank: tuple[str, ...], rng: random.Random
) -> str:
    """One sentence from the bank about this criterion, so no two read the same."""
    title = framework.criterion(criterion_id).title
    what = title[0].lower() + title[1:]
    return rng.choice(bank).format(what=what, What=title)


def _plan(
    framework: Framework,
    entry: QueueEntry,
    target: str,
    rng: random.Random,
    comments: Mapping[str, Mapping[str, str]],
) -> dict[str, tuple[int, str]]:
    """{criterion: (score, feedback)} the panel agrees so the submission reaches `target`.

    Strengths and most gaps get the panel's own words; a gap the assessors commented on may
    be left for `decide` to adopt their comments as feedback.
    """
    threshold = framework.award_rule.threshold
    top = max(framework.scale_values)
    plan: dict[str, tuple[int, str]] = {}
    lines = list(entry.review.lines)
    for line in lines:
        if line.effective == top:
            plan[line.criterion_id] = (top, _wording(framework, line.criterion_id, STRENGTHS, rng))
        elif line.effective is None or line.effective < threshold:
            plan[line.criterion_id] = (max(threshold, min(line.given, default=threshold)), "")
        elif rng.random() < 0.08:
            plan[line.criterion_id] = (line.effective, rng.choice(NOTES))
    at_level = [
        ln
        for ln in lines
        if framework.criterion(ln.criterion_id).level == entry.facts.level_applied
    ]
    missed: list[tuple[CriterionLine, int]] = []
    adopted: list[CriterionLine] = []
    if target == "minor_revisions" and at_level:
        missed = [(rng.choice(at_level), 1)]
    elif target == "not_yet_awarded":
        # One gap the assessors commented on is left for `decide` to adopt their comments.
        said = [
            ln
            for ln in lines
            if min(ln.given, default=threshold) < threshold and comments.get(ln.criterion_id)
        ]
        adopted = [rng.choice(said)] if said else []
        rest = [ln for ln in lines if ln not in adopted]
        chosen = adopted + rng.sample(rest, min(3 - len(adopted), len(rest)))
        missed = [
            (line, min(line.given) if line in adopted else rng.choice((0, 1))) for line in chosen
        ]
    gaps = rng.sample(GAPS, len(GAPS))  # each gap of a submission worded differently
    for index, (line, score) in enumerate(missed):
        if line in adopted:
            plan[line.criterion_id] = (score, "")  # decide adopts the assessors' comments
            continue
        title = framework.criterion(line.criterion_id).title
        wording = gaps[index % len(gaps)]
        plan[line.criterion_id] = (
            score,
            wording.format(what=title[0].lower() + title[1:], What=title),
        )
    return plan


def _settings(workspace: Workspace, round_name: str) -> None:
    """Name the signatories (as a programme team would before the first letters go out)."""
    if not output_settings(workspace).signatories_set:
        save_output_settings(workspace, PANEL, signatories=SIGNATORIES, letterhead=LETTERHEAD)
        save_resubmission(workspace, PANEL, round_name, "8", ROUTE)


def add_demo_decisions(location: Path, share: float = 0.5, seed: int = 2026) -> int:
    """Decide about half of the demo round, leave three ready to moderate; return how many."""
    rng = random.Random(seed)
    with Workspace.open(location) as workspace:
        rounds = list_rounds(workspace)
        if not rounds:
            return 0
        name = rounds[0].name
        settled = {e.facts.organisation for e in load_round(workspace, name).entries if e.decided}
        by_name = defaultdict(list)
        for row in list_allocations(workspace, name):
            by_name[row.organisation].append(row)
        candidates = sorted(n for n, rows in by_name.items() if len(rows) >= 2 and n not in settled)
        if not candidates or len(settled) >= len(candidates):
            return 0  # already decided in this demo (or nothing allocated yet)
        chosen = candidates[: max(1, round(len(candidates) * share))]
        rest = candidates[len(chosen) :]
        ready = rest[: min(READY, len(rest) - 2)]  # scored and left for the panel; two stay open
        _finish_scoring(workspace, PANEL, name, {*chosen, *ready}, rng)
        _settings(workspace, name)
        review = load_round(workspace, name)
        panel_date = (date.today() - timedelta(weeks=PANEL_WEEKS_AGO)).isoformat()
        decided = 0
        for index, organisation in enumerate(chosen):
            entry = review.find(organisation)
            if entry is None or entry.decided:
                continue
            said = assessor_comments(workspace, review.round.id, entry.review.submission_id)
            plan = _plan(review.framework, entry, TARGETS[index % len(TARGETS)], rng, said)
            for criterion, (score, feedback) in sorted(plan.items()):
                agree_score(
                    workspace, PANEL, name, organisation, criterion, score, RATIONALE, feedback
                )
            result = decide(
                workspace, PANEL, name, organisation, panel_date, list(MEMBERS), adopt=True
            )
            decided += len(result.decided)
        return decided
