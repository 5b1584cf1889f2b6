"""The Outcomes screen's export jobs as Qt-free work functions, and what to say when they end."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from arf_desktop.domain.wording import sentence
from arf_desktop.exporters.appeal_pack import AppealPack
from arf_desktop.exporters.batch_export import ExportResult, export_documents
from arf_desktop.exporters.from_decisions import DecidedDocument
from arf_desktop.files.names import slug, windows_safe
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.task_runner import Cancel, Progress, Work


def results_name(round_name: str) -> str:
    return windows_safe(f"results-{slug(round_name) or 'round'}.xlsx")


def appeal_name(chosen: DecidedDocument) -> str:
    return windows_safe(f"appeal-pack-{slug(chosen.organisation) or chosen.submission_id}.zip")


def planned_documents(
    documents: Sequence[DecidedDocument],
    kinds: Sequence[str],
    folder: Path,
    round_name: str,
    with_results: bool,
    also_text: bool = False,
) -> list[tuple[Path, str]]:
    """Every file `documents_job` writes, with its kind, to check before it starts."""
    from arf_desktop.exporters.batch_export import planned_round

    planned = planned_round(documents, kinds, folder, also_text)
    if with_results:
        planned.append((folder / results_name(round_name), "results_workbook"))
    return planned


def documents_job(
    workspace: Workspace,
    documents: Sequence[DecidedDocument],
    kinds: Sequence[str],
    folder: Path,
    round_name: str,
    with_results: bool,
    also_text: bool = False,
) -> Work:
    """Write the documents (and the results workbook) into `folder`, cancellable between files."""

    def work(progress: Progress, cancel: Cancel) -> ExportResult:
        result = export_documents(documents, kinds, folder, progress, cancel, also_text)
        if with_results and not result.cancelled:
            from arf_desktop.exporters.results_workbook import write_results

            result.written.append(
                write_results(workspace, round_name, folder / results_name(round_name))
            )
        return result

    return work


def results_job(workspace: Workspace, round_name: str, path: Path) -> Work:
    def work(_progress: Progress, _cancel: Cancel) -> Path:
        from arf_desktop.exporters.results_workbook import write_results

        return write_results(workspace, round_name, path)

    return work


def appeal_job(workspace: Workspace, round_name: str, organisation: str, path: Path) -> Work:
    def work(_progress: Progress, _cancel: Cancel) -> AppealPack:
        from arf_desktop.exporters.appeal_pack import write_appeal_pack

        return write_appeal_pack(workspace, round_name, organisation, path)

    return work


def finished_message(result: object) -> str:
    """What the window says when an export job has finished."""
    if isinstance(result, ExportResult):
        message = sentence(result.summary()) + "."
        message += "".join(f"\n{kind}: {org} ({why})" for kind, org, why in result.skipped)
        return message + "".join(f"\nCheck: {warning}" for warning in result.warnings)
    if isinstance(result, AppealPack):
        chain = "verified" if result.chain_ok else "did NOT verify"
        return f"Saved {result.path} ({result.parts} files). The audit chain {chain}."
    return f"Saved {result}."


def render_to(folder: Path, chosen: DecidedDocument, kind: str) -> Path:
    """Render one document of the chosen decision into `folder` (for the PDF viewer)."""
    from arf_desktop.exporters.batch_export import PREFIX, render
    from arf_desktop.files.atomic import write_atomic

    name = slug(chosen.organisation) or f"organisation-{chosen.submission_id}"
    target = folder / windows_safe(f"{PREFIX[kind]}-{name}.pdf")
    return write_atomic(target, render(kind, chosen.document))
