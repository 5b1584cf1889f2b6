"""The import results dialog: every file's outcome and every problem, as copyable text."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from arf_desktop.importers.batch import IMPORTED, REJECTED, UNCHANGED, BatchResult
from arf_desktop.ui.kit.report_dialog import ReportDialog

MARKS = {IMPORTED: "✔ IMPORTED", UNCHANGED: "= UNCHANGED", REJECTED: "✖ REJECTED"}


def results_text(result: BatchResult) -> str:
    """The whole report as plain text: one block per file, problems then warnings."""
    lines = [
        f"Import into round “{result.round_name}”: {result.count(IMPORTED)} imported, "
        f"{result.count(UNCHANGED)} unchanged, {result.count(REJECTED)} rejected."
    ]
    if result.round_created:
        lines.append(f"The round “{result.round_name}” was created by this import.")
    if result.cancelled:
        lines.append(
            f"Cancelled: {result.not_started} file(s) were not started. Every workbook listed "
            "below is complete; nothing was half-imported."
        )
    order = {REJECTED: 0, IMPORTED: 1, UNCHANGED: 2}
    for record in sorted(result.files, key=lambda r: order.get(r.status, 3)):
        lines.append("")
        who = f" — {record.organisation}" if record.organisation else ""
        lines.append(f"{MARKS.get(record.status, record.status)}  {record.file}{who}")
        lines.append(f"    {record.message}")
        lines += [f"    Problem  {p.line(with_file=False)}" for p in record.problems]
        lines += [f"    Warning  {w.line(with_file=False)}" for w in record.warnings]
    if not result.files:
        lines.append("")
        lines.append("No workbooks were found in what was chosen.")
    return "\n".join(lines)


class ImportResultsDialog(ReportDialog):
    """Lists every file's result; the text can be selected and copied to send to a trust."""

    def __init__(self, parent: QWidget | None, result: BatchResult) -> None:
        rejected = result.count(REJECTED)
        headline = (
            f"{result.count(IMPORTED)} imported · {result.count(UNCHANGED)} unchanged · "
            f"{rejected} rejected"
        )
        advice = (
            "Rejected files were not imported at all. Each problem names the sheet and cell; "
            "copy this report and send it to the organisation."
            if rejected
            else "Every file was imported or was already up to date."
        )
        if result.cancelled:
            advice = (
                f"The import was cancelled; {result.not_started} file(s) were not started. "
                + advice
            )
        super().__init__(
            parent, "Import results", "import", headline, not rejected, results_text(result), advice
        )


def show_import_results(parent: QWidget | None, result: BatchResult) -> None:
    ImportResultsDialog(parent, result).exec()


def show_import_failure(parent: QWidget | None, message: str) -> None:
    from arf_desktop.ui.kit import dialogs

    dialogs.show_error(parent, "Import not started", message)
