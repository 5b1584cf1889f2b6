"""Deciding outcomes: the award rule's result per submission; overrides only with a reason."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.framework import OUTCOME_IDS
from arf_desktop.domain.scoring import OrganisationRef
from arf_desktop.moderation.feedback import (
    FeedbackGap,
    adopt_comments,
    feedback_gaps,
    lacking_feedback,
)
from arf_desktop.moderation.review import QueueEntry, RoundReview, load_round
from arf_desktop.registers.interests import reasons_in
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import moderation as repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage.workspace import Workspace, WriteTx

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return bool(DATE.match(text))


def check_panel_date(panel_date: str | None, today: date | None = None) -> None:
    """A panel date is a real day in the past or today, written YYYY-MM-DD."""
    if panel_date is None:
        return
    if not _is_date(panel_date):
        raise Refused(f"“{panel_date}” is not a date: write the panel date as YYYY-MM-DD.")
    today = today or date.today()
    if date.fromisoformat(panel_date) > today:
        raise Refused(
            f"The panel date {panel_date} is in the future: record a decision on or after the "
            f"day the panel met (today is {today.isoformat()})."
        )


@dataclass(frozen=True)
class Override:
    """A panel's decision that departs from the computed outcome, and why."""

    outcome: str
    level_awarded: str | None
    reason: str


@dataclass(frozen=True)
class DecideResult:
    decided: list[repo.DecisionRecord] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (organisation, why)
    names: dict[int, str] = field(default_factory=dict)  # submission id -> organisation
    missing_feedback: list[FeedbackGap] = field(default_factory=list)  # refused for these
    adopted: list[FeedbackGap] = field(default_factory=list)  # comments adopted as feedback


def _recusals(tx: WriteTx, entry: QueueEntry, members: Sequence[str], same_icb: bool) -> list[str]:
    """Panel members who have a conflict of interest with this organisation."""
    organisation = OrganisationRef(
        entry.facts.organisation_id, entry.facts.organisation, entry.facts.icb
    )
    recused = []
    for member in members:
        assessor = assessor_repo.find_assessor(tx.connection, member)
        if assessor is not None and reasons_in(tx.connection, assessor, organisation, same_icb):
            recused.append(assessor.name)
    return recused


def _why_not_ready(entry: QueueEntry) -> str | None:
    if entry.decided:
        return "already decided; reopen the decision to decide again"
    if entry.facts.submitted == 0:
        return "no assessor has submitted scores yet"
    live = entry.review.live
    if live is None or not live.complete:
        pending = [line.criterion_id for line in entry.review.lines if line.effective is None]
        shown = ", ".join(pending[:5]) + (" …" if len(pending) > 5 else "")
        return f"{len(pending)} criteria still to agree ({shown})"
    return None


def _check_override(review: RoundReview, entry: QueueEntry, override: Override) -> None:
    if override.outcome not in OUTCOME_IDS:
        raise Refused(f"{override.outcome} is not an outcome ({', '.join(OUTCOME_IDS)}).")
    if not override.reason.strip():
        raise Refused("An override needs a reason.")
    if override.level_awarded is not None:
        level = review.framework.find_level(override.level_awarded)
        if level is None:
            raise Refused(f"{override.level_awarded} is not a level of the framework.")


def _feedback_problem(gaps: list[FeedbackGap], adopting: bool) -> str | None:
    """Why the submission cannot be decided for want of feedback (None when it can)."""
    if not gaps:
        return None
    if adopting:
        silent = [g.criterion_id for g in gaps if not g.comments]
        if not silent:
            return None
        return (
            f"no assessor wrote a comment to adopt on {', '.join(silent)}; write the panel's "
            "feedback for it first"
        )
    ids = ", ".join(g.criterion_id for g in gaps)
    count = f"{len(gaps)} criteri{'a' if len(gaps) > 1 else 'on'} below the threshold"
    return (
        f"{count} {'have' if len(gaps) > 1 else 'has'} no feedback for the organisation ({ids}); "
        "write the panel's feedback, or adopt the assessors' comments as feedback"
    )


def _record(
    tx: WriteTx,
    review: RoundReview,
    entry: QueueEntry,
    request: tuple[str | None, Sequence[str], Override | None],
) -> repo.DecisionRecord:
    """Write and audit the decision for one ready submission."""
    panel_date, members, override = request
    live = entry.review.live
    assert live is not None and live.outcome is not None
    outcome, level, reason = live.outcome, live.level_awarded, ""
    if override is not None:
        _check_override(review, entry, override)
        found_level = review.framework.find_level(override.level_awarded or "")
        outcome, reason = override.outcome, override.reason.strip()
        level = found_level.id if found_level else None
    record = repo.DecisionRecord(
        submission_id=entry.review.submission_id,
        version_id=entry.facts.version_id,
        outcome=outcome,
        level_awarded=level,
        computed_outcome=live.outcome,
        computed_level=live.level_awarded,
        override_reason=reason,
        panel_date=panel_date,
        members=tuple(members),
        recusals=tuple(_recusals(tx, entry, members, review.round.same_icb_conflict)),
        decided_at=utc_now(),
        decided_by=tx.actor,
    )
    repo.write_decision(tx, record)
    tx.audit(
        "moderation.decide",
        "submission",
        record.submission_id,
        {
            "outcome": outcome,
            "level_awarded": level,
            "computed": [live.outcome, live.level_awarded],
            "override_reason": reason,
            "panel_date": panel_date,
            "members": list(members),
            "recusals": list(record.recusals),
        },
    )
    return record


def decide(
    workspace: Workspace,
    actor: str,
    round_name: str,
    organisation: str | None = None,
    panel_date: str | None = None,
    members: Sequence[str] = (),
    override: Override | None = None,
    adopt: bool = False,
) -> DecideResult:
    """Record the computed outcome for every ready submission (or the one named).

    A submission with a criterion below the threshold and no feedback for the organisation
    is refused, naming those criteria and what the assessors wrote, unless `adopt` records
    the assessors' comments as the panel's feedback (audited as adopted).
    """
    check_panel_date(panel_date)
    review = load_round(workspace, round_name)
    entries = list(review.entries)
    if organisation is not None:
        found = review.find(organisation)
        if found is None:
            raise NotFound(review.not_found_message(organisation))
        entries = [found]
    elif override is not None:
        raise Refused("An override applies to one organisation: name it.")
    result = DecideResult()
    with workspace.write(actor) as tx:
        for entry in entries:
            why = _why_not_ready(entry)
            gaps: list[FeedbackGap] = []
            if why is None and lacking_feedback(review.framework, entry):
                said = score_repo.submitted_comments(
                    tx.connection, review.round.id, entry.review.submission_id
                )
                gaps = feedback_gaps(review.framework, entry, said)
                why = _feedback_problem(gaps, adopt)
                if why is not None:
                    result.missing_feedback.extend(gaps)
            if why is not None:
                result.refused.append((entry.facts.organisation, why))
                continue
            for gap in gaps:
                adopt_comments(tx, entry, gap, "decide")
                result.adopted.append(gap)
            record = _record(tx, review, entry, (panel_date, members, override))
            result.decided.append(record)
            result.names[record.submission_id] = entry.facts.organisation
    return result


def reopen_decision(
    workspace: Workspace, actor: str, round_name: str, organisation: str, reason: str
) -> None:
    """Withdraw a decision so agreed scores can change again; the reason is audited."""
    if not reason.strip():
        raise Refused("Reopening a decision needs a reason.")
    review = load_round(workspace, round_name)
    entry = review.find(organisation)
    if entry is None or entry.decision is None:
        raise NotFound(f"There is no decision for {organisation} in {review.round.name}.")
    with workspace.write(actor) as tx:
        repo.delete_decision(tx, entry.review.submission_id)
        tx.audit(
            "moderation.reopen",
            "submission",
            entry.review.submission_id,
            {
                "reason": reason.strip(),
                "was": [entry.decision.outcome, entry.decision.level_awarded],
            },
        )
