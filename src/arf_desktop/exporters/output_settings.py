"""Workspace settings the outputs use: validity, signatories, letterhead, target; read and saved."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from arf_desktop.domain.errors import Refused
from arf_desktop.exporters.documents import DEFAULT_LETTERHEAD, Letterhead, Signatory
from arf_desktop.storage.workspace import Workspace, put_setting, read_setting

VALIDITY_KEY = "outputs.validity_years"
SIGNATORIES_KEY = "outputs.signatories"
LETTERHEAD_KEY = "outputs.letterhead"
TARGET_KEY = "dashboard.target"
MAX_LETTERHEAD = 120  # characters a letterhead line may hold
DEFAULT_VALIDITY = 3
DEFAULT_TARGET = 0.75
DEFAULT_SIGNATORIES = (
    Signatory("Chair of the moderation panel", "Anti-Racist Framework"),
    Signatory("Programme lead", "NHS North West BAME Assembly"),
)


@dataclass(frozen=True)
class OutputSettings:
    """What every document of a workspace shares."""

    validity_years: int = DEFAULT_VALIDITY
    signatories: tuple[Signatory, ...] = DEFAULT_SIGNATORIES
    target: float = DEFAULT_TARGET
    letterhead: Letterhead = DEFAULT_LETTERHEAD
    signatories_set: bool = False  # False until someone has named the people who sign


def parse_validity(text: str | None) -> int:
    if text is None or not text.strip():
        return DEFAULT_VALIDITY
    try:
        years = int(text.strip())
    except ValueError:
        years = 0
    if not 1 <= years <= 10:
        raise Refused(
            f"The setting {VALIDITY_KEY} is “{text}”; it must be a whole number of years, 1 to 10."
        )
    return years


def parse_signatories(text: str | None) -> tuple[Signatory, ...]:
    """A JSON list of {"name", "role"} objects; the default pair when the setting is empty."""
    if text is None or not text.strip():
        return DEFAULT_SIGNATORIES
    problem = (
        f'The setting {SIGNATORIES_KEY} must be a JSON list of {{"name": …, "role": …}} '
        "objects (at most six)"
    )
    try:
        data = json.loads(text)
    except ValueError as error:
        raise Refused(f"{problem}: {error}.") from error
    if not isinstance(data, list) or not 1 <= len(data) <= 6:
        raise Refused(f"{problem}.")
    found = []
    for index, item in enumerate(data):
        name = item.get("name") if isinstance(item, dict) else None
        role = item.get("role", "") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip() or not isinstance(role, str):
            raise Refused(f"{problem}; item {index + 1} has no name.")
        found.append(Signatory(" ".join(name.split()), " ".join(role.split())))
    return tuple(found)


def parse_letterhead(text: str | None) -> Letterhead:
    """A JSON object {"title", "subtitle", "contact"}; the programme's own when empty."""
    if text is None or not text.strip():
        return Letterhead()
    problem = (
        f'The setting {LETTERHEAD_KEY} must be a JSON object {{"title": …, "subtitle": …, '
        f'"contact": …}} with a title, each line at most {MAX_LETTERHEAD} characters'
    )
    try:
        data = json.loads(text)
    except ValueError as error:
        raise Refused(f"{problem}: {error}.") from error
    if not isinstance(data, dict):
        raise Refused(f"{problem}.")
    lines = [data.get(key, "") for key in ("title", "subtitle", "contact")]
    if not all(isinstance(line, str) for line in lines):
        raise Refused(f"{problem}.")
    title, subtitle, contact = (" ".join(line.split()) for line in lines)
    if not title or any(len(line) > MAX_LETTERHEAD for line in (title, subtitle, contact)):
        raise Refused(f"{problem}.")
    return Letterhead(title, subtitle, contact)


def parse_target(text: str | None) -> float:
    if text is None or not text.strip():
        return DEFAULT_TARGET
    cleaned = text.strip().rstrip("%")
    try:
        value = float(cleaned)
    except ValueError:
        value = -1.0
    if text.strip().endswith("%") or value > 1:
        value /= 100
    if not 0 < value <= 1:
        raise Refused(f"The setting {TARGET_KEY} is “{text}”; give a share such as 0.75 or 75%.")
    return value


def output_settings(workspace: Workspace) -> OutputSettings:
    """The workspace's output settings, each checked (a bad value is refused with its key);
    read together in one read transaction."""
    keys = (SIGNATORIES_KEY, VALIDITY_KEY, TARGET_KEY, LETTERHEAD_KEY)
    with workspace.read() as conn:
        signatories, validity, target, letterhead = (read_setting(conn, key) for key in keys)
    return OutputSettings(
        validity_years=parse_validity(validity),
        signatories=parse_signatories(signatories),
        target=parse_target(target),
        letterhead=parse_letterhead(letterhead),
        signatories_set=bool(signatories and signatories.strip()),
    )


def require_signatories(settings: OutputSettings) -> None:
    """Refuse to make letters or certificates until the people who sign them are named."""
    if not settings.signatories_set:
        raise Refused(
            "Name the people who sign the letters and certificates before the first export: "
            'arf-desktop export settings --signatory "Name|Role" (repeat for each signatory; '
            'optionally --letterhead "Title|Subtitle|Contact").'
        )


def save_output_settings(
    workspace: Workspace,
    actor: str,
    validity_years: int | None = None,
    signatories: Sequence[Signatory] | None = None,
    target: float | None = None,
    letterhead: Letterhead | None = None,
) -> OutputSettings:
    """Check and store the settings given (others unchanged), audited; return them all."""
    values: dict[str, str] = {}
    if validity_years is not None:
        values[VALIDITY_KEY] = str(parse_validity(str(validity_years)))
    if signatories is not None:
        text = json.dumps(
            [{"name": s.name, "role": s.role} for s in signatories], ensure_ascii=False
        )
        parse_signatories(text)
        values[SIGNATORIES_KEY] = text
    if target is not None:
        values[TARGET_KEY] = str(parse_target(str(target)))
    if letterhead is not None:
        text = json.dumps(letterhead._asdict(), ensure_ascii=False)
        parse_letterhead(text)
        values[LETTERHEAD_KEY] = text
    if values:
        with workspace.write(actor) as tx:
            for key, value in values.items():
                put_setting(tx, key, value)
    return output_settings(workspace)
