"""The audit log service the window pages through and verifies."""

from __future__ import annotations

from arf_desktop.registers.audit_log import entries_page, entry_count, verify_log
from arf_desktop.registers.organisations import OrganisationDraft, add_organisation
from arf_desktop.storage.workspace import Workspace


def test_pages_newest_first_and_a_sound_chain(workspace: Workspace) -> None:
    add_organisation(workspace, "Auditor", OrganisationDraft("Audit Test Trust"))
    total = entry_count(workspace)
    first = entries_page(workspace, 0, 2)
    rest = entries_page(workspace, 2, total)
    assert [e.seq for e in first] == [total, total - 1]
    assert (first[0].action, first[0].actor) == ("organisation.add", "Auditor")
    assert [e.seq for e in rest] == list(range(total - 2, 0, -1))
    report = verify_log(workspace)
    assert report.ok and report.entries == total and report.head == first[0].hash
