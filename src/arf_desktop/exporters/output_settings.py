"""Workspace settings the outputs use: validity, signatories, regional target; read and saved."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from arf_desktop.domain.errors import Refused
from arf_desktop.exporters.documents import Signatory
from arf_desktop.storage.workspace import Workspace, put_setting

VALIDITY_KEY = "outputs.validity_years"
SIGNATORIES_KEY = "outputs.signatories"
TARGET_KEY = "dashboard.target"
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
    """The workspace's output settings, each checked (a bad value is refused with its key)."""
    return OutputSettings(
        validity_years=parse_validity(workspace.setting(VALIDITY_KEY)),
        signatories=parse_signatories(workspace.setting(SIGNATORIES_KEY)),
        target=parse_target(workspace.setting(TARGET_KEY)),
    )


def save_output_settings(
    workspace: Workspace,
    actor: str,
    validity_years: int | None = None,
    signatories: Sequence[Signatory] | None = None,
    target: float | None = None,
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
    if values:
        with workspace.write(actor) as tx:
            for key, value in values.items():
                put_setting(tx, key, value)
    return output_settings(workspace)
