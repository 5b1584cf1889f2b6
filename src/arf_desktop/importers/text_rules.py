"""Tolerant cleaning of what people type into cells: text, choices, dates, file lists."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e"
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode Cc, except tab and newline
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDY_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


@dataclass(frozen=True)
class Cleaned:
    """A cell's value as text, with a note when characters had to be removed."""

    text: str
    removed_controls: int = 0


def cell_text(value: object, multiline: bool = False) -> Cleaned:
    """The text a person meant: numbers as typed, invisible characters gone, spaces tidied."""
    if value is None:
        return Cleaned("")
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, datetime):
        text = value.strftime("%d/%m/%Y") if value.time() == datetime.min.time() else str(value)
    elif isinstance(value, date):
        text = value.strftime("%d/%m/%Y")
    else:
        text = str(value)
    if text.isascii() and text.isprintable() and "_x" not in text:  # nothing to clean
        return Cleaned(" ".join(text.split()))
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and _ZERO_WIDTH.search(text):
        text = _ZERO_WIDTH.sub("", text)
    controls = 0
    if not text.replace("\n", "").replace("\t", "").isprintable():  # controls are unprintable
        text, controls = _CONTROL.subn(" ", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = "\n".join(lines)
        if "\n\n\n" in text:
            text = re.sub(r"\n{3,}", "\n\n", text)
        text = text.strip()
    else:
        text = " ".join(text.split())
    return Cleaned(text, controls)


def key_of(text: str) -> str:
    """Case-, space- and dash-insensitive form used to match ids and names."""
    if not text.isascii():  # every dash it folds is outside ASCII
        text = text.translate(DASHES)
    return " ".join(text.split()).casefold()


def match_choice(text: str, options: Iterable[str], aliases: dict[str, str] | None = None) -> str:
    """The option `text` names (ignoring case and spacing), or '' when it names none."""
    wanted = key_of(text)
    for option in options:
        if key_of(option) == wanted:
            return option
    return (aliases or {}).get(wanted, "")


def closest(text: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` candidates that look most like `text` (for "did you mean" hints)."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(key_of(candidate), candidate)
    wanted = key_of(text)
    containing = [key for key in by_key if len(wanted) >= 3 and wanted in key]
    similar = difflib.get_close_matches(wanted, list(by_key), n=n, cutoff=0.6)
    chosen = list(dict.fromkeys([*containing, *similar]))[:n]
    return [by_key[key] for key in chosen]


def did_you_mean(text: str, candidates: Iterable[str]) -> str:
    found = closest(text, candidates)
    if not found:
        return ""
    return " Did you mean " + " or ".join(f"“{c}”" for c in found) + "?"


def looks_like_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def parse_date(value: object) -> date:
    """A date from a date cell or from text typed the UK way; ValueError says what is wrong."""
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{cell_text(value).text} is a number, not a date")
    else:
        found = _parse_date_text(cell_text(value).text)
    if not EARLIEST_YEAR <= found.year <= LATEST_YEAR:
        raise ValueError(f"{found:%d/%m/%Y} is not a plausible submission date")
    return found


def _parse_date_text(text: str) -> date:
    if not text:
        raise ValueError("it is blank")
    try:
        if match := _NUMERIC_DATE.match(text):
            day, month, year = (int(part) for part in match.groups())
            year += 2000 if year < 100 else 0
            return date(year, month, day)
        if match := _ISO_DATE.match(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _WORDY_DATE.match(text):
            month_number = MONTHS.get(match.group(2).casefold())
            if month_number:
                return date(int(match.group(3)), month_number, int(match.group(1)))
    except ValueError as error:
        raise ValueError(f"“{text}” is not a real date (day/month/year)") from error
    raise ValueError(f"“{text}” is not a date in the form dd/mm/yyyy")


def split_file_names(text: str) -> list[str]:
    """The file names in an Evidence files cell: separated by ';' or new lines, each once."""
    names: list[str] = []
    for part in re.split(r"[;\r\n]", text):
        name = part.strip().strip("\"'“”‘’").strip()
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names
