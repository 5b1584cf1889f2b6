"""What a decision document says, as frozen data: the only input the PDF renderers take."""

from __future__ import annotations

import base64
import calendar
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

OUTCOMES = ("awarded", "minor_revisions", "not_yet_awarded")
PROGRAMME = "NHS North West Anti-Racist Framework"
ASSEMBLY = "NHS North West Black, Asian and Minority Ethnic Assembly"


@dataclass(frozen=True)
class PrincipleSummary:
    """One row of the per-principle table: how many criteria were considered and met."""

    principle_id: str
    name: str
    criteria: int
    met: int
    mean_score: float | None


@dataclass(frozen=True)
class CriterionFeedback:
    """The agreed score of one criterion with its label and the panel's feedback.

    `level` is the level's name as written ("Silver"); `principle` is the principle id.
    """

    criterion_id: str
    title: str
    level: str
    principle: str
    score: int | None
    label: str
    feedback: str
    threshold: int = 2  # the award rule's threshold: a score below it is not met
    top: int = 3  # the top of the scale: a strength

    @property
    def met(self) -> bool:
        return self.score is not None and self.score >= self.threshold

    @property
    def unmet(self) -> bool:
        return self.score is not None and self.score < self.threshold

    @property
    def strength(self) -> bool:
        return self.score is not None and self.score >= self.top

    @property
    def has_feedback(self) -> bool:
        return bool(self.feedback.strip())

    @property
    def caption(self) -> str:
        """Score and label together ("2 · Fully evidenced"), or "Not scored"."""
        if self.score is None:
            return "Not scored"
        return f"{self.score} · {self.label}" if self.label else str(self.score)


class Signatory(NamedTuple):
    name: str
    role: str


class Letterhead(NamedTuple):
    """What the blue band at the top of the first page says; `contact` is optional."""

    title: str = PROGRAMME
    subtitle: str = ASSEMBLY
    contact: str = ""


DEFAULT_LETTERHEAD = Letterhead()


@dataclass(frozen=True)
class NextLevel:
    """The level to work towards after an award: its name, description and criteria."""

    name: str
    description: str
    criteria: tuple[tuple[str, str], ...] = ()  # (id, title)


@dataclass(frozen=True)
class DecisionDocument:
    """Everything an award letter, certificate or feedback report prints for one decision.

    Levels are given by name as they should be written ("Silver"); the addressee
    comes from the submission's cover sheet.
    """

    organisation: str
    icb: str | None
    addressee_name: str
    addressee_email: str
    round_name: str
    framework_name: str
    framework_version: str
    framework_draft: bool
    level_applied: str
    outcome: str
    level_awarded: str | None
    decision_date: date
    letter_date: date
    reference: str
    certificate_number: str
    validity_years: int = 3
    principles: tuple[PrincipleSummary, ...] = ()
    criteria: tuple[CriterionFeedback, ...] = ()
    next_level: NextLevel | None = None  # after an award; None at the top of the framework
    signatories: tuple[Signatory, ...] = ()
    addressee_title: str = ""  # the contact's job title, from the cover sheet
    resubmission_deadline: date | None = None  # minor revisions: revised evidence by
    resubmission_route: str = ""  # minor revisions: how to send it
    letterhead: Letterhead = DEFAULT_LETTERHEAD

    def __post_init__(self) -> None:
        for name in ("principles", "criteria"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "signatories", tuple(Signatory(*s) for s in self.signatories))
        object.__setattr__(self, "letterhead", Letterhead(*self.letterhead))
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}; expected one of {OUTCOMES}")
        if self.outcome == "awarded" and not self.level_awarded:
            raise ValueError("an 'awarded' decision needs the level awarded")
        if self.validity_years < 1:
            raise ValueError("validity_years must be at least 1")

    @property
    def strengths(self) -> tuple[CriterionFeedback, ...]:
        """Criteria agreed at the top of the scale."""
        return tuple(c for c in self.criteria if c.strength)

    @property
    def unmet(self) -> tuple[CriterionFeedback, ...]:
        """Criteria agreed below the threshold: to revise, or not yet met."""
        return tuple(c for c in self.criteria if c.unmet)

    def by_principle(
        self, criteria: tuple[CriterionFeedback, ...] | None = None
    ) -> list[tuple[PrincipleSummary, tuple[CriterionFeedback, ...]]]:
        """The criteria (all, or those given) grouped under their principles, in order."""
        chosen = self.criteria if criteria is None else criteria
        groups = []
        known = {p.principle_id for p in self.principles}
        for principle in self.principles:
            mine = tuple(c for c in chosen if c.principle == principle.principle_id)
            if mine:
                groups.append((principle, mine))
        stray = tuple(c for c in chosen if c.principle not in known)
        if stray:
            groups.append(
                (
                    PrincipleSummary(
                        "", "Other criteria", len(stray), sum(c.met for c in stray), None
                    ),
                    stray,
                )
            )
        return groups

    @property
    def valid_until(self) -> date | None:
        """The letter date plus the validity period, when a level is awarded."""
        if not self.level_awarded:
            return None
        return add_years(self.letter_date, self.validity_years)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def format_date(day: date) -> str:
    """A date as a UK letter writes it: "7 March 2025"."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _norm(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def verification_code(decision: DecisionDocument) -> str:
    """A 10-character base32 code over the fields that identify the decision.

    The same decision always gives the same code, whatever Unicode form its
    names arrive in; any change to the organisation, round, framework, levels,
    outcome, date or numbers gives a different one.
    """
    fields = (
        "arf-verify/1",
        _norm(decision.organisation),
        _norm(decision.round_name),
        _norm(decision.framework_name),
        _norm(decision.framework_version),
        _norm(decision.level_applied),
        decision.outcome,
        _norm(decision.level_awarded),
        decision.decision_date.isoformat(),
        _norm(decision.reference),
        _norm(decision.certificate_number),
    )
    digest = hashlib.sha256("\x1f".join(fields).encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:10]


def _ascii_token(text: str, limit: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[A-Za-z0-9]+", ascii_text)).upper()[:limit].strip("-")


def reference_number(
    round_name: str, organisation: str, level_applied: str, org_code: str | None = None
) -> str:
    """A stable, readable reference such as "ARF-2024-25-RBT-S".

    Built from the round, the organisation's code (or a short hash of its name
    when it has none) and the initial of the level applied for.
    """
    round_token = _ascii_token(round_name, 20) or "ROUND"
    org_token = _ascii_token(org_code or "", 10)
    if not org_token:
        digest = hashlib.sha256(_norm(organisation).casefold().encode("utf-8")).digest()
        org_token = base64.b32encode(digest).decode("ascii")[:6]
    level_token = (_ascii_token(level_applied, 1) or "X")[0]
    return f"ARF-{round_token}-{org_token}-{level_token}"
