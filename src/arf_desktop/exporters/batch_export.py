"""Batch export of letters, certificates and feedback: one file per organisation, cancellable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from arf_desktop.domain.errors import Refused
from arf_desktop.exporters.documents import DecisionDocument
from arf_desktop.exporters.from_decisions import DecidedDocument, round_documents
from arf_desktop.files.atomic import leftovers
from arf_desktop.files.names import long_path_warning, slug, windows_safe
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
        name = windows_safe(f"{PREFIX[kind]}-{base}.pdf")
        if name.casefold() in taken:
            name = windows_safe(f"{PREFIX[kind]}-{base}-{item.submission_id}.pdf")
        taken.add(name.casefold())
        names[item.submission_id] = name
    return names


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
        _write_one(result, kind, item, folder / name)
    if progress is not None and not result.cancelled:
        progress(len(jobs), len(jobs), "")
    return result


def _write_one(result: ExportResult, kind: str, item: DecidedDocument, target: Path) -> None:
    """Write one document; a file another program holds open is reported and the batch goes on."""
    from arf_desktop.files.atomic import FileInUse, write_atomic

    warning = long_path_warning(target)
    if warning:
        result.warnings.append(warning)
    try:
        result.written.append(write_atomic(target, render(kind, item.document)))
    except FileInUse as error:
        result.skipped.append((kind, item.organisation, error.message))


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
    return export_documents(documents, kinds, folder, progress, cancel)
