"""The editable wording of award letters: loading, placeholder checks and filling."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any
from xml.sax.saxutils import escape

from arf_desktop.exporters.documents import DecisionDocument, format_date, verification_code
from arf_desktop.exporters.pdf_common import one_line
from arf_desktop.paths import resource

PLACEHOLDERS = frozenset(
    {
        "organisation",
        "icb",
        "addressee_name",
        "addressee_email",
        "addressee_title",
        "round_name",
        "round_phrase",
        "framework_name",
        "framework_version",
        "level_applied",
        "level_awarded",
        "decision_date",
        "letter_date",
        "valid_until",
        "validity_period",
        "validity_years",
        "reference",
        "certificate_number",
        "verification_code",
        "resubmission_deadline",
        "resubmission_route",
        "revise_count",
        "next_level",
        "next_level_description",
    }
)
COMMON_KEYS = (
    "salutation",
    "validity",
    "level_awarded",
    "no_level_awarded",
    "recognised_heading",
    "summary_intro",
    "strengths_intro",
    "next_level",
    "next_level_criteria",
    "top_level",
    "revise_heading",
    "revise_intro",
    "unmet_heading",
    "unmet_intro",
    "support_heading",
    "next_steps_heading",
    "contact",
    "closing",
    "framework_notice",
    "draft_notice",
    "verification",
)
COMMON_LIST_KEYS = ("support",)
OUTCOME_TEXT_KEYS = ("subject", "decision")
OUTCOME_LIST_KEYS = (
    "paragraphs",
    "when_level_awarded",
    "when_no_level_awarded",
    "closing_paragraphs",
    "next_steps",
)
REQUIRED_OUTCOMES = ("awarded", "minor_revisions", "not_yet_awarded")
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 10: "ten"}
ORDINAL_WORDS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
    | {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}
)


class LetterTemplateError(ValueError):
    """The letter wording file is missing a key or uses a placeholder that does not exist."""


@dataclass(frozen=True)
class LetterTemplates:
    """A checked wording file: the shared sentences and each outcome's wording."""

    common: Mapping[str, str]
    outcomes: Mapping[str, Mapping[str, Any]]
    source: str

    def for_decision(self, decision: DecisionDocument) -> Mapping[str, Any]:
        """The outcome's wording; an award uses its level's own wording when there is one."""
        if decision.outcome == "awarded":
            own = f"awarded_{(decision.level_awarded or '').strip().casefold()}"
            return self.outcomes.get(own, self.outcomes["awarded"])
        return self.outcomes[decision.outcome]


def default_templates_path() -> Path:
    """The wording file shipped in `resources/templates/`."""
    return resource("templates", "letters.json")


def _round_number(token: str) -> str | None:
    """ "1", "2b", "A", "two", "IV" as a round's own number; None for a year or a word."""
    token = token.strip(",.;:()–—-")
    folded = token.casefold()
    if folded in ORDINAL_WORDS or (len(token) == 1 and token.isalpha()):
        return token
    digits = folded.rstrip("abcdefgh")
    return token if digits.isdigit() and len(digits) <= 2 else None


def round_phrase(name: str) -> str:
    """The round as a sentence says it, after "in".

    "2025/26" → "the 2025/26 round"; "2025/26 recognition round" → "the 2025/26 recognition
    round"; "2026/27 Round 1" and "Round 1, 2026/27" → "Round 1 of 2026/27".
    """
    words = " ".join(name.split()).split(" ")
    folded = [word.casefold().strip(",.;:") for word in words]
    if "round" not in folded:
        return f"the {' '.join(words)} round"
    at = folded.index("round")
    number = _round_number(words[at + 1]) if at + 1 < len(words) else None
    if number is None:
        return f"the {' '.join(words)}"
    rest = [w.strip(",;:") for w in words[:at] + words[at + 2 :]]
    rest = [w for w in rest if any(ch.isalnum() for ch in w)]
    return f"Round {number} of {' '.join(rest)}" if rest else f"Round {number}"


def placeholders_in(text: str) -> list[str]:
    """The placeholder names in a template string; ValueError for anything but plain {names}."""
    names = []
    for _literal, field, spec, conversion in Formatter().parse(text):
        if field is None:
            continue
        if spec or conversion or not field.isidentifier():
            raise ValueError(f"use a plain {{name}} placeholder, not {{{field}...}}")
        names.append(field)
    return names


def _strings(data: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    common = data.get("common")
    if not isinstance(common, Mapping):
        yield "$.common", None
        return
    for key in COMMON_KEYS:
        yield f"$.common.{key}", common.get(key)
    for key in COMMON_LIST_KEYS:
        items = common.get(key)
        if not isinstance(items, list):
            yield f"$.common.{key}", None
            continue
        for index, item in enumerate(items):
            yield f"$.common.{key}[{index}]", item
    outcomes = data.get("outcomes")
    if not isinstance(outcomes, Mapping):
        yield "$.outcomes", None
        return
    for name in REQUIRED_OUTCOMES:
        if name not in outcomes:
            yield f"$.outcomes.{name}", None
    for name, wording in outcomes.items():
        where = f"$.outcomes.{name}"
        if not isinstance(wording, Mapping):
            yield where, None
            continue
        for key in OUTCOME_TEXT_KEYS:
            yield f"{where}.{key}", wording.get(key)
        for key in OUTCOME_LIST_KEYS:
            items = wording.get(key, [])
            if not isinstance(items, list) or (key == "paragraphs" and not items):
                yield f"{where}.{key}", None
                continue
            for index, item in enumerate(items):
                yield f"{where}.{key}[{index}]", item


def check_templates(data: Any, source: str) -> list[str]:
    """Every problem in a wording file, each naming the file and the JSON path."""
    if not isinstance(data, Mapping):
        return [f"{source}: $: expected an object with 'common' and 'outcomes'"]
    problems = []
    for where, text in _strings(data):
        if not isinstance(text, str):
            missing = "missing" if text is None else "must be text"
            problems.append(f"{source}: {where}: {missing}")
            continue
        try:
            unknown = [name for name in placeholders_in(text) if name not in PLACEHOLDERS]
        except ValueError as error:
            problems.append(f"{source}: {where}: {error}")
            continue
        for name in unknown:
            known = ", ".join("{" + known + "}" for known in sorted(PLACEHOLDERS))
            problems.append(f"{source}: {where}: unknown placeholder {{{name}}}; known: {known}")
    return problems


@lru_cache(maxsize=8)
def _load(path: str, _stamp: tuple[int, int]) -> LetterTemplates:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LetterTemplateError(f"{path}: cannot read the letter wording: {error}") from error
    problems = check_templates(data, path)
    if problems:
        raise LetterTemplateError("\n".join(problems))
    return LetterTemplates(data["common"], data["outcomes"], path)


def load_templates(path: str | os.PathLike[str] | None = None) -> LetterTemplates:
    """Read and check the wording file (cached until the file changes)."""
    target = Path(path) if path else default_templates_path()
    try:
        stat = target.stat()
    except OSError as error:
        raise LetterTemplateError(f"{target}: cannot read the letter wording: {error}") from error
    return _load(str(target), (stat.st_mtime_ns, stat.st_size))


def count_words(count: int, noun: str = "criterion", plural: str = "criteria") -> str:
    """ "one criterion", "two criteria", "12 criteria"."""
    return f"{NUMBER_WORDS.get(count, str(count))} {noun if count == 1 else plural}"


def letter_values(
    decision: DecisionDocument, prepare: Callable[[str | None], str] = one_line
) -> dict[str, str]:
    """The placeholder values, each made one line by `prepare` (PDF drawing order by default)."""
    years = decision.validity_years
    valid_until = decision.valid_until
    deadline = decision.resubmission_deadline
    upcoming = decision.next_level
    values = {
        "organisation": decision.organisation,
        "icb": decision.icb or "",
        "addressee_name": decision.addressee_name,
        "addressee_email": decision.addressee_email,
        "addressee_title": decision.addressee_title,
        "round_name": decision.round_name,
        "round_phrase": round_phrase(decision.round_name),
        "framework_name": decision.framework_name,
        "framework_version": decision.framework_version,
        "level_applied": decision.level_applied,
        "level_awarded": decision.level_awarded or "",
        "decision_date": format_date(decision.decision_date),
        "letter_date": format_date(decision.letter_date),
        "valid_until": format_date(valid_until) if valid_until else "",
        "validity_period": f"{NUMBER_WORDS.get(years, str(years))} year{'s' * (years != 1)}",
        "validity_years": str(years),
        "reference": decision.reference,
        "certificate_number": decision.certificate_number,
        "verification_code": verification_code(decision),
        "resubmission_deadline": format_date(deadline) if deadline else "",
        "resubmission_route": decision.resubmission_route,
        "revise_count": count_words(len(decision.unmet)),
        "next_level": upcoming.name if upcoming else "",
        "next_level_description": upcoming.description if upcoming else "",
    }
    return {key: prepare(value) for key, value in values.items()}


def fill_plain(template: str, values: Mapping[str, str]) -> str:
    """The template's text with the values put in (plain text, not markup)."""
    return template.format_map(values)


def fill(template: str, values: Mapping[str, str]) -> str:
    """Paragraph markup: the template's text and the values, both escaped, combined."""
    return escape(template).format_map({key: escape(value) for key, value in values.items()})
