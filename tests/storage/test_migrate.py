"""Moving a workspace from SQLite to PostgreSQL copies everything and verifies the audit chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.demo.workspace import build_demo
from arf_desktop.registers.organisations import OrganisationDraft, add_organisation, list_all
from arf_desktop.storage import audit
from arf_desktop.storage.submissions import submission_rows
from arf_desktop.storage.workspace import Workspace, counts


@pytest.fixture
def server(postgres):
    if postgres is None:
        pytest.skip("no PostgreSQL server is installed here (the quick-start installs one)")
    return postgres


def test_migrate_demo_workspace(server, tmp_path: Path, capsys) -> None:
    source = build_demo(tmp_path / "demo.arfdb", submissions=4)
    with server.database() as url:
        assert main(["migrate-workspace", "--db", str(source), "--to", url, "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        with Workspace.open(source) as old, Workspace.open(url) as new:
            with old.read() as a, new.read() as b:
                assert counts(a) == counts(b)
                assert submission_rows(a) == submission_rows(b)
                assert audit.verify(b).head == audit.verify(a).head == report["audit_head"]
            added = add_organisation(new, "after move", OrganisationDraft("Moved Trust"))
            assert added.id == max(o.id for o in list_all(new))  # sequences moved past copied ids
            with new.read() as b:
                assert audit.verify(b).ok
        assert main(["migrate-workspace", "--db", str(source), "--to", url]) == 1
        assert "already holds tables" in capsys.readouterr().err
