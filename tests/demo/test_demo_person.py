"""The demo's contact appears in several places, and erasing them leaves the demo verified."""

from __future__ import annotations

from pathlib import Path

from arf_desktop.cli.main import main
from arf_desktop.demo.personal import DEMO_EMAIL, DEMO_PERSON
from arf_desktop.demo.workspace import build_demo
from arf_desktop.registers.person_records import erase_person, locate
from arf_desktop.storage.workspace import Workspace


def test_the_demo_person_is_found_in_several_places_and_erased(tmp_path: Path) -> None:
    path = build_demo(tmp_path / "demo.arfdb", submissions=6)
    with Workspace.open(path) as workspace:
        report = locate(workspace, email=DEMO_EMAIL)
        assert DEMO_PERSON in report.identifiers
        assert {r.where for r in report.records} >= {
            "Organisation contact", "Cover sheet", "Comment bank", "Audit entry",
        }  # fmt: skip
        done = erase_person(workspace, "Demo coordinator", email=DEMO_EMAIL)
    assert done.remaining == ()
    assert main(["audit", "verify", "--db", str(path)]) == 0
    assert DEMO_PERSON.encode() not in path.read_bytes()
