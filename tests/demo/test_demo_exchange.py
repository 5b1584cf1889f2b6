"""The demo's Exchange screen shows an assessor's encrypted return, merged without a clash."""

from __future__ import annotations

from pathlib import Path

from arf_desktop.demo.exchange_check import DEMO_PASSPHRASE, add_demo_exchange
from arf_desktop.demo.workspace import DEMO_ROUND, DEMO_USER, build_demo
from arf_desktop.exchange.overview import merged_returns
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import Workspace, counts


def test_the_demo_round_trips_an_encrypted_pack_and_return(tmp_path: Path) -> None:
    location = build_demo(tmp_path / "demo.arfdb", submissions=4)
    with Workspace.open(location) as ws:
        [merged] = merged_returns(ws, DEMO_ROUND)
        with ws.read() as conn:
            actions = [e.action for e in audit.page(conn, 0, 400)]
            scores = counts(conn).scores
    assert merged.file.endswith(".arfreturn") and merged.assessor
    assert merged.unchanged == merged.records > 0 and merged.clashes == 0
    assert {"pack.export", "return.merge"} <= set(actions)
    with Workspace.open(location) as ws, ws.read() as conn:
        pack_entry = next(e for e in audit.page(conn, 0, 400) if e.action == "pack.export")
    assert pack_entry.details["encrypted"] is True
    again = add_demo_exchange(location, DEMO_USER, DEMO_ROUND)  # a second trip moves nothing
    assert "0 new, 0 updated" in again
    with Workspace.open(location) as ws, ws.read() as conn:
        assert counts(conn).scores == scores
    assert len(DEMO_PASSPHRASE) >= 8
