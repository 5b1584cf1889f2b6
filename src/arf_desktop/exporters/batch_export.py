"""Batch export of letters, certificates and feedback: one file per organisation, cancellable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from arf_desktop.domain.errors import Refused
from arf_desktop.exporters.documents import DecisionDocument
from arf_desktop.exporters.from_decisions import DecidedDocument, round_documents
from arf_desktop.exporters.pdf_common import audit_anchor
from arf_desktop.files.atomic import leftovers
from arf_desktop.files.names import slug
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
    """{submission id: file name}: `letter-<organisation-slug>.pdf`, unique within the batch."""
    names: dict[int, str] = {}
    taken: set[str] = set()
    for item in documents:
        base = slug(item.organisation) or f"organisation-{item.submission_id}"
        name = f"{PREFIX[kind]}-{base}.pdf"
        if name in taken:
            name = f"{PREFIX[kind]}-{base}-{item.submission_id}.pdf"
        taken.add(name)
        names[item.submission_id] = name
    return names


@dataclass
class ExportResult:
    """What a batch export wrote, what it skipped and why, and whether it was cancelled."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # kind, organisation, why
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
        for path in leftovers(folder, f"{prefix}-*.pdf"):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def export_documents(
    documents: Sequence[DecidedDocument],
    kinds: Sequence[str],
    folder: Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportResult:
    """Write each document of each kind atomically; stop between files when `cancel()` says so."""
    from arf_desktop.files.atomic import write_atomic

    unknown = [k for k in kinds if k not in DOCUMENT_KINDS]
    if unknown:
        raise Refused(f"“{unknown[0]}” is not a document kind ({', '.join(DOCUMENT_KINDS)}).")
    folder.mkdir(parents=True, exist_ok=True)
    clear_leftovers(folder)
    result = ExportResult(folder)
    jobs: list[tuple[str, DecidedDocument, str]] = []
    for kind in kinds:
        names = file_names(kind, documents)
        for item in documents:
            if kind == "certificates" and not item.document.level_awarded:
                result.skipped.append((kind, item.organisation, "no level was awarded"))
                continue
            jobs.append((kind, item, names[item.submission_id]))
    for done, (kind, item, name) in enumerate(jobs):
        if cancel is not None and cancel():
            result.cancelled = True
            break
        if progress is not None:
            progress(done, len(jobs), f"{PREFIX[kind].capitalize()}: {item.organisation}")
        result.written.append(write_atomic(folder / name, render(kind, item.document)))
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
) -> ExportResult:
    """Export the documents of every decided submission in a round."""
    documents = round_documents(workspace, round_name, letter_date)
    if not documents:
        raise Refused(
            f"No outcomes have been decided in {round_name} yet; decide outcomes in Moderation "
            "(or with `arf-desktop decide`) first."
        )
    with audit_anchor(*workspace_head(workspace)):
        return export_documents(documents, kinds, folder, progress, cancel)


def workspace_head(workspace: Workspace) -> tuple[int, str]:
    """The audit head documents made now are anchored to."""
    from arf_desktop.storage import audit

    with workspace.read() as conn:
        return audit.head(conn)
