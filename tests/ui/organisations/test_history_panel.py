"""The organisation view shows the selected organisation's history across rounds."""

from __future__ import annotations

from PySide6.QtCore import Qt

from arf_desktop.demo.history import EARLIER_ROUND
from arf_desktop.demo.retention import OLD_ROUND
from arf_desktop.demo.workspace import DEMO_ROUND
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.main_window import SCREENS, MainWindow


def trust_with_two_rounds(workspace: Workspace) -> str:
    from arf_desktop.moderation.review import load_round

    [entry] = load_round(workspace, EARLIER_ROUND).entries
    return entry.facts.organisation


def test_history_panel_lists_every_round_of_the_selected_organisation(window: MainWindow) -> None:
    window.show_screen(SCREENS.index("Organisations & assessors"))
    screen = window.organisations
    trust = trust_with_two_rounds(window.workspace)
    assert "choose an organisation" in screen.history.title.text()
    for row in range(screen.proxy.rowCount()):
        if screen.proxy.index(row, 0).data() == trust:
            screen.table.setCurrentIndex(screen.proxy.index(row, 0))
    model = screen.history.model
    assert [model.record(i).round for i in range(model.rowCount())] == [EARLIER_ROUND, DEMO_ROUND]
    assert f"{trust} — 2 rounds" in screen.history.title.text()
    earlier = [model.index(0, c).data(Qt.ItemDataRole.DisplayRole) for c in range(7)]
    assert earlier[0] == EARLIER_ROUND and earlier[2] == "Decided"
    assert earlier[4] == "2025-03-11" and earlier[5] == "2028-03-11" and earlier[6] == "2027-09-10"
    screen.resize(1280, 800)
    screen.grab().save("/tmp/arf-organisation-history.png")


def test_dashboard_shows_progress_over_time(window: MainWindow) -> None:
    window.show_screen(SCREENS.index("Outcomes & exports"))
    panel = window.outcomes.dashboard
    panel.refresh()
    model = panel.trend.model
    points = [model.record(i) for i in range(model.rowCount())]
    assert [p.round for p in points] == [OLD_ROUND, EARLIER_ROUND, DEMO_ROUND]
    assert points[0].recognised == 1 and points[2].recognised > points[1].recognised
    assert model.index(0, 4).data().endswith("below")
    window.outcomes.tabs.setCurrentIndex(1)
    window.resize(1280, 800)
    window.grab().save("/tmp/arf-dashboard-trend.png")
