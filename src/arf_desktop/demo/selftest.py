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
    from arf_desktop.demo.exchange_check import exchange_round_trip
    from arf_desktop.demo.workspace import build_demo
    from arf_desktop.domain.award import compute_outcome
    from arf_desktop.registers.frameworks import current_framework
    from arf_desktop.storage import audit, backups
    from arf_desktop.storage.workspace import Workspace, counts

    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="arf-self-test-") as folder:
        location = Path(folder) / "self-test.arfdb"

        def workspace_step() -> str:
            build_demo(location, submissions=5)
            with Workspace.open(location) as ws, ws.read() as conn:
                numbers = counts(conn)
                mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
            assert numbers.submissions == 7 and numbers.organisations >= 31, numbers  # 5 + 2 older
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
        checks.append(_run("scoring and statistics", lambda: _scoring_round_trip(location)))
        checks.append(_run("exchange", lambda: exchange_round_trip(location, Path(folder))))
        checks.append(_run("award rule", rule_step))
        checks.append(_run("outputs", lambda: _outputs_round_trip(location, Path(folder))))
        checks.append(_run("audit chain", audit_step))
        checks.append(_run("backup", backup_step))
        if window:
            from arf_desktop.app import smoke_window

            checks.append(_run("main window", lambda: smoke_window(location)))
    return checks


def _scoring_round_trip(location: Path) -> str:
    """Score one criterion through the service, then compute the round's statistics."""
    from arf_desktop.moderation.stats import statistics_for
    from arf_desktop.registers.rounds import list_rounds
    from arf_desktop.scoring.allocation import list_allocations
    from arf_desktop.scoring.scores import open_sheet, record_score
    from arf_desktop.storage.workspace import Workspace

    with Workspace.open(location) as workspace:
        round_name = list_rounds(workspace)[0].name
        open_rows = [
            r for r in list_allocations(workspace, round_name) if not r.submitted and not r.conflict
        ]
        assert open_rows, "the demo round has no open allocation to score"
        row = open_rows[0]
        first = open_sheet(workspace, row.id, row.assessor_id).rows[0]
        criterion = first.id
        new_score = 3 if first.score != 3 else 2
        change = record_score(workspace, row.assessor, row.id, criterion, new_score)
        figures = statistics_for(workspace, round_name)
    assert change.changed and figures["items"] > 0, figures
    return (
        f"{row.assessor} scored {criterion} (revision {change.revision}); statistics over "
        f"{figures['items']} items, alpha {figures['krippendorff_alpha_ordinal']:.2f}"
    )


def _workbook_round_trip(location: Path, folder: Path) -> str:
    """Write the blank template, fill it in as a trust would, import it, then import it again."""
    import random

    import openpyxl

    from arf_desktop.demo.sample_workbooks import fill_workbook, sample_answers
    from arf_desktop.demo.workspace import DEMO_ROUND
    from arf_desktop.importers.batch import import_paths
    from arf_desktop.importers.template_file import write_template_for
    from arf_desktop.storage import organisations as org_repo
    from arf_desktop.storage.submissions import submission_rows
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


def _outputs_round_trip(location: Path, folder: Path) -> str:
    """Letters, certificate and feedback for one demo decision, and the results workbook."""
    import openpyxl

    from arf_desktop.exporters.batch_export import DOCUMENT_KINDS, export_documents
    from arf_desktop.exporters.from_decisions import round_documents
    from arf_desktop.exporters.results_workbook import write_results
    from arf_desktop.registers.rounds import list_rounds
    from arf_desktop.storage.workspace import Workspace

    with Workspace.open(location) as workspace:
        round_name = list_rounds(workspace)[0].name
        documents = round_documents(workspace, round_name)
        assert documents, "the demo round has no decided outcome"
        result = export_documents(documents[:1], DOCUMENT_KINDS, folder / "outputs")
        results = write_results(workspace, round_name, folder / "results.xlsx")
    assert result.written and all(p.read_bytes().startswith(b"%PDF-") for p in result.written)
    workbook = openpyxl.load_workbook(results)
    cells = [c for s in workbook.worksheets for row in s.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a formula in the workbook"
    return (
        f"{len(result.written)} PDFs for {documents[0].organisation}; results workbook "
        f"({workbook['Results'].max_row - 1} submissions, no formulas)"
    )
