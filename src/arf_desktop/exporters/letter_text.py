"""The award letter as plain text, for screen-reader users: the same words as the PDF, in order."""

from __future__ import annotations

import os
from pathlib import Path

from arf_desktop.exporters import letter_content as content
from arf_desktop.exporters import pdf_common as pdf
from arf_desktop.exporters.documents import DecisionDocument
from arf_desktop.exporters.letter_content import Block
from arf_desktop.exporters.letter_templates import LetterTemplates, load_templates
from arf_desktop.files.atomic import write_atomic


def _principles(block: Block) -> list[str]:
    lines = []
    for row in block.rows:
        mean = "" if row.mean_score is None else f"; mean agreed score {row.mean_score:.1f}"
        name = pdf.plain_line(row.name)
        lines.append(f"- {row.principle_id} {name}: {row.met} of {row.criteria} criteria met{mean}")
    return lines


def _lines(block: Block) -> list[str]:
    """One block as lines of text; paragraphs stay on one line each so they reflow."""
    kind = block.kind
    if kind == content.ADDRESS:
        return [*block.lines, "", *block.aside]
    if kind == content.TITLE:
        return [block.text.upper()]
    if kind == content.HEADING:
        return [block.text, "-" * len(block.text)]
    if kind == content.SUBHEADING:
        return [f"{block.text}:"]
    if kind == content.DECISION:
        return [f"| {line}" for line in block.lines]
    if kind == content.ITEM:
        return [f"* {block.text}", *(f"  {part}" for part in block.lines)]
    if kind == content.BULLETS:
        return [*([block.text] if block.text else []), *(f"- {item}" for item in block.lines)]
    if kind == content.PRINCIPLES:
        return _principles(block)
    if kind == content.CLOSING:
        people = [f"{name}\n{role}" if role else name for name, role in block.rows]
        return [block.text, "", *"\n\n".join(people).split("\n")]
    return [block.text]


def letter_text(decision: DecisionDocument, templates: LetterTemplates | None = None) -> str:
    """The letter in plain UTF-8 text, names in their reading order, headings underlined."""
    templates = templates or load_templates()
    blocks = content.letter_blocks(decision, templates, pdf.plain_line, pdf.plain_text)
    head = [pdf.plain_line(line) for line in decision.letterhead if line.strip()]
    parts = ["\n".join(head)]
    parts += ["\n".join(_lines(block)) for block in blocks]
    return "\n\n".join(part for part in parts if part.strip()) + "\n"


def write_letter_text(
    decision: DecisionDocument,
    path: str | os.PathLike[str],
    templates: LetterTemplates | None = None,
    sync_folder: bool = True,
) -> Path:
    """Write the letter's text twin atomically to `path` (UTF-8); `sync_folder=False` leaves
    the folder's sync to a batch, once after its last file."""
    data = letter_text(decision, templates).encode("utf-8")
    return write_atomic(path, data, sync_folder=sync_folder)
