"""The regional dashboard: levels held by ICB, the target, validity, and the PDF read back."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from arf_desktop.exporters.dashboard import REGION, REGION_WIDE, dashboard_for, describe
from arf_desktop.exporters.dashboard_pdf import render_dashboard
from arf_desktop.exporters.documents import format_date
from arf_desktop.exporters.output_settings import save_output_settings
from arf_desktop.registers.organisations import set_active
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.workspace import Workspace
from tests.exporters.decided_round import CM, GM, ROUND
from tests.exporters.test_documents import flat, pypdf_text

TODAY = date.today()  # the decisions were made today, so every award is still valid


def groups(workspace: Workspace, **kwargs: object) -> dict[str, object]:
    dashboard = dashboard_for(workspace, as_of=TODAY, **kwargs)  # type: ignore[arg-type]
    return {g.name: g for g in (*dashboard.groups, dashboard.region)}


def test_levels_held_by_icb_and_across_the_region(decided: Workspace) -> None:
    found = groups(decided)
    assert list(found) == [CM, GM, "NHS Lancashire and South Cumbria ICB", REGION_WIDE, REGION]
    gm, cm, region = found[GM], found[CM], found[REGION]
    assert gm.organisations == 11 and gm.held == {"bronze": 1, "silver": 1, "gold": 1}
    assert cm.organisations == 16 and cm.held == {"bronze": 1, "silver": 0, "gold": 0}
    assert found[REGION_WIDE].organisations == 1 and found[REGION_WIDE].recognised == 0
    assert region.organisations == 35 and region.recognised == 4
    assert abs(gm.share - 3 / 11) < 1e-9


def test_the_target_comes_from_the_workspace(decided_copy: Workspace) -> None:
    assert dashboard_for(decided_copy, as_of=TODAY).target == 0.75
    save_output_settings(decided_copy, "Tester", target=0.25)
    dashboard = dashboard_for(decided_copy, as_of=TODAY)
    met = [g.name for g in (*dashboard.groups, dashboard.region) if dashboard.meets_target(g)]
    assert met == [GM]
    assert any("meets the 25% target" in line for line in describe(dashboard))


def test_only_active_register_organisations_count(decided_copy: Workspace) -> None:
    with decided_copy.read() as conn:
        bolton = org_repo.find_organisation(conn, "Bolton NHS Foundation Trust")
    assert bolton is not None
    set_active(decided_copy, "Tester", bolton.id, False)
    gm = groups(decided_copy)[GM]
    assert gm.organisations == 10 and gm.held["silver"] == 0


def test_expired_awards_drop_out_but_a_round_view_keeps_them(decided: Workspace) -> None:
    later = date(TODAY.year + 20, 1, 1)
    assert dashboard_for(decided, as_of=later).region.recognised == 0
    assert dashboard_for(decided, ROUND, as_of=later).region.recognised == 4
    assert dashboard_for(decided, ROUND, as_of=later).scope == f"round {ROUND}"


def test_the_pdf_writes_every_figure_and_level_in_words(decided: Workspace) -> None:
    from arf_desktop.exporters.pdf_common import METADATA_KEYS

    data = render_dashboard(dashboard_for(decided, as_of=TODAY))
    text = pypdf_text(data)
    phrases = [GM, CM, REGION, "Bronze", "Silver", "Gold", "3 of 11 (27%)", "4 of 35 (11%)"]
    for phrase in [*phrases, "Target: 75% at Bronze or above", format_date(TODAY)]:
        assert flat(phrase) in text, phrase
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert set(reader.metadata or {}) <= METADATA_KEYS
    assert render_dashboard(dashboard_for(decided, as_of=TODAY)) == data


def test_only_decisions_dated_on_or_before_the_as_of_day_count(decided: Workspace) -> None:
    panel_day = date(2025, 3, 4)
    for scope in (None, ROUND):
        assert dashboard_for(decided, scope, as_of=date(2025, 3, 3)).region.recognised == 0
        assert dashboard_for(decided, scope, as_of=panel_day).region.recognised == 4


def test_a_decision_dated_ahead_is_not_counted_yet(decided_copy: Workspace) -> None:
    """A panel date in the future (recorded before such dates were refused) waits for its day."""
    from datetime import timedelta

    from arf_desktop.storage import tables

    ahead = (TODAY + timedelta(days=7)).isoformat()
    with decided_copy.write("Tester") as tx:
        tx.execute(tables.decisions.update().values(panel_date=ahead))
    assert dashboard_for(decided_copy, as_of=TODAY).region.recognised == 0
    later = TODAY + timedelta(days=7)
    assert dashboard_for(decided_copy, as_of=later).region.recognised == 4
