"""A decision's letter content as HTML for the preview pane (the PDF itself opens on request)."""

from __future__ import annotations

from html import escape

from arf_desktop.exporters.documents import CriterionFeedback, DecisionDocument, format_date
from arf_desktop.ui.kit.theme import LEVEL_COLOURS, NHS_DARK_BLUE, SECONDARY_TEXT

OUTCOME_WORDS = {
    "awarded": "Awarded",
    "minor_revisions": "Minor revisions",
    "not_yet_awarded": "Not yet awarded",
}


def outcome_words(document: DecisionDocument) -> str:
    """The outcome with the level written out ("Minor revisions: Bronze awarded")."""
    words = OUTCOME_WORDS.get(document.outcome, document.outcome)
    if document.outcome == "awarded":
        return f"{words}: {document.level_awarded}"
    if document.level_awarded:
        return f"{words}: {document.level_awarded} awarded"
    return f"{words}: no level awarded"


def _list(title: str, items: tuple[CriterionFeedback, ...]) -> str:
    """Criteria with their score and the panel's feedback (or a note that there is none)."""
    if not items:
        return ""
    body = "".join(
        f"<li><b>{escape(i.criterion_id)} {escape(i.title)}</b> ({escape(i.caption)})<br/>"
        + (
            escape(i.feedback).replace("\n", "<br/>")
            if i.has_feedback
            else f"<span style='color:{SECONDARY_TEXT}'>No feedback recorded</span>"
        )
        + "</li>"
        for i in items
    )
    return f"<h3 style='color:{NHS_DARK_BLUE}'>{escape(title)}</h3><ul>{body}</ul>"


def _next_steps(document: DecisionDocument) -> str:
    if document.resubmission_deadline:
        return (
            f"Revised evidence by {format_date(document.resubmission_deadline)}: "
            f"{escape(document.resubmission_route)}."
        )
    if document.next_level:
        return f"The next level is {escape(document.next_level.name)}."
    if document.outcome == "awarded":
        return f"{escape(document.level_awarded or '')} is the highest level of the framework."
    return "Support offered; the organisation is encouraged to apply again."


def preview_html(document: DecisionDocument, signatories_named: bool = True) -> str:
    """What the letter says, in reading order, for a screen reader as much as for the eye."""
    colour = LEVEL_COLOURS.get((document.level_awarded or "").casefold(), NHS_DARK_BLUE)
    valid = document.valid_until
    facts = [
        (
            "To",
            ", ".join(
                filter(
                    None, (document.addressee_name, document.addressee_title, document.organisation)
                )
            ),
        ),
        ("E-mail", document.addressee_email or "–"),
        ("Integrated care board", document.icb or "–"),
        ("Round", document.round_name),
        ("Level applied for", document.level_applied),
        ("Decision date", format_date(document.decision_date)),
        ("Letter date", format_date(document.letter_date)),
        ("Valid until", format_date(valid) if valid else "–"),
        ("Reference", document.reference),
        ("Certificate number", document.certificate_number if document.level_awarded else "–"),
    ]
    rows = "".join(
        f"<tr><td style='color:{SECONDARY_TEXT};padding-right:12px'>{escape(k)}</td>"
        f"<td>{escape(v)}</td></tr>"
        for k, v in facts
    )
    principles = "".join(
        f"<tr><td>{escape(p.principle_id)} · {escape(p.name)}</td>"
        f"<td align='right'>{p.met} of {p.criteria} met</td>"
        f"<td align='right'>{'–' if p.mean_score is None else f'{p.mean_score:.1f}'}</td></tr>"
        for p in document.principles
    )
    signed = ", ".join(f"{s.name} ({s.role})" for s in document.signatories)
    unmet = "Criteria to revise" if document.outcome == "minor_revisions" else "Not yet met"
    return (
        f"<h2 style='color:{NHS_DARK_BLUE}'>{escape(document.organisation)}</h2>"
        f"<p style='border-left:4px solid {colour};padding-left:6px'><b>"
        f"{escape(outcome_words(document))}</b></p>"
        f"<table>{rows}</table>"
        + _list(unmet, document.unmet)
        + _list("Strengths the panel commended", document.strengths)
        + (
            f"<h3 style='color:{NHS_DARK_BLUE}'>Summary by principle</h3>"
            f"<table width='100%'><tr><th align='left'>Principle</th><th align='right'>Met</th>"
            f"<th align='right'>Mean</th></tr>{principles}</table>"
            if principles
            else ""
        )
        + f"<h3 style='color:{NHS_DARK_BLUE}'>Next steps</h3><p>{_next_steps(document)}</p>"
        + (
            f"<p style='color:{SECONDARY_TEXT}'>Signed: {escape(signed)}</p>"
            if signatories_named
            else f"<p style='color:{SECONDARY_TEXT}'>Signatories not named yet: set them in "
            "Document settings… before the first letters go out.</p>"
        )
    )
