"""The assessors and conflicts tab of Organisations & assessors, with its questions answered."""

from __future__ import annotations

import pytest

from arf_desktop.app import make_application
from arf_desktop.registers.assessors import AssessorDraft
from arf_desktop.registers.interests import ConflictDraft
from arf_desktop.scoring.allocation import list_allocations
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.organisations import dialogs as organisation_dialogs
from arf_desktop.ui.organisations.dialogs import AllocationRequest
from arf_desktop.ui.organisations.screen import OrganisationsScreen
from tests.scoring.conftest import ROUND, Scene
from tests.scoring.conftest import scene as scene  # the fixture, shared with tests/scoring


@pytest.fixture
def screen(qtbot, scene: Scene) -> OrganisationsScreen:
    make_application()
    widget = OrganisationsScreen(scene.workspace, lambda: "Coordinator")
    qtbot.addWidget(widget)
    widget.tabs.setCurrentIndex(1)
    widget.show()
    return widget


def test_add_declare_and_allocate_from_the_window(
    screen: OrganisationsScreen, scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = screen.assessors
    assert not screen.add_button.isVisible()  # organisation actions belong to the first tab
    assert panel.assessors.rowCount() == 4
    monkeypatch.setattr(
        organisation_dialogs,
        "ask_assessor",
        lambda parent, orgs, icbs: AssessorDraft(
            "Mẹ́lọ́dì Adébáyọ̀", orgs[0], email="m@example.nhs.uk"
        ),
    )
    panel.add_assessor()
    assert "Mẹ́lọ́dì Adébáyọ̀" in [a.name for a in panel.assessors.records()]
    monkeypatch.setattr(
        organisation_dialogs,
        "ask_conflict",
        lambda parent, names, orgs: ConflictDraft(
            "Siân Evans", "Bolton NHS Foundation Trust", "Governor", "Board or governance role"
        ),
    )
    panel.declare_conflict()
    assert [(c.assessor, c.kind) for c in panel.conflicts.records()] == [
        ("Siân Evans", "Board or governance role")
    ]
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(
        organisation_dialogs,
        "ask_allocation",
        lambda parent, rounds, people: AllocationRequest(ROUND, ("Amara Okafor",), 2),
    )
    panel.allocate()
    assert shown[-1].startswith("Nothing was allocated.")
    assert list_allocations(scene.workspace, ROUND) == []
    monkeypatch.setattr(
        organisation_dialogs,
        "ask_allocation",
        lambda parent, rounds, people: AllocationRequest(
            rounds[0].name, tuple(p.name for p in people), rounds[0].assessors_per_submission
        ),
    )
    panel.allocate()
    assert "12 allocations added" in shown[-1]
    pairs = {(r.assessor, r.organisation) for r in list_allocations(scene.workspace, ROUND)}
    assert ("Siân Evans", "Bolton NHS Foundation Trust") not in pairs


def test_panel_controls_are_named(screen: OrganisationsScreen) -> None:
    from PySide6.QtWidgets import QAbstractButton, QTableView

    for kind in (QAbstractButton, QTableView):
        for control in screen.assessors.findChildren(kind):
            if control.isVisibleTo(screen.assessors):
                assert control.accessibleName(), control
