"""A round's decisions as DecisionDocument values: addressee, strengths, feedback, next steps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from arf_desktop.domain.errors import NotFound
from arf_desktop.domain.framework import Framework, Level
from arf_desktop.domain.moderation import CriterionLine
from arf_desktop.domain.records import Organisation
from arf_desktop.exporters.documents import (
    CriterionFeedback,
    DecisionDocument,
    PrincipleSummary,
    reference_number,
)
from arf_desktop.exporters.output_settings import OutputSettings, output_settings
from arf_desktop.moderation.review import QueueEntry, RoundReview, load_round
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.workspace import Workspace

CONTACT_NAME = "Contact name"
CONTACT_EMAIL = "Contact email"
FALLBACK_ADDRESSEE = "Chief Executive"


@dataclass(frozen=True)
class DecidedDocument:
    """One decided submission and what its documents say."""

    submission_id: int
    organisation_id: int
    document: DecisionDocument

    @property
    def organisation(self) -> str:
        return self.document.organisation


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def _level_name(framework: Framework, level_id: str | None) -> str | None:
    if not level_id:
        return None
    found = framework.find_level(level_id)
    return found.name if found else level_id


def certificate_number(decision_day: date, submission_id: int, level_code: str) -> str:
    """A stable certificate number: year of the decision, the submission, the level's code."""
    code = "".join(ch for ch in level_code.upper() if ch.isascii() and ch.isalnum())[:3] or "X"
    return f"ARF-C-{decision_day.year}-{submission_id:04d}-{code}"


def _criteria(framework: Framework, lines: Sequence[CriterionLine]) -> list[CriterionFeedback]:
    rows = []
    for line in lines:
        criterion = framework.criterion(line.criterion_id)
        score = line.effective
        label = framework.scale_point(score).label if framework.on_scale(score) else ""
        rows.append(
            CriterionFeedback(
                criterion_id=criterion.id,
                title=criterion.title,
                level=_level_name(framework, criterion.level) or criterion.level,
                principle=criterion.principle,
                score=score,
                label=label,
                feedback=line.agreed.feedback if line.agreed else "",
            )
        )
    return rows


def strengths_and_gaps(
    framework: Framework, rows: Sequence[CriterionFeedback]
) -> tuple[list[str], list[str]]:
    """Criteria agreed at the top of the scale (commended) and those below the threshold."""
    top = max(framework.scale_values)
    threshold = framework.award_rule.threshold
    strengths, gaps = [], []
    for row in rows:
        feedback = " ".join(row.feedback.split())
        if row.score == top:
            strengths.append(f"{row.title}: {feedback}" if feedback else row.title)
        elif row.score is not None and row.score < threshold:
            what = f"{row.criterion_id} {row.title} ({row.caption})"
            gaps.append(f"{what}: {feedback}" if feedback else what)
    return strengths, gaps


def principle_summaries(
    framework: Framework, rows: Sequence[CriterionFeedback]
) -> list[PrincipleSummary]:
    threshold = framework.award_rule.threshold
    summaries = []
    for principle in framework.principles:
        mine = [row for row in rows if row.principle == principle.id]
        if not mine:
            continue
        scores = [row.score for row in mine if row.score is not None]
        summaries.append(
            PrincipleSummary(
                principle.id,
                principle.name,
                len(mine),
                sum(score >= threshold for score in scores),
                round(fmean(scores), 2) if scores else None,
            )
        )
    return summaries


def next_level(
    framework: Framework, outcome: str, applied: str, awarded: str | None
) -> Level | None:
    """The level to work towards: the one applied for if missed, else the one above the award."""
    if outcome != "awarded":
        return framework.find_level(applied)
    current = framework.find_level(awarded or applied)
    above = [lv for lv in framework.levels if current is None or lv.rank > current.rank]
    return min(above, key=lambda lv: lv.rank) if above else None


def next_steps_text(framework: Framework, outcome: str, applied: str, awarded: str | None) -> str:
    """What the next level asks for: its description and its criteria, as paragraphs."""
    target = next_level(framework, outcome, applied, awarded)
    if target is None:
        top = _level_name(framework, awarded) or "This"
        return (
            f"{top} is the highest level of the framework. The panel encourages you to keep the "
            "evidence current and to share your practice with other organisations in the region."
        )
    criteria = framework.criteria_at(target.id)
    asks = f"What {target.name} asks for: {target.description}".strip()
    parts = [f"The next level is {target.name}. {asks}" if outcome == "awarded" else asks]
    if criteria:
        titles = "\n".join(f"• {c.id} {c.title}" for c in criteria)
        parts.append(f"The {target.name} criteria are:\n{titles}")
    return "\n\n".join(parts)


def build_document(
    review: RoundReview,
    entry: QueueEntry,
    cover: Mapping[str, str],
    organisation: Organisation | None,
    settings: OutputSettings,
    letter_date: date | None = None,
) -> DecisionDocument:
    """The document values of one decided submission (pure: no reads, no clock)."""
    decision = entry.decision
    if decision is None:
        raise NotFound(f"{entry.facts.organisation} has no decision yet.")
    framework = review.framework
    decided_on = _day(decision.decided_at) or date(2000, 1, 1)
    decision_day = _day(decision.panel_date) or decided_on
    letter_day = letter_date or max(decided_on, decision_day)
    applied = _level_name(framework, entry.facts.level_applied) or entry.facts.level_applied
    awarded = _level_name(framework, decision.level_awarded)
    level = framework.find_level(decision.level_awarded or entry.facts.level_applied)
    rows = _criteria(framework, entry.review.lines)
    strengths, gaps = strengths_and_gaps(framework, rows)
    addressee = (cover.get(CONTACT_NAME) or "").strip()
    email = (cover.get(CONTACT_EMAIL) or "").strip()
    if organisation is not None:
        addressee = addressee or (organisation.contact_name or "")
        email = email or (organisation.contact_email or "")
    return DecisionDocument(
        organisation=entry.facts.organisation,
        icb=entry.facts.icb,
        addressee_name=addressee or FALLBACK_ADDRESSEE,
        addressee_email=email,
        round_name=review.round.name,
        framework_name=framework.name,
        framework_version=framework.version,
        framework_draft=framework.is_draft,
        level_applied=applied,
        outcome=decision.outcome,
        level_awarded=awarded,
        decision_date=decision_day,
        letter_date=letter_day,
        reference=reference_number(
            review.round.name,
            entry.facts.organisation,
            applied,
            organisation.code if organisation else None,
        ),
        certificate_number=certificate_number(
            decision_day, entry.review.submission_id, level.code if level else "X"
        ),
        validity_years=settings.validity_years,
        principles=tuple(principle_summaries(framework, rows)),
        strengths=tuple(strengths),
        development_areas=tuple(gaps),
        criteria=tuple(rows),
        next_steps=next_steps_text(framework, decision.outcome, applied, awarded),
        signatories=settings.signatories,
    )


def documents_for_review(
    workspace: Workspace,
    review: RoundReview,
    letter_date: date | None = None,
    organisation: str | None = None,
) -> list[DecidedDocument]:
    """Documents for every decided submission of a loaded round (or the one organisation named)."""
    entries = [e for e in review.entries if e.decision is not None]
    if organisation is not None:
        found = review.find(organisation)
        if found is None:
            raise NotFound(f"{organisation} has no submission in {review.round.name}.")
        if found.decision is None:
            raise NotFound(f"{found.facts.organisation} has no decision in {review.round.name}.")
        entries = [found]
    settings = output_settings(workspace)
    with workspace.read() as conn:
        covers = submission_repo.version_covers(conn, [e.decision.version_id for e in entries])  # type: ignore[union-attr]
        register = {o.id: o for o in org_repo.list_organisations(conn)}
    made = [
        DecidedDocument(
            entry.review.submission_id,
            entry.facts.organisation_id,
            build_document(
                review,
                entry,
                covers.get(entry.decision.version_id, {}),  # type: ignore[union-attr]
                register.get(entry.facts.organisation_id),
                settings,
                letter_date,
            ),
        )
        for entry in entries
    ]
    return sorted(made, key=lambda d: (d.organisation.casefold(), d.submission_id))


def round_documents(
    workspace: Workspace,
    round_name: str,
    letter_date: date | None = None,
    organisation: str | None = None,
) -> list[DecidedDocument]:
    """Load the round and build the documents of its decided submissions."""
    return documents_for_review(
        workspace, load_round(workspace, round_name), letter_date, organisation
    )
