"""Batch export of letters, certificates and feedback: one file per organisation, cancellable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from arf_desktop.domain.errors import Refused
from arf_desktop.exporters.documents import DecisionDocument
from arf_desktop.exporters.from_decisions import DecidedDocument, round_documents
from arf_desktop.exporters.pdf_common import audit_anchor
from arf_desktop.files.atomic import FileInUse, leftovers, sync_folder, write_atomic
from arf_desktop.files.names import long_path_warning, slug, unique_names, windows_safe
from arf_desktop.files.output_guard import check_planned
from arf_desktop.storage.workspace import Workspace

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
DOCUMENT_KINDS = ("letters", "certificates", "feedback")
PREFIX = {"letters": "letter", "certificates": "certificate", "feedback": "feedback"}


def render(kind: str, document: DecisionDocument) -> bytes:
    """The PDF bytes of one document of the given kind (letters, certificates or feedback)."""
    if kind == "letters":
        from arf_desktop.exporters.letters import render_letter

        return render_letter(document)
    if kind == "certificates":
        from arf_desktop.exporters.certificates import render_certificate

        return render_certificate(document)
    if kind == "feedback":
        from arf_desktop.exporters.feedback import render_feedback

        return render_feedback(document)
    raise Refused(f"“{kind}” is not a document kind ({', '.join(DOCUMENT_KINDS)}).")


def file_names(kind: str, documents: Sequence[DecidedDocument]) -> dict[int, str]:
    """{submission id: file name}: `letter-<organisation-slug>.pdf`, unique within the batch.

    Organisations whose names spell the same (St Mary's, St Marys; Ärzte, Arzte; names in a
    script with no Latin spelling, which become `organisation-<id>`) are told apart by
    "-2", "-3"… in the order of their organisation ids, ignoring case as Windows does.
    """
    ordered = sorted(documents, key=lambda item: (item.organisation_id, item.submission_id))
    entries = []
    for item in ordered:
        base = slug(item.organisation) or f"organisation-{item.submission_id}"
        entries.append((item.submission_id, windows_safe(f"{PREFIX[kind]}-{base}.pdf")))
    return unique_names(entries)


@dataclass
class ExportResult:
    """What a batch export wrote, what it skipped and why, and whether it was cancelled."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # kind, organisation, why
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False

    def summary(self) -> str:
        text = f"{len(self.written)} file{'s' * (len(self.written) != 1)} written to {self.folder}"
        if self.skipped:
            text += f"; {len(self.skipped)} skipped"
        return text + ("; cancelled before the end" if self.cancelled else "")


def clear_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files an interrupted export may have left beside its PDFs."""
    removed = []
    for prefix in PREFIX.values():
        for pattern in (f"{prefix}-*.pdf", f"{prefix}-*.txt"):
            for path in leftovers(folder, pattern):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def export_warnings(documents: Sequence[DecidedDocument]) -> list[str]:
    """What to check before sending: criteria below the threshold with no feedback (decided
    before feedback was required), and resubmission deadlines before the letter's date."""
    from arf_desktop.exporters.documents import format_date

    found = [
        f"{item.organisation}: {c.criterion_id} {c.title} ({c.caption}) has no feedback for "
        "the organisation"
        for item in documents
        for c in item.document.unmet
        if not c.has_feedback
    ]
    for item in documents:
        deadline, sent = item.document.resubmission_deadline, item.document.letter_date
        if deadline is not None and deadline < sent:
            found.append(
                f"{item.organisation}: the resubmission deadline {format_date(deadline)} is before "
                f"the letter's date {format_date(sent)}; set the round's deadline (export settings "
                "--resubmission-deadline) or give an earlier --letter-date"
            )
    return found


def planned_files(
    folder: Path, jobs: Sequence[tuple[str, str]], also_text: bool = False
) -> list[tuple[Path, str]]:
    """Every file a batch of (kind, file name) jobs writes, with the kind of output it is."""
    from arf_desktop.exporters.pdf_common import DOCUMENT_INFO

    planned = []
    for kind, name in jobs:
        made = "pdf:" + DOCUMENT_INFO[PREFIX[kind]][0]
        planned.append((folder / name, made))
        if also_text and kind == "letters":
            planned.append((folder / f"{Path(name).stem}.txt", f"text:{made}"))
    return planned


def planned_round(
    documents: Sequence[DecidedDocument], kinds: Sequence[str], folder: Path, also_text: bool
) -> list[tuple[Path, str]]:
    """The files `export_documents` would write for these documents into `folder`."""
    jobs = []
    for kind in kinds:
        names = file_names(kind, documents)
        jobs += [
            (kind, names[item.submission_id])
            for item in documents
            if kind != "certificates" or item.document.level_awarded
        ]
    return planned_files(folder, jobs, also_text)


def _write(folder: Path, kind: str, item: DecidedDocument, name: str, text: bool) -> list[Path]:
    """One document's PDF (and, for a letter when asked, its plain-text twin)."""

    written = [write_atomic(folder / name, render(kind, item.document), sync_folder=False)]
    if text and kind == "letters":
        from arf_desktop.exporters.letter_text import write_letter_text

        text_path = folder / f"{Path(name).stem}.txt"
        written.append(write_letter_text(item.document, text_path, sync_folder=False))
    return written


def _write_jobs(
    jobs: Sequence[tuple[str, DecidedDocument, str]],
    folder: Path,
    result: ExportResult,
    progress: Progress | None,
    cancel: Cancel | None,
    also_text: bool,
) -> None:
    """Write each job's files in turn, noting in `result` what was written or skipped."""
    for done, (kind, item, name) in enumerate(jobs):
        if cancel is not None and cancel():
            result.cancelled = True
            return
        if progress is not None:
            progress(done, len(jobs), f"{PREFIX[kind].capitalize()}: {item.organisation}")
        warning = long_path_warning(folder / name)
        if warning:
            result.warnings.append(warning)
        try:
            result.written += _write(folder, kind, item, name, also_text)
        except LayoutError:
            why = (
                "it could not be laid out: some of its text (a name, e-mail address or "
                "feedback) is too long to fit on a page; shorten it and export again"
            )
            result.skipped.append((kind, item.organisation, why))
        except FileInUse as error:  # open in another program: reported, the batch goes on
            result.skipped.append((kind, item.organisation, error.message))


def export_documents(
    documents: Sequence[DecidedDocument],
    kinds: Sequence[str],
    folder: Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    also_text: bool = False,
) -> ExportResult:
    """Write each document of each kind atomically; stop between files when `cancel()` says so.

    `also_text` writes each letter's plain-text twin beside its PDF (`letter-….txt`).
    """
    unknown = [k for k in kinds if k not in DOCUMENT_KINDS]
    if unknown:
        raise Refused(f"“{unknown[0]}” is not a document kind ({', '.join(DOCUMENT_KINDS)}).")
    result = ExportResult(folder, warnings=export_warnings(documents))
    jobs: list[tuple[str, DecidedDocument, str]] = []
    for kind in kinds:
        names = file_names(kind, documents)
        for item in documents:
            if kind == "certificates" and not item.document.level_awarded:
                result.skipped.append((kind, item.organisation, "no level was awarded"))
                continue
            jobs.append((kind, item, names[item.submission_id]))
    check_planned(planned_files(folder, [(kind, name) for kind, _item, name in jobs], also_text))
    folder.mkdir(parents=True, exist_ok=True)
    clear_leftovers(folder)
    try:
        _write_jobs(jobs, folder, result, progress, cancel, also_text)
    finally:  # once for the batch, however it ends: each file was synced before its rename
        sync_folder(folder)
    if progress is not None and not result.cancelled:
        progress(len(jobs), len(jobs), "")
    return result


def export_round(
    workspace: Workspace,
    round_name: str,
    kinds: Sequence[str],
    folder: Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    letter_date: date | None = None,
    also_text: bool = False,
) -> ExportResult:
    """Export the documents of every decided submission in a round."""
    documents = round_documents(workspace, round_name, letter_date)
    if not documents:
        raise Refused(
            f"No outcomes have been decided in {round_name} yet; decide outcomes in Moderation "
            "(or with `arf-desktop decide`) first."
        )
    with audit_anchor(*workspace_head(workspace)):
        return export_documents(documents, kinds, folder, progress, cancel, also_text)


def workspace_head(workspace: Workspace) -> tuple[int, str]:
    """The audit head documents made now are anchored to."""
    from arf_desktop.storage import audit

    with workspace.read() as conn:
        return audit.head(conn)
