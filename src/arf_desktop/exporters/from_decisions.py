"""A round's decisions as DecisionDocument values: addressee, criteria with feedback, next level."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from math import fsum

from arf_desktop.domain.errors import NotFound
from arf_desktop.domain.framework import Framework, Level
from arf_desktop.domain.moderation import CriterionLine
from arf_desktop.domain.records import Organisation
from arf_desktop.exporters.documents import (
    CriterionFeedback,
    DecisionDocument,
    NextLevel,
    PrincipleSummary,
    reference_number,
)
from arf_desktop.exporters.output_settings import OutputSettings, output_settings
from arf_desktop.exporters.round_settings import Resubmission, resubmission_for
from arf_desktop.moderation.review import QueueEntry, RoundReview, load_round
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.workspace import Workspace

CONTACT_NAME = "Contact name"
CONTACT_TITLE = "Contact job title"
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
    threshold, top = framework.award_rule.threshold, max(framework.scale_values)
    levels: dict[str, str] = {}  # each criterion's level as written, looked up once
    for line in lines:
        criterion = framework.criterion(line.criterion_id)
        score = line.effective
        label = framework.scale_point(score).label if framework.on_scale(score) else ""
        level = levels.get(criterion.level)
        if level is None:
            level = levels[criterion.level] = (
                _level_name(framework, criterion.level) or criterion.level
            )
        rows.append(
            CriterionFeedback(
                criterion_id=criterion.id,
                title=criterion.title,
                level=level,
                principle=criterion.principle,
                score=score,
                label=label,
                feedback=line.agreed.feedback if line.agreed else "",
                threshold=threshold,
                top=top,
            )
        )
    return rows


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
                round(fsum(scores) / len(scores), 2) if scores else None,  # as fmean
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


def next_level_for(
    framework: Framework, outcome: str, applied: str, awarded: str | None
) -> NextLevel | None:
    """After an award, the level above it with its criteria (None at the top, or no award)."""
    if outcome != "awarded":
        return None
    target = next_level(framework, outcome, applied, awarded)
    if target is None:
        return None
    criteria = tuple((c.id, c.title) for c in framework.criteria_at(target.id))
    return NextLevel(target.name, target.description.strip(), criteria)


def _text(value: object) -> str:
    return " ".join(str(value or "").split())


def _addressee(cover: Mapping[str, str], organisation: Organisation | None) -> tuple[str, str, str]:
    """Name, job title and e-mail: the cover sheet's contact, else the register's.

    The job title goes with the cover's contact only; with no name at all the letter goes
    to the chief executive.
    """
    name, email = _text(cover.get(CONTACT_NAME)), _text(cover.get(CONTACT_EMAIL))
    job_title = _text(cover.get(CONTACT_TITLE)) if name else ""
    if organisation is not None:
        name = name or _text(organisation.contact_name)
        email = email or _text(organisation.contact_email)
    return name or FALLBACK_ADDRESSEE, job_title, email


def build_document(
    review: RoundReview,
    entry: QueueEntry,
    cover: Mapping[str, str],
    organisation: Organisation | None,
    settings: OutputSettings,
    letter_date: date | None = None,
    resubmission: Resubmission | None = None,
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
    resubmission = resubmission or Resubmission()
    minor = decision.outcome == "minor_revisions"
    addressee, job_title, email = _addressee(cover, organisation)
    return DecisionDocument(
        organisation=entry.facts.organisation,
        icb=entry.facts.icb,
        addressee_name=addressee,
        addressee_email=email,
        addressee_title=job_title,
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
        criteria=tuple(rows),
        next_level=next_level_for(framework, decision.outcome, applied, awarded),
        signatories=settings.signatories,
        resubmission_deadline=resubmission.deadline(decision_day) if minor else None,
        resubmission_route=resubmission.route if minor else "",
        letterhead=settings.letterhead,
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
    resubmission = resubmission_for(workspace, review.round)
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
                resubmission,
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
