"""`arf-desktop self-test`: a headless end-to-end check in a temporary workspace."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

Check = tuple[str, bool, str]


def _run(name: str, step: Callable[[], str]) -> Check:
    started = time.perf_counter()
    try:
        detail = step()
    except Exception as error:  # a self-test reports every failure as a line, never a traceback
        return name, False, f"{type(error).__name__}: {error}"
    return name, True, f"{detail} ({(time.perf_counter() - started) * 1000:.0f} ms)"


def run_self_test(window: bool = True) -> list[Check]:
    """Run every layer once in a throw-away workspace; return (check, ok, detail) rows."""
    from arf_desktop.demo import build_demo
    from arf_desktop.domain.award import compute_outcome
    from arf_desktop.registers.frameworks import current_framework
    from arf_desktop.storage import audit, backups
    from arf_desktop.storage.rounds import counts
    from arf_desktop.storage.workspace import Workspace

    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="arf-self-test-") as folder:
        location = Path(folder) / "self-test.arfdb"

        def workspace_step() -> str:
            build_demo(location, submissions=5)
            with Workspace.open(location) as ws, ws.read() as conn:
                numbers = counts(conn)
                mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
            assert numbers.submissions == 5 and numbers.organisations >= 31, numbers
            assert mode == "wal", mode
            return (
                f"{numbers.organisations} organisations, {numbers.submissions} submissions, {mode}"
            )

        def rule_step() -> str:
            with Workspace.open(location) as ws:
                found = current_framework(ws)
            assert found is not None
            framework = found[1]
            scores = {c.id: 2 for c in framework.criteria_up_to("silver")}
            result = compute_outcome(framework, "silver", scores)
            assert result.outcome == "awarded" and result.level_awarded == "silver", result
            scores[framework.criteria_at("silver")[0].id] = 1
            result = compute_outcome(framework, "silver", scores)
            assert result.outcome == "minor_revisions" and result.level_awarded == "bronze", result
            return f"{framework.label}: award rule and minor revisions"

        def audit_step() -> str:
            with Workspace.open(location) as ws, ws.read() as conn:
                report = audit.verify(conn)
            assert report.ok, report.reason
            return f"{report.entries} entries verified"

        def backup_step() -> str:
            copy = backups.copy_database(location, Path(folder) / "copy.arfdb")
            assert backups.is_healthy(copy)
            return "backup API copy passes quick_check"

        def workbook_step() -> str:
            return _workbook_round_trip(location, Path(folder) / "returns")

        checks.append(_run("workspace", workspace_step))
        checks.append(_run("workbook import", workbook_step))
        checks.append(_run("award rule", rule_step))
        checks.append(_run("audit chain", audit_step))
        checks.append(_run("backup", backup_step))
        if window:
            from arf_desktop.app import smoke_window

            checks.append(_run("main window", lambda: smoke_window(location)))
    return checks


def _workbook_round_trip(location: Path, folder: Path) -> str:
    """Write the blank template, fill it in as a trust would, import it, then import it again."""
    import random

    import openpyxl

    from arf_desktop.demo import DEMO_ROUND
    from arf_desktop.importers.batch import import_paths
    from arf_desktop.importers.sample_workbooks import fill_workbook, sample_answers
    from arf_desktop.importers.template_file import write_template_for
    from arf_desktop.storage import organisations as org_repo
    from arf_desktop.storage.rounds import submission_rows
    from arf_desktop.storage.workspace import Workspace

    with Workspace.open(location) as workspace:
        with workspace.read() as conn:
            taken = {row.organisation for row in submission_rows(conn)}
            organisation = next(
                o for o in org_repo.list_organisations(conn) if o.icb and o.name not in taken
            )
        written = write_template_for(workspace, folder / "blank.xlsx", organisation.name, "bronze")
        level = written.framework.level("bronze")
        workbook = openpyxl.load_workbook(written.path)
        cover, answers = sample_answers(
            random.Random(1), written.framework, organisation, level, folder / "Evidence"
        )
        fill_workbook(workbook, cover, answers)
        workbook.save(folder / "filled.xlsx")
        written.path.unlink()
        first = import_paths(workspace, "Self-test", [folder], DEMO_ROUND)
        again = import_paths(workspace, "Self-test", [folder], DEMO_ROUND)
    statuses = [f.status for f in first.files] + [f.status for f in again.files]
    problems = [p.line() for f in first.files for p in f.problems]
    assert statuses == ["imported", "unchanged"], (statuses, problems[:3])
    return f"template written, filled and imported ({len(answers)} criteria); re-import unchanged"
