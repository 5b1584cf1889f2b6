"""Walks the main window's screens (through its navigation) and its dialogs for the access check."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QTableView, QTabWidget, QWidget

from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.accessibility import Finding, check_widgets, colour_findings
from arf_desktop.ui.main_window import SCREENS, MainWindow


def walk_window(window: MainWindow) -> list[Finding]:
    """Every screen, chosen in the navigation as a user would; then the dialogs and colours."""
    findings = check_widgets(window, "main window")
    for row, name in enumerate(SCREENS):
        window.navigation.setCurrentRow(row)
        QApplication.processEvents()
        findings += _walk_screen(window.stack.currentWidget(), name)
    for title, make in dialogs(window.workspace).items():
        dialog = make()
        dialog.show()
        findings += check_widgets(dialog, title)
        dialog.reject()
        dialog.deleteLater()
    return _unique(findings + colour_findings())


def _walk_screen(screen: QWidget, name: str) -> list[Finding]:
    """The screen as it opens, after the one-time identity step, with a row chosen, per tab."""
    findings = check_widgets(screen, name)
    for button in screen.findChildren(QPushButton):
        if button.accessibleName() == "Confirm who you are" and button.isVisibleTo(screen):
            button.click()
            findings += check_widgets(screen, name)
    for tabs in screen.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            findings += _with_rows_chosen(screen, f"{name} › {tabs.tabText(index)}")
        tabs.setCurrentIndex(0)
    return findings + _with_rows_chosen(screen, name)


def _with_rows_chosen(screen: QWidget, where: str) -> list[Finding]:
    """Choose the first row of each table shown, so detail panes appear, and check again."""
    for table in screen.findChildren(QTableView):
        if table.isVisibleTo(screen) and table.model() is not None and table.model().rowCount():
            table.selectRow(0)
    return check_widgets(screen, where)


DEMO_EMAIL = "sian-evans@example.nhs.uk"  # the demo's contact who appears in several places


def dialogs(workspace: Workspace) -> dict[str, Callable[[], QDialog]]:
    """Each dialog of the window, filled from the workspace as the screens fill it."""
    from arf_desktop.registers import assessors, organisations, rounds
    from arf_desktop.registers.frameworks import current_framework
    from arf_desktop.registers.retention import retention_schedule, retention_status
    from arf_desktop.registers.submissions import submission_rows
    from arf_desktop.ui.audit.person_dialog import PersonDialog
    from arf_desktop.ui.exchange.passphrase import NEW_INTRO, PassphraseDialog, new_pack_check
    from arf_desktop.ui.kit.report_dialog import ReportDialog
    from arf_desktop.ui.kit.retention_dialog import RetentionDialog
    from arf_desktop.ui.moderation.dialogs import DecisionDialog
    from arf_desktop.ui.organisations import dialogs as org
    from arf_desktop.ui.submissions.detail import SubmissionDetailDialog
    from arf_desktop.ui.submissions.dialogs import RoundDialog, TemplateDialog

    current = current_framework(workspace)
    names = [o.name for o in organisations.list_all(workspace)]
    icbs = sorted({o.icb for o in organisations.list_all(workspace) if o.icb})
    people = assessors.list_all(workspace)
    made: dict[str, Callable[[], QDialog]] = {
        "Add organisation": lambda: org.OrganisationDialog(None, icbs),
        "Add assessor": lambda: org.AssessorDialog(None, names, icbs),
        "Conflict of interest": lambda: org.ConflictDialog(None, [a.name for a in people], names),
        "Allocate": lambda: org.AllocationDialog(None, rounds.list_rounds(workspace), people),
        "Report": lambda: ReportDialog(None, "Import report", "import", "2 imported", True, "…"),
        "Pack passphrase": lambda: PassphraseDialog(
            None, "Encrypt the work packs", NEW_INTRO, True, new_pack_check
        ),
        "Retention schedule": lambda: RetentionDialog(
            None, retention_schedule(workspace), retention_status(workspace)
        ),
        "Find or erase a person": lambda: PersonDialog(None, workspace, "Access check", DEMO_EMAIL),
    }
    if current is not None:
        framework = current[1]
        made["New round"] = lambda: RoundDialog(None, "Round", framework.label)
        made["Blank workbook"] = lambda: TemplateDialog(None, framework, names)
        made["Decision"] = lambda: DecisionDialog(None, framework, "Bronze")
    made.update(_exchange_and_output_dialogs(workspace, [a.name for a in people]))
    rows = submission_rows(workspace)
    if rows:
        made["Submission detail"] = lambda: SubmissionDetailDialog(None, workspace, rows[0].id)
    return made


def _exchange_and_output_dialogs(
    workspace: Workspace, people: list[str]
) -> dict[str, Callable[[], QDialog]]:
    """The dialogs of the Exchange and Outcomes screens, with sample content."""
    from arf_desktop.exchange.edit_clashes import Choice, QueuedClash
    from arf_desktop.exporters.output_settings import output_settings
    from arf_desktop.exporters.round_settings import Resubmission
    from arf_desktop.ui.exchange.dialogs import ChooseValueDialog, RevokeKeyDialog
    from arf_desktop.ui.outcomes.dialogs import DocumentSettingsDialog

    choices = tuple(Choice(i, "return", 1, {}, f"Score {i + 2}") for i in range(2))
    clash = QueuedClash(
        1, "Round", "Organisation", "Assessor", "A1", "A1 criterion", "both", "open", "", choices,
        "", None,
    )  # fmt: skip
    settings = output_settings(workspace)
    return {
        "Resolve score conflict": lambda: ChooseValueDialog(None, clash),
        "Revoke a return key": lambda: RevokeKeyDialog(None, "Round", people),
        "Document settings": lambda: DocumentSettingsDialog(
            None, settings, Resubmission(), "Round", True
        ),
        "Document settings, no round": lambda: DocumentSettingsDialog(
            None, settings, None, None, False
        ),
    }


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))
