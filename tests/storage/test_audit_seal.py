"""Personal values are sealed out of the hashed audit entries, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from sqlalchemy import select, update

from arf_desktop.registers.assessors import AssessorDraft, add_assessor
from arf_desktop.registers.person_records import erase_person, locate
from arf_desktop.storage import audit, tables
from arf_desktop.storage.audit_erasure import erase_audit_values_before, legacy_entries
from arf_desktop.storage.audit_replay import replay
from arf_desktop.storage.workspace import Workspace

NAME, EMAIL = "Zoë Ó Briain", "zoe.obriain@example.nhs.uk"


def _hashed_text(workspace: Workspace) -> str:
    with workspace.read() as conn:
        rows = conn.execute(select(tables.audit_log.c.actor, tables.audit_log.c.details))
        return " ".join(f"{r.actor} {r.details}" for r in rows)


def test_the_hashed_entry_holds_a_salted_digest_not_the_value(workspace: Workspace) -> None:
    add_assessor(workspace, NAME, AssessorDraft(NAME, email=EMAIL))
    add_assessor(workspace, "Coordinator", AssessorDraft("Ben Ward", email=EMAIL.upper()))
    hashed = _hashed_text(workspace)
    assert NAME not in hashed and EMAIL not in hashed.lower()
    with workspace.read() as conn:
        first, second = audit.page(conn, 0, 2)
    assert second.actor == NAME and second.details["email"] == EMAIL  # read back resolved
    sealed = json.loads(second.stored_details)["email"]
    assert set(sealed) == {"pv", "h"}
    assert sealed["h"] != json.loads(first.stored_details)["email"]["h"]  # salted: no linking
    assert legacy_entries_count(workspace) == 0


def legacy_entries_count(workspace: Workspace) -> int:
    with workspace.read() as conn:
        return legacy_entries(conn)


def test_erasure_keeps_chain_and_replay_on_either_database(workspace: Workspace) -> None:
    add_assessor(workspace, NAME, AssessorDraft(NAME, email=EMAIL))
    with workspace.read() as conn:
        head_before = audit.head(conn)
    done = erase_person(workspace, "Data protection officer", email=EMAIL)
    assert done.remaining == () and done.audit_values >= 2
    with workspace.read() as conn:
        report = audit.verify(conn)
        assert report.ok, report.reason
        assert replay(conn).ok
        assert audit.hash_at(conn, head_before[0]) == head_before[1]  # no hash changed
        values = " ".join(conn.execute(select(tables.audit_values.c.value)).scalars())
        first = audit.page(conn, 0, 10, descending=False)
    assert NAME not in values and EMAIL not in values
    added = next(e for e in first if e.action == "assessor.add")
    assert added.actor.startswith("[erased ") and added.details["email"].startswith("[erased ")
    assert not locate(workspace, email=EMAIL).found


def test_an_altered_personal_value_is_detected(workspace: Workspace) -> None:
    add_assessor(workspace, NAME, AssessorDraft(NAME, email=EMAIL))
    with workspace.engine.begin() as conn:
        av = tables.audit_values
        seq = conn.execute(select(av.c.seq).where(av.c.value == json.dumps(EMAIL))).scalar_one()
        conn.execute(update(av).where(av.c.value == json.dumps(EMAIL)).values(value='"x@y.z"'))
    with workspace.read() as conn:
        report = audit.verify(conn)
    assert not report.ok and report.broken_at == seq and "altered" in report.reason


def test_values_before_a_cutoff_are_tombstoned(workspace: Workspace) -> None:
    add_assessor(workspace, NAME, AssessorDraft(NAME, email=EMAIL))
    with workspace.write("Retention") as tx:
        assert erase_audit_values_before(tx.connection, "2000-01-01") == 0
    with workspace.read() as conn:
        cutoff = audit.page(conn, 0, 1)[0].at  # the newest entry stays
    with workspace.write("Retention") as tx:
        erased = erase_audit_values_before(tx.connection, cutoff)
    assert erased >= 2
    with workspace.write("Retention") as tx:
        assert erase_audit_values_before(tx.connection, cutoff) == 0
    with workspace.read() as conn:
        assert audit.verify(conn).ok
        entries = audit.page(conn, 0, 100, descending=False)
        values = " ".join(conn.execute(select(tables.audit_values.c.value)).scalars())
    assert entries[-1].details["email"] == EMAIL and entries[-1].actor == NAME
    assert all(e.actor.startswith("[erased ") for e in entries[:-1])
    assert values.count(EMAIL) == 1
