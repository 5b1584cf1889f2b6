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

        checks.append(_run("workspace", workspace_step))
        checks.append(_run("award rule", rule_step))
        checks.append(_run("audit chain", audit_step))
        checks.append(_run("backup", backup_step))
        if window:
            from arf_desktop.app import smoke_window

            checks.append(_run("main window", lambda: smoke_window(location)))
    return checks
