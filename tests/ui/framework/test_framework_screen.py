"""The Framework screen: filters, the criterion's detail, and loading another framework file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arf_desktop.domain.framework import Framework
from arf_desktop.importers.framework_file import default_framework_path
from arf_desktop.storage import audit
from arf_desktop.ui.framework.models import CriteriaFilter
from arf_desktop.ui.kit import dialogs
from arf_desktop.ui.kit.record_model import Column, RecordTableModel
from arf_desktop.ui.main_window import SCREENS, MainWindow


def criteria_model(framework: Framework) -> RecordTableModel:
    model = RecordTableModel(
        [
            Column("ID", lambda c: c.id),
            Column("Title", lambda c: c.title),
            Column("Guidance length", lambda c: len(c.guidance), numeric=True),
            Column("Missing", lambda c: None),
        ]
    )
    model.set_records(framework.criteria)
    return model


def test_criteria_filter(qtmodeltester, framework: Framework) -> None:
    proxy = CriteriaFilter()
    proxy.setSourceModel(criteria_model(framework))
    proxy.set_choice("gold", "P4")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 3
    proxy.set_choice(None, None)
    proxy.setFilterFixedString("PAY GAP")
    assert proxy.rowCount() == 2


def test_framework_screen_filters_and_shows_detail(window: MainWindow, qtbot) -> None:
    window.show_screen(SCREENS.index("Framework"))
    screen = window.framework
    assert screen.draft_badge.isVisible()
    screen.level_choice.setCurrentIndex(screen.level_choice.findData("gold"))
    assert screen.proxy.rowCount() == 12
    screen.table.selectRow(0)
    html = screen.detail.toPlainText()
    assert "Gold" in html and "2 · Fully evidenced" in html and "Guidance for assessors" in html


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the screen said, instead of message boxes."""
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "show_info", lambda parent, title, text: said.append((title, text))
    )
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, title, text: said.append((title, text))
    )
    return said


def test_loading_a_new_version_makes_it_current(
    window: MainWindow, told: list[tuple[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    definition = json.loads(default_framework_path().read_text(encoding="utf-8"))
    definition["version"] = "2024.2"
    newer = tmp_path / "arf-2024.2.json"
    newer.write_text(json.dumps(definition), encoding="utf-8")
    monkeypatch.setattr(dialogs, "ask_open_file", lambda parent, title, filters: newer)
    window.show_screen(SCREENS.index("Framework"))
    window.framework.load_button.click()
    assert told and told[-1][0] == "Framework loaded"
    assert "v2024.2 — DRAFT loaded. New rounds will use it" in told[-1][1]
    assert window.framework.framework is not None
    assert window.framework.framework.version == "2024.2"
    assert "version 2024.2" in window.framework.header.subtitle.text()
    assert "Framework: ARF draft 2024 (draft catalogue) v2024.2" in window.status_label.text()
    with window.workspace.read() as conn:
        assert audit.page(conn, 0, 1)[0].actor == "Window tester"
    window.framework.load_file(default_framework_path())  # the first version again: known
    assert "v2024.1 — DRAFT was already loaded" in told[-1][1]
    assert "v2024.1" in window.status_label.text()


def test_a_bad_framework_file_is_refused_and_changes_nothing(
    window: MainWindow, told: list[tuple[str, str]], tmp_path: Path
) -> None:
    before = window.status_label.text()
    bad = tmp_path / "broken.json"
    bad.write_text("{ not json", encoding="utf-8")
    window.framework.load_file(bad)
    assert told[-1][0] == "Framework not loaded" and "broken.json" in told[-1][1]
    assert window.status_label.text() == before
    assert window.framework.framework is not None
    assert window.framework.framework.version == "2024.1"
