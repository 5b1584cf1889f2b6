"""The Calibration screen on the demo workspace: results, the key after submission, a grab."""

from __future__ import annotations

import os
from pathlib import Path

from arf_desktop.demo.calibration import DEMO_EXERCISE, NOT_QUALIFIED, PENDING, QUALIFIED
from arf_desktop.registers.assessors import require_assessor, set_current_assessor
from arf_desktop.ui.main_window import SCREENS, MainWindow


def statuses(screen) -> dict[str, str]:
    model = screen.results
    return {model.record(r).assessor: model.record(r).status for r in range(model.rowCount())}


def test_the_demo_exercise_shows_one_qualified_and_one_not(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    window.show_screen(SCREENS.index("Calibration"))
    screen = window.calibration
    assert screen.exercises.record(0).name == DEMO_EXERCISE
    assert statuses(screen) == {
        QUALIFIED: "qualified",
        NOT_QUALIFIED: "not_qualified",
        PENDING: "pending",
    }
    texts = [screen.results.index(r, 1).data() for r in range(3)]
    assert "✓ Qualified" in texts and "✗ Not qualified" in texts
    assert screen.key.rowCount() == 0  # nobody chosen on the Scoring screen yet
    grab = Path(os.environ.get("ARF_GRAB_DIR", tmp_path))
    assert window.grab().save(str(grab / "calibration-lead.png"))


def test_an_assessor_who_submitted_sees_the_key_beside_their_scores(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    workspace = window.workspace
    set_current_assessor(workspace, "Tester", require_assessor(workspace, NOT_QUALIFIED).id)
    window.show_screen(SCREENS.index("Calibration"))
    screen = window.calibration
    lines = screen.key.records()
    assert len(lines) == 17 and all(line.rationale for line in lines)
    assert sorted(abs((k.own or 0) - k.definitive) for k in lines)[-1] == 2
    grab = Path(os.environ.get("ARF_GRAB_DIR", tmp_path))
    assert window.grab().save(str(grab / "calibration-assessor.png"))
    # someone assigned but not yet submitted reads why the key is not shown
    set_current_assessor(workspace, "Tester", require_assessor(workspace, PENDING).id)
    screen.refresh()
    assert screen.key.rowCount() == 0 and "only after submission" in screen.key_note.text()


def test_the_scoring_screen_marks_the_calibration_item(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    workspace = window.workspace
    set_current_assessor(workspace, "Tester", require_assessor(workspace, PENDING).id)
    window.show_screen(SCREENS.index("Scoring"))
    model = window.scoring.allocations
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "Reference A — calibration" in shown
    row = shown.index("Reference A — calibration")
    window.scoring.open_allocation(model.record(row))
    grab = Path(os.environ.get("ARF_GRAB_DIR", tmp_path))
    assert window.grab().save(str(grab / "calibration-scoring.png"))
