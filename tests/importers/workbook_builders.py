"""Builders for filled and deliberately edited submission workbooks, generated for each test."""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arf_desktop.demo.sample_workbooks import fill_workbook, sample_answers
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.records import Organisation
from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.template import build_template
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import organisations as organisation_repo
from arf_desktop.storage.workspace import Workspace

Edit = Callable[[Any], None]


@dataclass(frozen=True)
class Kit:
    """What builders need from a workspace: its framework and its register."""

    framework: Framework
    organisations: tuple[Organisation, ...]

    def organisation(self, index: int = 0) -> Organisation:
        return self.organisations[index]


def kit_for(workspace: Workspace) -> Kit:
    with workspace.read() as conn:
        framework = framework_repo.get_framework(conn, framework_repo.current_framework_id(conn))
        organisations = tuple(o for o in organisation_repo.list_organisations(conn) if o.icb)
    return Kit(framework, organisations)


def filled(
    kit: Kit,
    folder: Path,
    name: str = "submission.xlsx",
    *,
    organisation: int = 0,
    level: str = "bronze",
    edit: Edit | None = None,
    seed: int = 1,
    evidence: bool = True,
    template_level: str | None = "",
) -> Path:
    """A workbook filled in as a trust would, optionally edited before it is saved."""
    folder.mkdir(parents=True, exist_ok=True)
    framework = kit.framework
    chosen = framework.level(level)
    made_for = (
        chosen
        if template_level == ""
        else (framework.level(template_level) if template_level else None)
    )
    org = kit.organisation(organisation)
    workbook = build_template(framework, made_for, org, kit.organisations)
    cover, answers = sample_answers(
        random.Random(seed), framework, org, chosen, folder / "Evidence" if evidence else None
    )
    fill_workbook(workbook, cover, answers)
    if edit is not None:
        edit(workbook)
    path = folder / name
    workbook.save(path)
    return path


def cover_cell(workbook: Any, label: str) -> Any:
    sheet = workbook[wc.COVER_SHEET]
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        if cell.value and wc.label_key(str(cell.value)) == wc.label_key(label):
            return sheet.cell(cell.row, 2)
    raise KeyError(label)


def evidence_cell(workbook: Any, criterion_id: str, column: str) -> Any:
    sheet = workbook[wc.EVIDENCE_SHEET]
    col = next(c.column for c in sheet[1] if c.value == column)
    row = next(
        r[0].row for r in sheet.iter_rows(min_row=2, max_col=1) if r[0].value == criterion_id
    )
    return sheet.cell(row, col)


def set_cover(label: str, value: object) -> Edit:
    def edit(workbook: Any) -> None:
        cover_cell(workbook, label).value = value

    return edit


def set_evidence(criterion_id: str, column: str, value: object) -> Edit:
    def edit(workbook: Any) -> None:
        evidence_cell(workbook, criterion_id, column).value = value

    return edit


def set_meta(key: str, value: object) -> Edit:
    def edit(workbook: Any) -> None:
        sheet = workbook[wc.META_SHEET]
        for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
            if cell.value == key:
                sheet.cell(cell.row, 2).value = value
                return
        raise KeyError(key)

    return edit


def both(*edits: Edit) -> Edit:
    def edit(workbook: Any) -> None:
        for one in edits:
            one(workbook)

    return edit


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of a saved workbook (for things openpyxl refuses to write)."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data) if info.filename == member else data)
    path.write_bytes(out.getvalue())
    return path


def sheet_part(path: Path, title: str) -> str:
    """The zip member holding the sheet called `title`."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.search(rf'<sheet[^>]*name="{re.escape(title)}"[^>]*r:id="(rId\d+)"', workbook)
    assert rel_id, title
    target = re.search(rf'<Relationship[^>]*Id="{rel_id.group(1)}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'Target="([^"]+)"[^>]*Id="{rel_id.group(1)}"', rels)
    assert target, rel_id.group(1)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def with_control_characters(path: Path, marker: str) -> Path:
    """Replace the text `marker` in the Evidence sheet by text holding Excel-escaped BEL and ESC."""
    part = sheet_part(path, wc.EVIDENCE_SHEET)
    return rewrite_member(
        path, part, lambda data: data.replace(marker.encode(), b"Ring_x0007_ the bell_x001B_.")
    )


def with_external_link(path: Path) -> Path:
    """Add an external-link part pointing at another workbook, as Excel writes it."""
    link = (
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships" r:id="rId1"><sheetNames><sheetName val="Data"/></sheetNames>'
        "</externalBook></externalLink>"
    )
    link_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/externalLinkPath" Target="file:///C:/Finance/Budget.xlsx" '
        'TargetMode="External"/></Relationships>'
    )
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(
                    b"</workbook>",
                    b'<externalReferences><externalReference r:id="rIdX1"/>'
                    b"</externalReferences></workbook>",
                )
                if b'xmlns:r="' not in data:
                    data = data.replace(
                        b"<workbook ",
                        b'<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
                        b'2006/relationships" ',
                        1,
                    )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/externalLink" '
                    b'Target="externalLinks/externalLink1.xml"/></Relationships>',
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/externalLinks/externalLink1.xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.'
                    b'spreadsheetml.externalLink+xml"/></Types>',
                )
            target.writestr(info, data)
        target.writestr("xl/externalLinks/externalLink1.xml", link)
        target.writestr("xl/externalLinks/_rels/externalLink1.xml.rels", link_rels)
    path.write_bytes(out.getvalue())
    return path
