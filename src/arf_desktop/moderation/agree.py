"""Agreeing a score: the same rules from the window and the command line, audited."""

from __future__ import annotations

from dataclasses import dataclass

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.moderation import Agreed, rationale_required
from arf_desktop.moderation.feedback import ADOPT_ACTION
from arf_desktop.moderation.review import load_for
from arf_desktop.storage import moderation as repo
from arf_desktop.storage.workspace import Workspace, WriteTx

MAX_TEXT = 10_000


@dataclass(frozen=True)
class AgreedChange:
    """What changed: the criterion, the old and new agreed score and the revision."""

    submission_id: int
    organisation: str
    criterion_id: str
    before: Agreed | None
    after: Agreed
    revision: int


def _tidy(text: str | None) -> str:
    cleaned = "".join(ch for ch in (text or "") if ch in "\n\t" or ch.isprintable()).strip()
    if len(cleaned) > MAX_TEXT:
        raise Refused(f"Keep it under {MAX_TEXT:,} characters (this is {len(cleaned):,}).")
    return cleaned


def agree_score(
    workspace: Workspace,
    actor: str,
    round_name: str,
    organisation: str,
    criterion_id: str,
    score: int,
    rationale: str | None = None,
    feedback: str | None = None,
    adopted: bool = False,
) -> AgreedChange:
    """Set the panel's agreed score; a rationale is required where it differs from an assessor.

    `adopted`: the feedback is the draft from the assessors' comments, audited as adopted.
    """
    review = load_for(workspace, round_name, organisation)
    entry = review.find(organisation)
    if entry is None:
        raise NotFound(review.not_found_message(organisation))
    line = next((ln for ln in entry.review.lines if ln.criterion_id == criterion_id.upper()), None)
    if line is None:
        raise NotFound(
            f"{criterion_id} is not one of the criteria {entry.facts.organisation} applied for."
        )
    if not review.framework.on_scale(score):
        raise Refused(review.framework.off_scale(score))
    if not line.given:
        raise Refused(
            f"No assessor has submitted a score for {line.criterion_id} yet; agree it later."
        )
    reason = _tidy(rationale)
    if rationale_required(score, line.scores) and not reason:
        differing = ", ".join(
            f"{name} gave {given}"
            for name, given in line.scores.items()
            if given is not None and given != score
        )
        raise Refused(
            f"A rationale is required for {line.criterion_id}: the agreed score {score} differs "
            f"from an assessor's ({differing})."
        )
    if entry.decided:
        raise Refused(
            f"The outcome for {entry.facts.organisation} has been decided; reopen the decision "
            "before changing agreed scores."
        )
    after = Agreed(score, reason, _tidy(feedback))

    def write(tx: WriteTx) -> tuple[Agreed | None, int]:
        before, revision = repo.write_agreed(
            tx, entry.review.submission_id, line.criterion_id, after
        )
        tx.audit(
            ADOPT_ACTION if adopted else "moderation.agree",
            "submission",
            entry.review.submission_id,
            {
                "criterion": line.criterion_id,
                "from": None if before is None else before.score,
                "to": score,
                "assessor_scores": dict(line.scores),
                "rationale": reason,
                "feedback": after.feedback,
                "feedback_adopted": adopted,
                "revision": revision,
            },
        )
        return before, revision

    before, revision = workspace.transact(actor, write)
    return AgreedChange(
        entry.review.submission_id,
        entry.facts.organisation,
        line.criterion_id,
        before,
        after,
        revision,
    )
