"""What an award letter says, in reading order, as plain blocks: the PDF and its text twin agree."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from arf_desktop.exporters.documents import CriterionFeedback, DecisionDocument
from arf_desktop.exporters.letter_templates import LetterTemplates, fill_plain, letter_values

Prepare = Callable[[str | None], str]
Fill = Callable[[str], str]

ADDRESS, TITLE, PARA, DECISION, HEADING, SUBHEADING = (
    "address",
    "title",
    "para",
    "decision",
    "heading",
    "subheading",
)
ITEM, BULLETS, PRINCIPLES, CLOSING, SMALL = "item", "bullets", "principles", "closing", "small"


@dataclass(frozen=True)
class Block:
    """One piece of the letter: `kind` says how it is laid out; all text is plain, not markup.

    `text` is a paragraph or heading (or the line that opens a list); `lines` the lines of an
    address, a decision box or a list, or an item's paragraphs under its `text`; `aside` the
    right-hand column of the address; `rows` the principle summaries or the signatories as
    (name, role).
    """

    kind: str
    text: str = ""
    lines: tuple[str, ...] = ()
    aside: tuple[str, ...] = ()
    rows: tuple[Any, ...] = ()


def _item(item: CriterionFeedback, line: Prepare, text: Prepare) -> Block:
    """A criterion with its agreed score as the head and the panel's feedback beneath."""
    head = line(f"{item.criterion_id} {item.title} ({item.caption})")
    body = tuple(p.strip() for p in text(item.feedback).split("\n\n") if p.strip())
    return Block(ITEM, head, body)


def _awarded(
    decision: DecisionDocument, common: Mapping[str, Any], fill: Fill, line: Prepare, text: Prepare
) -> list[Block]:
    """What was recognised: the principles and the strengths the panel commended."""
    blocks = [Block(HEADING, fill(common["recognised_heading"]))]
    if decision.principles:
        blocks += [
            Block(PARA, fill(common["summary_intro"])),
            Block(PRINCIPLES, rows=decision.principles),
        ]
    if decision.strengths:
        blocks.append(Block(PARA, fill(common["strengths_intro"])))
        blocks += [_item(item, line, text) for item in decision.strengths]
    return blocks if len(blocks) > 1 else []


def _to_revise(
    decision: DecisionDocument, common: Mapping[str, Any], fill: Fill, line: Prepare, text: Prepare
) -> list[Block]:
    """Minor revisions: only the criteria to revise, each with its feedback."""
    if not decision.unmet:
        return []
    return [
        Block(HEADING, fill(common["revise_heading"])),
        Block(PARA, fill(common["revise_intro"])),
        *(_item(item, line, text) for item in decision.unmet),
    ]


def _unmet(
    decision: DecisionDocument, common: Mapping[str, Any], fill: Fill, line: Prepare, text: Prepare
) -> list[Block]:
    """Not yet awarded: the criteria not met, principle by principle, and the support offered."""
    blocks: list[Block] = []
    groups = decision.by_principle(decision.unmet)
    if groups:
        blocks += [
            Block(HEADING, fill(common["unmet_heading"])),
            Block(PARA, fill(common["unmet_intro"])),
        ]
    for principle, items in groups:
        name = " · ".join(filter(None, (principle.principle_id, line(principle.name))))
        blocks.append(Block(SUBHEADING, name))
        blocks += [_item(item, line, text) for item in items]
    blocks.append(Block(HEADING, fill(common["support_heading"])))
    blocks += [Block(PARA, fill(p)) for p in common["support"]]
    return blocks


SECTIONS = {"awarded": _awarded, "minor_revisions": _to_revise, "not_yet_awarded": _unmet}


def _next_steps(
    decision: DecisionDocument,
    common: Mapping[str, Any],
    wording: Mapping[str, Any],
    fill: Fill,
    line: Prepare,
) -> list[Block]:
    blocks = [Block(HEADING, fill(common["next_steps_heading"]))]
    if decision.outcome == "awarded":
        upcoming = decision.next_level
        if upcoming is None:
            blocks.append(Block(PARA, fill(common["top_level"])))
        else:
            blocks.append(Block(PARA, fill(common["next_level"])))
            if upcoming.criteria:  # the list keeps its opening line with it
                titles = tuple(line(f"{cid} {title}") for cid, title in upcoming.criteria)
                blocks.append(Block(BULLETS, fill(common["next_level_criteria"]), titles))
    blocks += [Block(PARA, fill(p)) for p in wording.get("next_steps", [])]
    blocks.append(Block(PARA, fill(common["contact"])))
    return blocks


def _opening(
    decision: DecisionDocument, wording: Mapping[str, Any], fill: Fill, values: Mapping[str, str]
) -> list[Block]:
    """Address and date, subject, salutation comes after; the outcome's own paragraphs."""
    left = (
        values["addressee_name"],
        values["addressee_title"],
        values["organisation"],
        values["addressee_email"],
    )
    right = (values["letter_date"], f"Reference: {values['reference']}")
    paragraphs = list(wording["paragraphs"])
    if decision.outcome != "awarded":
        extra = "when_level_awarded" if decision.level_awarded else "when_no_level_awarded"
        paragraphs += wording.get(extra, [])
    return [
        Block(ADDRESS, lines=tuple(v for v in left if v), aside=right),
        Block(TITLE, fill(wording["subject"])),
        *(Block(PARA, fill(p)) for p in paragraphs),
    ]


def letter_blocks(
    decision: DecisionDocument,
    templates: LetterTemplates,
    line: Prepare,
    text: Prepare,
) -> list[Block]:
    """The letter's blocks in reading order.

    `line` makes a value one line of text and `text` cleans a multi-line text (feedback);
    the PDF passes functions that also put right-to-left runs in drawing order, the text
    twin ones that keep the logical order a screen reader needs.
    """
    common, wording = templates.common, templates.for_decision(decision)
    values = letter_values(decision, line)

    def fill(template: str) -> str:
        return fill_plain(template, values)

    opening = _opening(decision, wording, fill, values)
    blocks = [*opening[:2], Block(PARA, fill(common["salutation"])), *opening[2:]]
    box = [fill(wording["decision"])]
    if decision.level_awarded:
        box += [fill(common["level_awarded"]), fill(common["validity"])]
    else:
        box.append(fill(common["no_level_awarded"]))
    blocks.append(Block(DECISION, lines=tuple(box)))
    blocks += [Block(PARA, fill(p)) for p in wording.get("closing_paragraphs", [])]
    blocks += SECTIONS[decision.outcome](decision, common, fill, line, text)
    blocks += _next_steps(decision, common, wording, fill, line)
    people = tuple((line(s.name), line(s.role)) for s in decision.signatories)
    blocks.append(Block(CLOSING, fill(common["closing"]), rows=people))
    notice = common["draft_notice"] if decision.framework_draft else common["framework_notice"]
    blocks += [Block(SMALL, fill(notice)), Block(SMALL, fill(common["verification"]))]
    return blocks


def heading_texts(blocks: Sequence[Block]) -> list[str]:
    """The section headings, in order (for checks and the text twin's outline)."""
    return [b.text for b in blocks if b.kind == HEADING]
