"""Batches: folders, zips, evidence files, re-imports, new versions, rounds, progress and cancel."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.batch import import_paths
from arf_desktop.registers.rounds import RoundDraft, create_round
from arf_desktop.registers.submissions import submission_detail
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import Workspace, counts
from tests.importers import hostile_files as h
from tests.importers.workbook_builders import Kit, both, filled, kit_for, set_evidence


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    """Batches run against SQLite and PostgreSQL alike."""
    return workspace


@pytest.fixture
def kit(ws: Workspace) -> Kit:
    return kit_for(ws)


def statuses(result) -> list[str]:
    return [record.status for record in result.files]


def entries(ws: Workspace) -> int:
    with ws.read() as conn:
        return audit.count_entries(conn)


def test_folder_recursive_with_evidence_and_clutter(ws: Workspace, kit: Kit, tmp_path: Path):
    root = tmp_path / "returns"
    for index in range(3):
        filled(kit, root / f"trust {index}" / "deep", organisation=index, seed=index)
    (root / "~$submission.xlsx").write_bytes(b"lock file")
    (root / ".DS_Store").write_bytes(b"junk")
    (root / "notes.txt").write_text("not a workbook")
    result = import_paths(ws, "Tester", [root], "Round A")
    assert statuses(result) == ["imported"] * 3
    assert result.round_created and result.ok
    with ws.read() as conn:
        numbers = counts(conn)
    detail = submission_detail(ws, 1)
    assert (numbers.rounds, numbers.submissions) == (1, 3)
    named = [f for a in detail.answers for f in a.files]
    assert named and all(f.stored for f in named)


def test_zip_batch_with_workbook_and_evidence(ws: Workspace, kit: Kit, tmp_path: Path):
    source = tmp_path / "source"
    workbook = filled(kit, source, edit=set_evidence("B-P1-01", wc.COL_FILES, "policy.pdf"))
    batch = tmp_path / "batch.zip"
    with zipfile.ZipFile(batch, "w") as archive:
        archive.write(workbook, "Trust A/submission.xlsx")
        archive.writestr("Trust A/evidence/policy.pdf", b"%PDF-1.7 policy")
        archive.writestr("__MACOSX/Trust A/._submission.xlsx", b"junk")
    result = import_paths(ws, "Tester", [batch], "Round A")
    assert statuses(result) == ["imported"]
    assert result.files[0].file == f"{batch} › Trust A/submission.xlsx"
    answer = submission_detail(ws, 1).answers[0]
    assert [(f.name, f.stored) for f in answer.files] == [("policy.pdf", True)]


def test_missing_and_unsafe_evidence_names_are_warnings(ws, kit: Kit, tmp_path: Path):
    edit = both(
        set_evidence("B-P1-01", wc.COL_FILES, "missing.pdf"),
        set_evidence("B-P1-02", wc.COL_FILES, "../../etc/passwd"),
        set_evidence("B-P1-03", wc.COL_FILES, "twin.pdf"),
    )
    path = filled(kit, tmp_path / "in", edit=edit, evidence=False)
    for sub in ("a", "b"):
        (tmp_path / "in" / sub).mkdir()
        (tmp_path / "in" / sub / "twin.pdf").write_bytes(sub.encode())
    result = import_paths(ws, "Tester", [path], "Round A")
    [record] = result.files
    assert record.status == "imported"
    by_cell = {w.where: w.message for w in record.warnings}
    assert "not found beside the workbook" in by_cell["Evidence!H2"]
    assert "outside the workbook's folder" in by_cell["Evidence!H3"]
    assert "more than one file" in by_cell["Evidence!H4"]
    detail = submission_detail(ws, 1)
    assert [f.stored for a in detail.answers[:3] for f in a.files] == [False, False, False]
    assert len(detail.warnings) == 3


def test_reimport_is_unchanged_even_when_resaved(ws: Workspace, kit: Kit, tmp_path: Path):
    path = filled(kit, tmp_path / "in")
    assert statuses(import_paths(ws, "Tester", [path], "Round A")) == ["imported"]
    before = entries(ws)
    again = import_paths(ws, "Tester", [path], "Round A")
    assert statuses(again) == ["unchanged"] and again.ok
    assert "already imported as version 1" in again.files[0].message
    resaved = openpyxl.load_workbook(path)
    resaved.properties.creator = "Someone else"
    resaved.save(path)
    assert statuses(import_paths(ws, "Tester", [path], None)) == ["unchanged"]
    assert entries(ws) == before


def test_changed_workbook_becomes_a_new_version(ws: Workspace, kit: Kit, tmp_path: Path):
    first = filled(kit, tmp_path / "v1")
    import_paths(ws, "Tester", [first], "Round A")
    second = filled(
        kit,
        tmp_path / "v2",
        edit=both(
            set_evidence("B-P1-02", wc.COL_SUMMARY, "Rewritten after feedback."),
            set_evidence("B-P3-01", wc.COL_SELF, "Not yet met"),
        ),
    )
    result = import_paths(ws, "Tester", [second], None)
    assert statuses(result) == ["imported"] and result.files[0].version == 2
    latest = submission_detail(ws, 1)
    older = submission_detail(ws, 1, version_no=1)
    assert latest.versions == 2 and latest.compared_with == 1
    assert latest.changed == ("B-P1-02", "B-P3-01")
    assert older.changed == () and older.compared_with is None
    # the first file again is not re-imported: it is the same as the replaced version 1
    back = import_paths(ws, "Tester", [first], None)
    assert statuses(back) == ["unchanged"] and "which version 2 replaced" in back.files[0].message


def test_round_resolution(ws: Workspace, kit: Kit, tmp_path: Path):
    path = filled(kit, tmp_path / "in")
    with pytest.raises(NotFound, match="no round yet"):
        import_paths(ws, "Tester", [path])
    bad = h.build_empty(tmp_path)
    rejected = import_paths(ws, "Tester", [bad], "Never created")
    assert statuses(rejected) == ["rejected"] and not rejected.round_created
    with ws.read() as conn:
        assert counts(conn).rounds == 0
    create_round(ws, "Tester", RoundDraft("Round A"))
    assert import_paths(ws, "Tester", [path]).round_name == "Round A"
    create_round(ws, "Tester", RoundDraft("Round B"))
    with pytest.raises(Refused, match="2 rounds"):
        import_paths(ws, "Tester", [path])
    assert import_paths(ws, "Tester", [path], " round   b ").round_name == "Round B"


def test_progress_and_cancel_between_workbooks(ws: Workspace, kit: Kit, tmp_path: Path):
    for index in range(4):
        filled(kit, tmp_path / "in" / str(index), organisation=index, evidence=False)
    seen: list[tuple[int, int, str]] = []
    result = import_paths(
        ws,
        "Tester",
        [tmp_path / "in"],
        "Round A",
        progress=lambda d, t, n: seen.append((d, t, n)),
        cancel=lambda: len(seen) >= 2,
    )
    assert result.cancelled and result.not_started == 2 and not result.ok
    assert statuses(result) == ["imported", "imported"]
    assert [s[:2] for s in seen] == [(0, 4), (1, 4)]
    with ws.read() as conn:
        assert counts(conn).submissions == 2


def test_mixed_batch_and_json_records(ws: Workspace, kit: Kit, tmp_path: Path):
    folder = tmp_path / "in"
    filled(kit, folder / "good")
    h.build_csv(folder)
    (folder / "empty").mkdir()
    result = import_paths(ws, "Tester", [folder, folder / "empty", tmp_path / "nope.xlsx"], "R")
    records = {Path(r.file.split(" › ")[-1]).name: r for r in result.files}
    assert records["submission.xlsx"].status == "imported"
    assert records["export.xlsx"].status == "rejected"
    assert "holds no Excel workbook" in records["empty"].problems[0].message
    assert "could not be found" in records["nope.xlsx"].problems[0].message
    payload = json.loads(json.dumps([r.as_json() for r in result.files]))
    assert set(payload[0]) == {
        "file", "status", "organisation", "version", "message", "problems", "warnings",
    }  # fmt: skip
    rejected = next(p for p in payload if p["status"] == "rejected")
    assert set(rejected["problems"][0]) == {"sheet", "cell", "message"}


def test_spreadsheets_used_as_evidence_are_not_reported(ws, kit: Kit, tmp_path: Path):
    folder = tmp_path / "in"
    filled(kit, folder, edit=set_evidence("B-P5-01", wc.COL_FILES, "Pay gap data.xlsx"))
    h.build_valid_workbook(folder, "Pay gap data.xlsx")
    result = import_paths(ws, "Tester", [folder], "Round A")
    assert statuses(result) == ["imported"] and result.ok


def test_two_workbooks_for_one_organisation_in_a_batch(ws, kit: Kit, tmp_path: Path):
    filled(kit, tmp_path / "in" / "a")
    filled(kit, tmp_path / "in" / "b", edit=set_evidence("B-P1-01", wc.COL_SUMMARY, "New"))
    result = import_paths(ws, "Tester", [tmp_path / "in"], "Round A")
    assert [r.version for r in result.files] == [1, 2]
    assert "also for" in result.files[1].warnings[-1].message


def test_nested_zip_is_not_opened(ws: Workspace, tmp_path: Path):
    inner = h.build_clean_batch(tmp_path, "inner.zip")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(inner, "inner.zip")
    result = import_paths(ws, "Tester", [outer], "Round A")
    assert statuses(result) == ["rejected"]
    assert "zip inside a zip" in result.files[0].problems[0].message


def test_a_version_after_scoring_and_decision_is_flagged(
    ws: Workspace, kit: Kit, tmp_path: Path
) -> None:
    """A revised workbook after assessors scored is imported, with a warning saying so."""
    from arf_desktop.registers.assessors import AssessorDraft, add_assessor
    from arf_desktop.scoring.allocation import allocate_by_hand
    from arf_desktop.scoring.scores import record_score

    first = filled(kit, tmp_path / "first")
    assert import_paths(ws, "t", [first], "Round A").files[0].status == "imported"
    add_assessor(ws, "t", AssessorDraft("Ana Reviewer"))
    row = allocate_by_hand(ws, "t", "Round A", kit.organisation().name, "Ana Reviewer")
    record_score(ws, "Ana Reviewer", row.id, "B-P1-01", 2)
    revised = filled(
        kit, tmp_path / "revised", edit=set_evidence("B-P1-02", wc.COL_SUMMARY, "Rewritten.")
    )
    result = import_paths(ws, "t", [revised], "Round A").files[0]
    assert (result.status, result.version) == ("imported", 2)
    assert any("1 assessor had scored version 1" in w.message for w in result.warnings)
