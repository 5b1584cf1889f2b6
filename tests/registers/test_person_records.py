"""Finding a person everywhere, and erasing them: the chain verifies and the file keeps no trace."""

from __future__ import annotations

from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.registers.anchors import check_anchors
from arf_desktop.registers.assessors import list_all
from arf_desktop.registers.person_records import erase_person, locate
from arf_desktop.storage import audit
from arf_desktop.storage.audit_replay import replay
from arf_desktop.storage.backups import list_backups
from arf_desktop.storage.workspace import Workspace
from tests.registers import person_workspace as pw
from tests.registers.person_workspace import ASSESSORS, COMMENT, EMAIL, PERSON, PLACES, STORY

person_template, person_db, legacy_db = pw.person_template, pw.person_db, pw.legacy_db


def traces(path: Path) -> list[str]:
    """Which spellings of the person the raw bytes of the file (and its WAL) still hold."""
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    lowered = data.decode("utf-8", "replace").casefold()
    spellings = (PERSON, EMAIL, "Sian Evans", "sian.evans")
    return [s for s in spellings if s.casefold() in lowered]


def verify_ok(path: Path) -> None:
    with Workspace.open(path) as workspace, workspace.read() as conn:
        chain = audit.verify(conn)
        assert chain.ok, chain.reason
        replayed = replay(conn)
        assert replayed.ok, [d.line() for d in replayed.differences]


def test_the_person_is_found_in_every_place_in_any_case(person_db: Path) -> None:
    with Workspace.open(person_db) as workspace:
        by_name = locate(workspace, name="  siân   EVANS ")
        by_email = locate(workspace, email=EMAIL.upper())
    for report in (by_name, by_email):
        assert {(r.table, r.field) for r in report.records} >= PLACES
        assert set(report.identifiers) == {PERSON, EMAIL}
    story = [r for r in by_name.records if r.table == "evidence_links"]
    assert story[0].value == STORY and "Wigan" in story[0].context
    assert [r.action for r in by_name.records if r.field == "letter"] == ["listed"]


def test_erasure_keeps_the_audit_verified_and_no_trace_in_the_file(person_db: Path) -> None:
    assert traces(person_db)
    with Workspace.open(person_db) as workspace:
        before = {a.id for a in list_all(workspace)}
        done = erase_person(workspace, "Data protection officer", email=EMAIL)
        names = {a.id: a.name for a in list_all(workspace)}
    assert done.remaining == () and done.fields >= 10 and done.audit_values > 0
    assert done.backup is not None and done.backup in [b.path for b in list_backups(person_db)]
    assert traces(done.backup)  # the backup taken first still holds the person
    assert set(names) == before
    tombstones = [n for n in names.values() if n.startswith("[erased ")]
    assert len(tombstones) == 1 and set(names.values()) - set(tombstones) == set(ASSESSORS)
    verify_ok(person_db)
    assert traces(person_db) == []
    wal = person_db.with_name(person_db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert main(["audit", "verify", "--db", str(person_db)]) == 0


def test_the_erasure_entry_holds_counts_not_the_value(person_db: Path) -> None:
    with Workspace.open(person_db) as workspace:
        done = erase_person(workspace, "Data protection officer", name=PERSON)
        with workspace.read() as conn:
            entry = audit.page(conn, 0, 1)[0]
    assert entry.seq == done.entry_seq and entry.action == "person.erase"
    assert PERSON not in entry.stored_details and EMAIL.lower() not in entry.stored_details
    assert entry.details["fields"] == done.fields and entry.details["places"]["Assessor"] == 2


def test_erasing_by_name_with_the_command(person_db: Path, capsys) -> None:
    db = str(person_db)
    assert main(["erase", "person", "--name", "SIÂN EVANS", "--yes", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Backup taken first" in out and "Letter already issued" in out
    verify_ok(person_db)
    assert traces(person_db) == []


def test_comments_keep_their_other_words(person_db: Path) -> None:
    with Workspace.open(person_db) as workspace:
        erase_person(workspace, "DPO", name=PERSON)
        after = locate(workspace, name="who confirmed the board")
    comment = next(r for r in after.records if r.table == "scores")
    assert comment.value.startswith("Spoke to [erased ") and comment.value.endswith(
        COMMENT.split(",", 1)[1]
    )


def test_nothing_found_is_refused_and_nothing_changes(person_db: Path) -> None:
    with Workspace.open(person_db) as workspace:
        assert not locate(workspace, email="nobody@example.nhs.uk").found
        with pytest.raises(UserFacingError, match="Nothing to erase"):
            erase_person(workspace, "DPO", email="nobody@example.nhs.uk")
        with pytest.raises(UserFacingError, match="--email"):
            locate(workspace, email="  ", name=None)
    assert list_backups(person_db) == []


def test_old_entries_are_resealed_and_earlier_anchors_still_check(legacy_db: Path) -> None:
    verify_ok(legacy_db)
    with Workspace.open(legacy_db) as workspace:
        with workspace.read() as conn:
            old_head = audit.head(conn)
        assert any(r.where.endswith("before sealing)") for r in locate(workspace, EMAIL).records)
        erase_person(workspace, "DPO", email=EMAIL)
        checks = check_anchors(workspace, [old_head])
        with workspace.read() as conn:
            assert audit.hash_at(conn, old_head[0]) != old_head[1]
    assert checks[0].ok and "resealed" in checks[0].reason
    verify_ok(legacy_db)
    assert traces(legacy_db) == []
    heads = legacy_db.with_name("heads.txt")
    heads.write_text(f"arf-audit-head:{old_head[0]}:{old_head[1]}\n", encoding="utf-8")
    assert main(["audit", "verify", "--anchor", str(heads), "--db", str(legacy_db)]) == 0


def test_old_entries_values_before_a_cutoff_are_resealed_then_erased(legacy_db: Path) -> None:
    from arf_desktop.storage.audit_erasure import erase_audit_values_before, legacy_entries

    with Workspace.open(legacy_db) as workspace:
        with workspace.read() as conn:
            assert legacy_entries(conn) > 0
            cutoff = audit.page(conn, 0, 1)[0].at
        with workspace.write("Retention") as tx:
            assert erase_audit_values_before(tx.connection, cutoff) > 0
        with workspace.read() as conn:
            assert legacy_entries(conn) == 0
            old = audit.page(conn, 0, 500, descending=False)
    verify_ok(legacy_db)
    resealed = [e for e in old if e.action == "audit.reseal"]
    assert len(resealed) == 1 and resealed[0].details["sealed"] > 0
    before = [e for e in old if e.seq < resealed[0].seq - 1]
    hashed = " ".join(f"{e.stored_actor} {e.stored_details}" for e in before)
    assert PERSON not in hashed and EMAIL not in hashed
    assert all(e.actor.startswith("[erased ") for e in before)


def test_a_forged_earlier_hash_is_not_accepted(legacy_db: Path) -> None:
    with Workspace.open(legacy_db) as workspace:
        erase_person(workspace, "DPO", email=EMAIL)
        with workspace.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE audit_resealed SET old_hash = '%s' WHERE seq = 2" % (
                "ab" * 32))  # fmt: skip
        checks = check_anchors(workspace, [(2, "ab" * 32)])
    assert not checks[0].ok


def test_a_signatory_is_listed_for_the_letters_already_signed(person_db: Path) -> None:
    from arf_desktop.exporters.documents import Signatory
    from arf_desktop.exporters.output_settings import save_output_settings

    with Workspace.open(person_db) as workspace:
        save_output_settings(workspace, "Panel chair", signatories=[Signatory(PERSON, "Chair")])
        report = locate(workspace, name=PERSON)
    signed = [r for r in report.records if r.where == "Letters signed"]
    assert len(signed) == 1 and signed[0].action == "listed" and signed[0].value == 2
    assert any(r.table == "settings" and r.action == "erase" for r in report.records)
