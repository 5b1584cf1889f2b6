"""The demo workspace: decided submissions carry the panel's feedback and letters can go out."""

from __future__ import annotations

from pathlib import Path

from arf_desktop.demo.outcomes import SIGNATORIES
from arf_desktop.demo.workspace import DEMO_ROUND, build_demo
from arf_desktop.exporters.batch_export import export_warnings
from arf_desktop.exporters.from_decisions import round_documents
from arf_desktop.exporters.output_settings import output_settings, require_signatories
from arf_desktop.storage import audit
from arf_desktop.storage.audit_replay import replay
from arf_desktop.storage.workspace import Workspace


def test_the_demo_decisions_carry_feedback(tmp_path: Path) -> None:
    location = build_demo(tmp_path / "demo.arfdb", submissions=10)
    with Workspace.open(location) as workspace:
        settings = output_settings(workspace)
        require_signatories(settings)  # the demo names who signs, so its exports go out
        assert settings.signatories == SIGNATORIES
        documents = round_documents(workspace, DEMO_ROUND)
        with workspace.read() as conn:
            actions = [e.action for e in audit.page(conn, 0, 10_000)]
            report = replay(conn)
    # every change the demo makes goes through the services, so the log proves the data
    assert report.ok, [d.line() for d in report.differences]
    outcomes = {d.document.outcome for d in documents}
    assert len(documents) >= 4 and {"awarded", "minor_revisions"} <= outcomes
    assert export_warnings(documents) == []  # no gap without feedback, no deadline passed
    for item in documents:
        document = item.document
        assert all(c.has_feedback for c in document.unmet), item.organisation
        assert all(c.has_feedback for c in document.strengths), item.organisation
        if document.outcome == "minor_revisions":
            assert document.resubmission_deadline and document.resubmission_route
        assert document.addressee_title  # the demo workbooks give the contact's job title
    feedback = [c.feedback for d in documents for c in d.document.criteria if c.has_feedback]
    assert len(set(feedback)) > len(feedback) / 2  # not one sentence repeated everywhere
    assert "moderation.decide" in actions
