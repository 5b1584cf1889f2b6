"""Retention: exactly what is due goes, in one audited write after a backup; nothing else moves."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from arf_desktop.domain.errors import Refused
from arf_desktop.domain.retention import KINDS
from arf_desktop.registers.retention import (
    apply_retention,
    retention_schedule,
    retention_status,
    save_retention_schedule,
)
from arf_desktop.storage import audit, backups, tables
from arf_desktop.storage.audit_replay import replay
from arf_desktop.storage.workspace import Workspace
from tests.registers.retention_world import (
    ACTOR,
    ASSESSORS,
    CONTACT_EMAIL,
    DUE,
    World,
    build_world,
    changes,
    rows_of,
    snapshot,
)

BOOKKEEPING = {"audit_log", "audit_values", "schema_info"}  # the log, its values, its head


def only(workspace: Workspace, kind: str) -> None:
    """Keep every other kind for 50 years, so only `kind` can be due."""
    save_retention_schedule(workspace, ACTOR, {k.key: "50" for k in KINDS if k.key != kind})


def day(text: str, shift: int = 0) -> date:
    return date.fromisoformat(text) + timedelta(days=shift)


def expected_removals(workspace: Workspace, world: World, kind: str) -> dict[str, set]:
    """The rows each kind removes for the early round's submission (and no other)."""
    t, sub = tables, [world.submissions["early"]]
    versions = rows_of(workspace, t.submission_versions, t.submission_versions.c.submission_id, sub)
    allocations = rows_of(workspace, t.allocations, t.allocations.c.submission_id, sub)
    links = rows_of(workspace, t.evidence_links, t.evidence_links.c.version_id, list(versions))
    with workspace.read() as conn:
        files = set(
            conn.execute(
                select(t.evidence_links.c.file_id).where(t.evidence_links.c.id.in_(links))
            ).scalars()
        ) - {None}
    scores = rows_of(workspace, t.scores, t.scores.c.allocation_id, list(allocations))
    assert versions and allocations and links and files and scores
    if kind == "scores":
        return {"scores": scores}
    if kind == "evidence":
        return {"evidence_links": links, "evidence_files": files}
    whole = {
        "submissions": set(sub), "submission_versions": versions, "allocations": allocations,
        "scores": scores, "evidence_links": links, "evidence_files": files,
        "evidence_rows": rows_of(workspace, t.evidence_rows, t.evidence_rows.c.version_id,
                                 list(versions)),
        "agreed_scores": rows_of(workspace, t.agreed_scores, t.agreed_scores.c.submission_id, sub),
        "decisions": rows_of(workspace, t.decisions, t.decisions.c.submission_id, sub),
    }  # fmt: skip
    assert whole["decisions"]
    return {name: ids for name, ids in whole.items() if ids}


@pytest.mark.parametrize("kind", ["scores", "evidence", "submissions"])
def test_a_kind_removes_exactly_what_is_due_and_nothing_else(
    workspace: Workspace, kind: str
) -> None:
    world = build_world(workspace)
    only(workspace, kind)
    due_day = day(DUE[kind])
    assert not next(k for k in retention_status(workspace, day(DUE[kind], -1)).kinds
                    if k.kind.key == kind).items  # fmt: skip
    status = next(k for k in retention_status(workspace, due_day).kinds if k.kind.key == kind)
    assert [item.item_id for item in status.items] == [world.submissions["early"]]
    expected = expected_removals(workspace, world, kind)
    before = snapshot(workspace)
    result = apply_retention(workspace, ACTOR, due_day)
    found = changes(before, snapshot(workspace))
    removed = {name: c["removed"] for name, c in found.items() if name not in BOOKKEEPING}
    assert removed == expected
    assert all(not c["added"] and not c["changed"]
               for name, c in found.items() if name not in BOOKKEEPING)  # fmt: skip
    assert not found["audit_log"]["removed"] and not found["audit_log"]["changed"]
    assert len(found["audit_log"]["added"]) == 1 and list(result.removed) == [kind]
    with workspace.read() as conn:
        assert audit.verify(conn).ok
        assert replay(conn).ok, replay(conn).differences
    assert retention_status(workspace, due_day).total == 0


def test_contact_details_are_blanked_for_the_organisation_due(workspace: Workspace) -> None:
    world = build_world(workspace)
    only(workspace, "contacts")
    status = retention_status(workspace, day(DUE["contacts"]))
    due = next(k for k in status.kinds if k.kind.key == "contacts").items
    assert [item.item_id for item in due] == [world.organisations["early"]]
    t, sub = tables, [world.submissions["early"]]
    versions = rows_of(workspace, t.submission_versions, t.submission_versions.c.submission_id, sub)
    before = snapshot(workspace)
    apply_retention(workspace, ACTOR, day(DUE["contacts"]))
    found = changes(before, snapshot(workspace))
    assert {n: c["changed"] for n, c in found.items() if n not in BOOKKEEPING} == {
        "organisations": {world.organisations["early"]},
        "submission_versions": versions,
    }
    with workspace.read() as conn:
        org = conn.execute(select(t.organisations).where(
            t.organisations.c.id == world.organisations["early"])).one()  # fmt: skip
        cover = json.loads(conn.execute(select(t.submission_versions.c.cover).where(
            t.submission_versions.c.id.in_(versions))).scalars().first())  # fmt: skip
    assert (org.contact_name, org.contact_email) == (None, None)
    assert cover["Contact name"] == cover["Contact email"] == "" and cover["Organisation"]


def test_nothing_in_an_open_round_is_ever_due(workspace: Workspace) -> None:
    world = build_world(workspace)
    save_retention_schedule(workspace, ACTOR, {k.key: "1" for k in KINDS})
    report = retention_status(workspace, date(2099, 1, 1))
    items = {(k.kind.key, i.item_id) for k in report.kinds for i in k.items}
    assert ("submissions", world.submissions["open"]) not in items
    assert ("contacts", world.organisations["open"]) not in items
    assert ("submissions", world.submissions["late"]) in items


def test_a_failure_midway_leaves_everything_as_it_was(workspace: Workspace) -> None:
    """A calibration item still pointing at the submission makes its removal fail (a real
    foreign key), after the evidence and scores were already deleted in the same write."""
    world = build_world(workspace)
    with workspace.write(ACTOR) as tx:
        extra = tx.execute(tables.rounds.insert().values(
            name="Holder", framework_id=1, created_at="2020-01-01", status="open",
        )).inserted_primary_key[0]  # fmt: skip
        exercise = tx.execute(tables.calibration_exercises.insert().values(
            name="Holder", round_id=extra, min_exact="0.5", max_difference=1,
            created_at="2020-01-01", created_by=ACTOR,
        )).inserted_primary_key[0]  # fmt: skip
        tx.execute(tables.calibration_items.insert().values(
            exercise_id=exercise, submission_id=world.submissions["early"], source="test",
        ))  # fmt: skip
    before = snapshot(workspace)
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        apply_retention(workspace, ACTOR, date(2030, 1, 1))
    assert snapshot(workspace) == before


def file_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_a_dry_run_changes_no_byte(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as workspace:
        build_world(workspace)
    before = file_bytes(workspace_path)
    with Workspace.open(workspace_path) as workspace:
        result = apply_retention(workspace, ACTOR, date(2030, 1, 1), dry_run=True)
    assert result.report.total >= 3 and result.dry_run and not result.removed
    assert file_bytes(workspace_path) == before
    assert backups.list_backups(workspace_path) == []


def test_apply_backs_up_first_audits_each_kind_and_leaves_no_trace(workspace_path: Path) -> None:
    with Workspace.open(workspace_path) as workspace:
        world = build_world(workspace)
        result = apply_retention(workspace, ACTOR, date(2030, 1, 1))
        with workspace.read() as conn:
            assert audit.verify(conn).ok and replay(conn).ok
            entries = audit.page(conn, 0, 10)
    assert set(result.removed) == {"evidence", "scores", "contacts", "submissions"}
    taken = backups.list_backups(workspace_path)
    assert [b.reason for b in taken] == ["before-retention"] and result.backup == str(taken[0].path)
    with Workspace.open(taken[0].path) as backup, backup.read() as conn:
        held = conn.execute(select(tables.submissions.c.id)).scalars().all()
    assert world.submissions["early"] in held
    logged = [e for e in entries if e.action == "retention.apply"]
    assert sorted(e.entity_id for e in logged) == sorted(result.removed)
    email = CONTACT_EMAIL.format("early")
    assert all(email not in json.dumps(e.details) for e in logged)
    assert email.encode() not in file_bytes(workspace_path)
    assert CONTACT_EMAIL.format("open").encode() in file_bytes(workspace_path)


def test_audit_entries_keep_their_chain_and_lose_their_personal_values(
    workspace: Workspace,
) -> None:
    build_world(workspace)
    only(workspace, "audit")
    as_of = date.today() + timedelta(days=366 * 7)
    status = retention_status(workspace, as_of)
    (item,) = next(k for k in status.kinds if k.kind.key == "audit").items
    with workspace.read() as conn:
        written = audit.count_entries(conn)
        assert item.ids["entries"] == [1, written]

    def naming(conn) -> list[int]:  # type: ignore[no-untyped-def]
        old = [e for e in audit.page(conn, 0, 100_000) if e.seq <= written]
        text = {e.seq: e.actor + json.dumps(e.details, ensure_ascii=False) for e in old}
        return [seq for seq, line in text.items() if any(n in line for n in ASSESSORS)]

    with workspace.read() as conn:
        assert naming(conn)  # the assessors are named in the log before...
    before = snapshot(workspace)["audit_log"]
    result = apply_retention(workspace, ACTOR, as_of)
    assert result.removed["audit"]["entries"] > 0
    after = snapshot(workspace)["audit_log"]
    assert {k: after[k] for k in before} == before  # no hashed byte of any entry changed
    with workspace.read() as conn:
        assert naming(conn) == []  # ...and nowhere in the entries due afterwards
        assert audit.verify(conn).ok
        report = replay(conn)
    assert report.ok, [d.line() for d in report.differences]


def test_the_schedule_is_shared_checked_and_audited(workspace: Workspace) -> None:
    assert {k["kind"]: k["years"] for k in retention_schedule(workspace).as_json()} == {
        "evidence": 2, "scores": 3, "submissions": 6, "contacts": 3, "audit": 6,
    }  # fmt: skip
    saved = save_retention_schedule(workspace, ACTOR, {"evidence files": "4", "scores": "2"})
    assert (saved["evidence"], saved["scores"], saved["audit"]) == (4, 2, 6)
    assert saved.set_keys == {"evidence", "scores"}
    for bad in ({"evidence": "0"}, {"evidence": "two"}, {"photos": "3"}, {"audit": ""}):
        with pytest.raises(Refused):
            save_retention_schedule(workspace, ACTOR, bad)
    with workspace.read() as conn:
        logged = audit.entries_for(conn, "setting", "retention.evidence")
    assert [e.details["value"] for e in logged] == ["4"]


def test_the_replay_excuses_only_the_rows_a_retention_entry_names(workspace: Workspace) -> None:
    world = build_world(workspace)
    only(workspace, "scores")
    apply_retention(workspace, ACTOR, day(DUE["scores"]))
    t = tables
    late = rows_of(workspace, t.allocations, t.allocations.c.submission_id,
                   [world.submissions["late"]])  # fmt: skip
    with workspace.write(ACTOR) as tx:  # a score removed behind the log's back
        victim = tx.execute(select(t.scores.c.id).where(t.scores.c.allocation_id.in_(late))
                            .limit(1)).scalar_one()  # fmt: skip
        tx.execute(t.scores.delete().where(t.scores.c.id == victim))
    with workspace.read() as conn:
        report = replay(conn)
    assert [(d.kind, d.stored) for d in report.differences] == [("score", "no score")]


def test_an_evidence_file_another_submission_still_links_to_stays(workspace: Workspace) -> None:
    world = build_world(workspace)
    only(workspace, "evidence")
    t = tables
    early = rows_of(workspace, t.submission_versions, t.submission_versions.c.submission_id,
                    [world.submissions["early"]])  # fmt: skip
    late = rows_of(workspace, t.submission_versions, t.submission_versions.c.submission_id,
                   [world.submissions["late"]])  # fmt: skip
    with workspace.write(ACTOR) as tx:  # the late trust sent the very same file
        shared = tx.execute(select(t.evidence_links.c.file_id).where(
            t.evidence_links.c.version_id.in_(early), t.evidence_links.c.file_id.is_not(None),
        ).limit(1)).scalar_one()  # fmt: skip
        link = tx.execute(t.evidence_links.insert().values(
            version_id=min(late), criterion_id="B-P1-01", name="shared.txt", file_id=shared,
        )).inserted_primary_key[0]  # fmt: skip
        # a file no version links to was never due: retention leaves it
        loose = tx.execute(
            t.evidence_files.insert().values(sha256="0" * 64, size=1, content=b"x")
        ).inserted_primary_key[0]
    result = apply_retention(workspace, ACTOR, day(DUE["evidence"]))
    after = snapshot(workspace)
    assert shared in after["evidence_files"] and link in after["evidence_links"]
    assert loose in after["evidence_files"]
    assert result.removed["evidence"]["links"] > 0
