"""Writing a template for a workspace: the round's framework, the register, a named organisation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.framework import Framework, Level
from arf_desktop.files.atomic import workbook_bytes, write_atomic
from arf_desktop.files.names import slug, windows_safe
from arf_desktop.importers.cover_sheet import find_organisation
from arf_desktop.importers.template import build_template
from arf_desktop.importers.text_rules import did_you_mean
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import organisations as organisation_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage.file_access import os_reason
from arf_desktop.storage.workspace import Workspace


@dataclass(frozen=True)
class TemplateWritten:
    path: Path
    framework: Framework
    organisation: str | None
    level: Level | None
    criteria: int


def default_name(organisation: str | None, level: Level | None) -> str:
    parts = [
        "ARF submission",
        organisation and slug(organisation, keep_case=True),
        level and level.name,
    ]
    return windows_safe(" - ".join(p for p in parts if p) + ".xlsx")


def write_template_for(
    workspace: Workspace,
    out: Path,
    organisation: str | None = None,
    level: str | None = None,
    round_name: str | None = None,
    overwrite: bool = False,
) -> TemplateWritten:
    """Write the blank workbook to `out` (a file, or a folder to put it in)."""
    with workspace.read() as conn:
        if round_name:
            found_round = round_repo.find_round(conn, round_name)
            if found_round is None:
                raise NotFound(f"There is no round called “{round_name}”.")
            framework_id: int | None = found_round.framework_id
        else:
            framework_id = framework_repo.current_framework_id(conn)
        if framework_id is None:
            raise Refused("Load a framework before writing a template.")
        framework = framework_repo.get_framework(conn, framework_id)
        register = organisation_repo.list_organisations(conn)
    chosen = None
    if organisation:
        chosen = find_organisation(organisation, register)
        if chosen is None:
            raise NotFound(
                f"“{organisation}” is not in the organisation register."
                + did_you_mean(organisation, [o.name for o in register])
            )
    chosen_level = None
    if level:
        chosen_level = framework.find_level(level)
        if chosen_level is None:
            names = ", ".join(lv.name for lv in framework.levels)
            raise Refused(f"“{level}” is not a level of {framework.label} ({names}).")
    path = Path(out).expanduser()
    if path.is_dir():
        path = path / default_name(chosen.name if chosen else None, chosen_level)
    if path.suffix.lower() != ".xlsx":
        raise Refused(f"{path.name}: the template is an Excel workbook; name it ….xlsx.")
    if path.exists() and not overwrite:
        raise Refused(f"{path} already exists; choose another name or add --force to replace it.")
    workbook = build_template(framework, chosen_level, chosen, register)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, workbook_bytes(workbook))
    except OSError as error:
        raise Refused(f"{path} could not be written: {os_reason(error)}.") from error
    count = len(framework.criteria_up_to(chosen_level.id) if chosen_level else framework.criteria)
    return TemplateWritten(path, framework, chosen.name if chosen else None, chosen_level, count)
