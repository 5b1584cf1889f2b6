"""Work packs: the assessor's workspace gets the same identities, once, and updates safely."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from arf_desktop.demo.workspace import synthetic_version
from arf_desktop.domain.errors import Refused
from arf_desktop.exchange.manifest import ExchangeRejected
from arf_desktop.exchange.merge import import_return
from arf_desktop.exchange.pack_import import import_pack
from arf_desktop.exchange.packs import export_pack, export_packs
from arf_desktop.registers.assessors import current_assessor
from arf_desktop.registers.interests import ConflictDraft, add_conflict, list_conflicts
from arf_desktop.scoring.allocation import allocate_by_hand, list_allocations, remove_allocation
from arf_desktop.scoring.scores import (
    my_allocations,
    record_score,
    reopen,
    stored_scores,
    submit,
)
from arf_desktop.storage import audit
from arf_desktop.storage import exchange as exchange_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage.submissions import add_version, submission_rows
from arf_desktop.storage.workspace import Workspace, counts, workspace_id
from tests.exchange.conftest import (
    COORDINATOR,
    ROUND,
    SUBMISSIONS,
    Coordinator,
    new_workspace,
    score_all,
    take_pack,
    write_return,
)

AMARA = "Amara Okafor"


def pack(coord: Coordinator, folder: Path, name: str = "pack.arfpack") -> Path:
    return export_pack(coord.workspace, COORDINATOR, ROUND, AMARA, folder / name).path


def test_the_assessor_workspace_gets_the_same_identities(
    coordinator: Coordinator, tmp_path: Path
) -> None:
    written = export_pack(coordinator.workspace, COORDINATOR, ROUND, AMARA, tmp_path / "a.arfpack")
    assert written.allocations == 2 and written.files > 0
    laptop = new_workspace(tmp_path / "amara.arfdb")
    with Workspace.open(laptop) as ws:
        imported = import_pack(ws, "Laptop owner", written.path)
        assert (imported.allocations_added, imported.versions_added) == (2, 2)
        me = current_assessor(ws)
        assert me is not None and me.name == AMARA and ws.default_user() == AMARA
        mine = {r.organisation: r.id for r in my_allocations(ws, me.id)}
        with ws.read() as conn:
            [origin] = exchange_repo.origins_for_round(conn, my_allocations(ws, me.id)[0].round_id)
            remote = exchange_repo.mapping(conn, origin.coordinator_workspace, "allocation")
            rows = {r.organisation: r for r in submission_rows(conn)}
            assert audit.verify(conn).ok
    with coordinator.workspace.read() as conn:
        assert origin.coordinator_workspace == workspace_id(conn)
        theirs = {r.organisation: r for r in submission_rows(conn, coordinator.round_id)}
    assert (origin.pack_id, origin.remote_round_id) == (imported.pack_id, coordinator.round_id)
    assert {r: local for r, (local, _) in remote.items()} == {
        coordinator.mine(AMARA)[o]: local for o, local in mine.items()
    }
    for organisation, row in rows.items():
        other = theirs[organisation]
        assert (row.version_no, row.level_applied, row.evidence_files, row.source_name) == (
            other.version_no, other.level_applied, other.evidence_files, other.source_name,
        )  # fmt: skip


def test_reimport_is_a_no_op_and_an_older_pack_is_refused(
    coordinator: Coordinator, tmp_path: Path
) -> None:
    first, second = (
        pack(coordinator, tmp_path, "1.arfpack"),
        pack(coordinator, tmp_path, "2.arfpack"),
    )
    laptop = new_workspace(tmp_path / "amara.arfdb")
    with Workspace.open(laptop) as ws:
        import_pack(ws, "Laptop owner", second)
        with ws.read() as conn:
            before = counts(conn)
        assert import_pack(ws, "Laptop owner", second).unchanged
        with pytest.raises(Refused, match="older than the work pack already imported"):
            import_pack(ws, "Laptop owner", first)
        with ws.read() as conn:
            assert counts(conn) == before
    with pytest.raises(Refused, match="exported from this workspace"):
        import_pack(coordinator.workspace, COORDINATOR, second)


def test_a_newer_pack_updates_without_touching_scores(
    coordinator: Coordinator, tmp_path: Path
) -> None:
    laptop = new_workspace(tmp_path / "amara.arfdb")
    with Workspace.open(laptop) as ws:
        import_pack(ws, "Laptop owner", pack(coordinator, tmp_path, "1.arfpack"))
        me = current_assessor(ws)
        rows = my_allocations(ws, me.id)
        record_score(ws, AMARA, rows[0].id, "B-P1-01", 3)
        record_score(ws, AMARA, rows[0].id, "B-P1-01", 2)
        kept = stored_scores(ws, rows[0].id)
    revised = rows[0].organisation
    missing = next(o for o in SUBMISSIONS if o not in coordinator.mine(AMARA))
    with coordinator.workspace.read() as conn:
        register = {o.name: o.id for o in org_repo.list_organisations(conn)}
    with coordinator.workspace.write(COORDINATOR) as tx:
        add_version(
            tx,
            synthetic_version(
                random.Random(3), coordinator.framework, coordinator.round_id,
                register[revised], revised, SUBMISSIONS[revised],
            ),
        )  # fmt: skip
    allocate_by_hand(coordinator.workspace, COORDINATOR, ROUND, missing, AMARA)
    with Workspace.open(laptop) as ws:
        update = import_pack(ws, "Laptop owner", pack(coordinator, tmp_path, "2.arfpack"))
        assert (update.allocations_added, update.versions_added) == (1, 2)  # revised + new one
        assert stored_scores(ws, rows[0].id) == kept  # same values, same revisions
        versions = {r.organisation: r.version_no for r in submission_rows_of(ws)}
    assert versions[revised] == 2 and len(versions) == 3


def submission_rows_of(ws: Workspace):
    with ws.read() as conn:
        return submission_rows(conn)


def test_withdrawn_and_conflicted_allocations(coordinator: Coordinator, tmp_path: Path) -> None:
    laptop = new_workspace(tmp_path / "amara.arfdb")
    with Workspace.open(laptop) as ws:
        import_pack(ws, "Laptop owner", pack(coordinator, tmp_path, "1.arfpack"))
    first, second = sorted(coordinator.mine(AMARA))
    remove_allocation(coordinator.workspace, COORDINATOR, coordinator.mine(AMARA)[first])
    add_conflict(
        coordinator.workspace, COORDINATOR, ConflictDraft(AMARA, second, "Seconded there in May.")
    )
    with pytest.raises(Refused, match="blocked by conflicts of interest"):
        pack(coordinator, tmp_path, "2.arfpack")
    allocate_by_hand(
        coordinator.workspace, COORDINATOR, ROUND,
        next(o for o in SUBMISSIONS if o not in (first, second)), AMARA,
    )  # fmt: skip
    written = export_pack(coordinator.workspace, COORDINATOR, ROUND, AMARA, tmp_path / "3.arfpack")
    assert written.allocations == 1 and "Seconded there in May" in written.skipped[0]
    with Workspace.open(laptop) as ws:
        update = import_pack(ws, "Laptop owner", written.path)
        assert set(update.withdrawn) == {first, second}
        assert [c.organisation for c in list_conflicts(ws, AMARA)] == [second]


def test_a_tampered_pack_changes_nothing(coordinator: Coordinator, tmp_path: Path) -> None:
    path = pack(coordinator, tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x04
    path.write_bytes(bytes(data))
    laptop = new_workspace(tmp_path / "amara.arfdb")
    with Workspace.open(laptop) as ws:
        with ws.read() as conn:
            before = (counts(conn), audit.count_entries(conn))
        with pytest.raises(ExchangeRejected, match="nothing was imported"):
            import_pack(ws, "Laptop owner", path)
        with ws.read() as conn:
            assert (counts(conn), audit.count_entries(conn)) == before


def test_a_new_laptop_continues_from_what_was_merged(
    coordinator: Coordinator, tmp_path: Path
) -> None:
    old = take_pack(coordinator, AMARA, tmp_path / "old")
    score_all(old, coordinator.framework, lambda _o, _c: 2)
    import_return(coordinator.workspace, COORDINATOR, write_return(old, tmp_path / "1.arfreturn"))
    (tmp_path / "new").mkdir()
    fresh = take_pack(coordinator, AMARA, tmp_path / "new")  # the old laptop was lost
    with Workspace.open(fresh) as ws:
        me = current_assessor(ws)
        rows = my_allocations(ws, me.id)
        assert all(r.submitted and r.scored == r.total for r in rows)
        reopen(ws, AMARA, rows[0].id, "Second look at the evidence")
        record_score(ws, AMARA, rows[0].id, "B-P1-01", 3)
        submit(ws, AMARA, rows[0].id)
    report = import_return(
        coordinator.workspace, COORDINATOR, write_return(fresh, tmp_path / "2.arfreturn")
    )
    assert (report.updated, report.clashes) == (1, 0)  # submit state: same value, rebased
    allocation = coordinator.mine(AMARA)[rows[0].organisation]
    assert stored_scores(coordinator.workspace, allocation)["B-P1-01"].score == 3


def test_packs_for_every_assessor_in_one_go(coordinator: Coordinator, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    batch = export_packs(
        coordinator.workspace, COORDINATOR, ROUND, tmp_path / "packs",
        progress=lambda done, total, name: seen.append((done, total, name)),
    )  # fmt: skip
    assert sorted(p.assessor for p in batch.written) == sorted(
        {a for _, a in coordinator.allocations}
    )
    assert [s[0] for s in seen] == [0, 1, 2, 3] and not batch.problems
    assert sorted(p.name for p in (tmp_path / "packs").iterdir()) == sorted(
        f"{ROUND} - {p.assessor}.arfpack".replace("/", "-") for p in batch.written
    )
    assert all(
        len(list_allocations(coordinator.workspace, ROUND, p.assessor)) == 2 for p in batch.written
    )


def test_a_withdrawn_but_scored_allocation_stays_out_of_returns(
    coordinator: Coordinator, tmp_path: Path
) -> None:
    laptop = take_pack(coordinator, AMARA, tmp_path)
    first = sorted(coordinator.mine(AMARA))[0]
    with Workspace.open(laptop) as ws:
        me = current_assessor(ws)
        row = next(r for r in my_allocations(ws, me.id) if r.organisation == first)
        record_score(ws, AMARA, row.id, "B-P1-01", 2)
    remove_allocation(coordinator.workspace, COORDINATOR, coordinator.mine(AMARA)[first])
    with Workspace.open(laptop) as ws:
        update = import_pack(ws, "Laptop owner", pack(coordinator, tmp_path, "2.arfpack"))
        assert update.kept == (first,) and stored_scores(ws, row.id)["B-P1-01"].score == 2
    report = import_return(
        coordinator.workspace, COORDINATOR, write_return(laptop, tmp_path / "a.arfreturn")
    )
    assert report.status == "unchanged" and report.reasons == ()  # nothing from the withdrawn one


def test_scores_entered_in_the_office_travel_in_the_first_pack(
    coordinator: Coordinator, tmp_path: Path
) -> None:
    organisation, allocation = sorted(coordinator.mine(AMARA).items())[0]
    first, second = coordinator.criteria(organisation)[:2]
    record_score(coordinator.workspace, AMARA, allocation, first, 3)
    record_score(coordinator.workspace, AMARA, allocation, second, 2)
    laptop = take_pack(coordinator, AMARA, tmp_path)
    with Workspace.open(laptop) as ws:
        me = current_assessor(ws)
        row = next(r for r in my_allocations(ws, me.id) if r.organisation == organisation)
        seeded = stored_scores(ws, row.id)
        assert {c: (s.score, s.revision) for c, s in seeded.items()} == {
            first: (3, 1),
            second: (2, 1),
        }
        record_score(ws, AMARA, row.id, first, 1)  # the assessor changes one on the laptop
    record_score(coordinator.workspace, AMARA, allocation, second, 0)  # and the office the other
    pack(coordinator, tmp_path, "again.arfpack")  # a second pack seeds nothing new
    report = import_return(
        coordinator.workspace, COORDINATOR, write_return(laptop, tmp_path / "r.arfreturn")
    )
    assert (report.updated, report.clashes, report.unchanged) == (1, 0, 3)  # 2 never submitted
    saved = stored_scores(coordinator.workspace, allocation)
    assert (saved[first].score, saved[second].score) == (1, 0)  # the office's change is kept
