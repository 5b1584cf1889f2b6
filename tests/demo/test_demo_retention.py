"""The demo workspace holds a round from years ago whose data the schedule says is due today."""

from __future__ import annotations

from pathlib import Path

from arf_desktop.demo.retention import OLD_CONTACT, OLD_ROUND
from arf_desktop.demo.workspace import DEMO_USER, build_demo
from arf_desktop.registers.organisations import list_all
from arf_desktop.registers.retention import apply_retention, retention_status
from arf_desktop.storage.workspace import Workspace


def test_retention_status_shows_the_old_round_due_and_apply_removes_it(tmp_path: Path) -> None:
    location = build_demo(tmp_path / "demo.arfdb", submissions=4)
    with Workspace.open(location) as workspace:
        report = retention_status(workspace)
        due = {k.kind.key: [i.label for i in k.items] for k in report.kinds}
        assert all(len(due[key]) == 1 for key in ("evidence", "scores", "submissions", "contacts"))
        assert all(OLD_ROUND in due[key][0] for key in ("evidence", "scores", "submissions"))
        assert due["audit"] == []
        result = apply_retention(workspace, DEMO_USER)
        assert set(result.removed) == {"evidence", "scores", "submissions", "contacts"}
        assert retention_status(workspace).total == 0
        register = list_all(workspace)
    # the register no longer holds it (the audit entry that set it is the audit kind's to erase)
    assert all(o.contact_email != OLD_CONTACT[1] for o in register)
