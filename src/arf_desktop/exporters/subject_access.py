"""A subject access answer: a zip of every record held about a person (JSON and a PDF summary)."""

from __future__ import annotations

import json
import os
import zipfile
from collections import Counter
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.exporters import pdf_common as pdf
from arf_desktop.exporters import pdf_layout as layout
from arf_desktop.files.atomic import replacing
from arf_desktop.registers.person_records import PersonReport, locate
from arf_desktop.storage.backups import backup_folder
from arf_desktop.storage.workspace import Workspace

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
SHOWN = 400  # characters of a record's value shown in the summary (records.json holds it all)
INFO = {
    "title": "Subject access: records held",
    "subject": "Personal data held in an ARF Desktop workspace",
    "author": pdf.PROGRAMME,
    "creator": "ARF Desktop",
    "producer": "ARF Desktop",
    "keywords": [],
}
COLUMNS = (("Where", 0.22), ("Record", 0.25), ("What is held", 0.53))
SECTIONS = (
    ("erase", "Records held in the workspace"),
    ("kept", "Kept in the audit log's hashed record"),
    ("listed", "Copies outside the workspace (letters issued, evidence as submitted)"),
)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        text = " · ".join(f"{key}: {_shown(item)}" for key, item in value.items())
    elif isinstance(value, list):
        text = ", ".join(_shown(item) for item in value)
    else:
        text = "—" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def _table(records: list[dict[str, Any]]) -> Table:
    st = layout.styles()
    widths = [WIDTH * share for _, share in COLUMNS]
    rows: list[list[object]] = [[title for title, _ in COLUMNS]]
    for record in records:
        where = f"{record['where']} ({record['table']} {record['id']}, {record['field']})"
        rows.append(
            [
                layout.cell(where, st["cell"], widths[0] - 6),
                layout.cell(record.get("context") or "—", st["cell"], widths[1] - 6),
                layout.cell(_shown(record["value"]), st["cell"], widths[2] - 6),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        layout.table_style(
            [
                *layout.cell_text_style(st["cell"]),
                ("FONTNAME", (0, 0), (-1, 0), pdf.FONT_BOLD),
                ("TEXTCOLOR", (0, 0), (-1, 0), pdf.NHS_DARK_BLUE),
                ("BACKGROUND", (0, 0), (-1, 0), pdf.LIGHT_GREY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, pdf.NHS_BLUE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, pdf.RULE_GREY),
            ]
        )
    )
    return table


def render_summary(answer: dict[str, Any]) -> bytes:
    """The readable summary of a subject access answer, as PDF bytes."""
    st = layout.styles()
    buffer = BytesIO()
    doc = layout.banded_report(
        buffer, INFO, f"{pdf.PROGRAMME} · Subject access · {answer['generated'][:10]}"
    )
    records = answer["records"]
    counts = Counter(r["where"] for r in records)
    names = ", ".join(answer["identifiers"])
    story: list[Any] = [
        Paragraph("Records held about you", st["title"]),
        Paragraph(
            f"Searched for: <b>{pdf.markup(names)}</b> (any case) · workspace "
            f"{pdf.markup(answer['workspace'])} · {pdf.markup(answer['generated'][:16])} UTC",
            st["body"],
        ),
        Paragraph(
            pdf.markup(
                f"{len(records)} record{'s' * (len(records) != 1)} found: "
                + "; ".join(f"{where} {n}" for where, n in sorted(counts.items()))
                + ". records.json in this zip holds each record in full, with where it is held."
            ),
            st["body"],
        ),
        Spacer(1, 3 * mm),
    ]
    for action, title in SECTIONS:
        chosen = [r for r in records if r["action"] == action]
        if chosen:
            story += [*layout.heading(title), _table(chosen), Spacer(1, 4 * mm)]
    doc.build(story)
    return buffer.getvalue()


def write_answer(answer: dict[str, Any], path: str | os.PathLike[str]) -> Path:
    """Write the zip (records.json and summary.pdf) whole, or leave `path` untouched."""
    summary = render_summary(answer)
    records = json.dumps(answer, indent=2, ensure_ascii=False, default=str).encode("utf-8")
    with replacing(path) as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("records.json", records)
        zf.writestr("summary.pdf", summary)
    return Path(path)


def answer_for(identifiers: list[str], workspace: str, records: list[dict[str, Any]]) -> dict:
    """The content of records.json."""
    return {
        "generated": utc_now(),
        "workspace": workspace,
        "identifiers": identifiers,
        "records": records,
    }


def _refuse_workspace_files(workspace: Workspace, out: Path) -> None:
    if workspace.path is None:
        return
    db = workspace.path.resolve()
    target = out.expanduser().resolve()
    sidecars = {db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal"))}
    if target in sidecars or backup_folder(db) in target.parents:
        raise UserFacingError(
            f"{out} is the workspace or one of its own files; choose another file for the zip."
        )
    if target.is_dir():
        raise UserFacingError(f"{out} is a folder; name the zip file to write.")


def write_subject_access(
    workspace: Workspace, out: str | os.PathLike[str], email: str | None, name: str | None
) -> tuple[PersonReport, Path]:
    """Find every record about the person and write the zip; refuse when nothing is held."""
    target = Path(out)
    _refuse_workspace_files(workspace, target)
    report = locate(workspace, email, name)
    if not report.found:
        shown = " or ".join(report.searched)
        raise UserFacingError(
            f"Nothing is held about {shown} in {workspace.display_name}; no file was written."
        )
    records = [r.as_json() for r in report.records]
    answer = answer_for(list(report.identifiers), workspace.display_name, records)
    return report, write_answer(answer, target)
