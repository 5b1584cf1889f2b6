"""Offline scoring sheets: real xlsx files written, edited with openpyxl and imported back."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from arf_desktop.domain.errors import Refused
from arf_desktop.registers.interests import ConflictDraft, add_conflict
from arf_desktop.scoring.allocation import allocate_by_hand
from arf_desktop.scoring.scores import record_comment, record_score, stored_scores, submit
from arf_desktop.scoring.scoresheet import (
    ScoresheetRejected,
    export_scoresheet,
    import_scoresheet,
)
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import counts
from tests.scoring.conftest import COORDINATOR, ROUND, Scene

BLACKPOOL = "Blackpool Teaching Hospitals NHS Foundation Trust"  # Bronze: 17 criteria
MFT = "Liverpool University Hospitals NHS Foundation Trust"  # Silver: 33 criteria
SIAN = "Siân Evans"


@pytest.fixture
def sheet(scene: Scene, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    ids = {
        org: allocate_by_hand(scene.workspace, COORDINATOR, ROUND, org, SIAN).id
        for org in (BLACKPOOL, MFT)
    }
    record_score(scene.workspace, SIAN, ids[BLACKPOOL], "B-P1-01", 3)
    out = tmp_path / "sian.xlsx"
    written = export_scoresheet(scene.workspace, ROUND, "siân evans", out)
    assert written.rows == 17 + 33 and written.submissions == 2
    return out, ids


def columns(ws) -> dict[str, int]:
    return {cell.value: cell.column for cell in ws[1]}


def row_of(ws, organisation: str, criterion: str) -> int:
    col = columns(ws)
    for r in range(2, ws.max_row + 1):
        if (
            ws.cell(r, col["Organisation"]).value == organisation
            and ws.cell(r, col["Criterion ID"]).value == criterion
        ):
            return r
    raise KeyError((organisation, criterion))


def edit(path: Path, changes: list[tuple[str, str, str, object]]) -> None:
    book = load_workbook(path)
    ws = book["Scores"]
    col = columns(ws)
    for organisation, criterion, column, value in changes:
        ws.cell(row_of(ws, organisation, criterion), col[column]).value = value
    book.save(path)


def test_export_layout(scene: Scene, sheet) -> None:
    path, _ = sheet
    book = load_workbook(path)
    assert book.sheetnames == ["Scores", "Scale", "Criteria", "ARF"]
    ws = book["Scores"]
    col = columns(ws)
    assert {"Organisation", "Criterion ID", "Criterion", "Score", "Comment"} <= set(col)
    assert "Evidence summary (for reference)" in col
    first = row_of(ws, BLACKPOOL, "B-P1-01")
    assert ws.cell(first, col["Score"]).value == "3 · Exemplary"
    assert ws.cell(first, col["Evidence summary (for reference)"]).value
    assert ws.protection.sheet and not ws.cell(first, col["Score"]).protection.locked
    assert ws.cell(first, col["Organisation"]).protection.locked
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].formula1 == "=Scale!$C$2:$C$5"
    assert f"I2:I{ws.max_row}" in str(validations[0].sqref)
    assert [ws.cell(r, 3).value for r in range(2, 6)] != []
    identity = {r[0].value: r[1].value for r in book["ARF"].iter_rows()}
    assert book["ARF"].sheet_state == "hidden"
    assert identity["round"] == ROUND and identity["assessor"] == SIAN
    assert (identity["framework"], identity["framework_version"]) == ("arf-draft-2024", "2024.1")
    assert [book["Scale"].cell(r, 3).value for r in range(2, 6)] == [
        "0 · Not evidenced",
        "1 · Partially evidenced",
        "2 · Fully evidenced",
        "3 · Exemplary",
    ]


def test_import_applies_all_then_is_idempotent_and_audited(scene: Scene, sheet) -> None:
    path, ids = sheet
    edit(
        path,
        [
            (BLACKPOOL, "B-P1-02", "Score", "2 · Fully evidenced"),
            (BLACKPOOL, "B-P1-03", "Score", 1),
            (BLACKPOOL, "B-P1-03", "Comment", '=HYPERLINK("x") is not how we cite'),
            (MFT, "S-P1-01", "Score", "0"),
            (MFT, "S-P1-01", "Comment", "+ nothing for Silver yet"),
        ],
    )
    # The formula-looking comments above were typed as text (openpyxl wrote them as formulas,
    # so make them text as Excel would with a leading apostrophe).
    book = load_workbook(path)
    ws = book["Scores"]
    col = columns(ws)
    for org, cid in ((BLACKPOOL, "B-P1-03"), (MFT, "S-P1-01")):
        cell = ws.cell(row_of(ws, org, cid), col["Comment"])
        cell.data_type = "s"
    book.save(path)
    result = import_scoresheet(scene.workspace, COORDINATOR, path)
    assert (result.scores_changed, result.comments_changed) == (3, 2)
    assert result.unchanged == 1  # B-P1-01 already 3
    mine = stored_scores(scene.workspace, ids[BLACKPOOL])
    assert mine["B-P1-02"].score == 2 and mine["B-P1-03"].score == 1
    assert mine["B-P1-03"].comment == '=HYPERLINK("x") is not how we cite'
    assert stored_scores(scene.workspace, ids[MFT])["S-P1-01"].score == 0
    with scene.workspace.read() as conn:
        before = counts(conn)
        entries = audit.page(conn, 0, 6)
        assert audit.verify(conn).ok
    assert entries[0].action == "scoresheet.import" and entries[0].details["changes"] == 5
    assert {e.action for e in entries[1:]} == {"score.change", "comment.change"}
    assert all(e.details["source"].startswith("scoresheet:") for e in entries[1:])
    again = import_scoresheet(scene.workspace, COORDINATOR, path)
    assert again.scores_changed == again.comments_changed == 0
    with scene.workspace.read() as conn:
        assert counts(conn) == before  # not even an audit entry


def test_every_problem_is_named_by_cell_and_nothing_is_imported(scene: Scene, sheet) -> None:
    path, ids = sheet
    edit(
        path,
        [
            (BLACKPOOL, "B-P1-02", "Score", 2),  # valid, but must not be imported
            (BLACKPOOL, "B-P1-04", "Score", 7),
            (BLACKPOOL, "B-P1-05", "Score", "2 · Exemplary"),
            (BLACKPOOL, "B-P2-01", "Criterion ID", "G-P1-01"),
            (BLACKPOOL, "B-P2-02", "Organisation", "Bolton NHS Foundation Trust"),
            (MFT, "S-P1-02", "Score", "=1+1"),
        ],
    )
    with scene.workspace.read() as conn:
        before = counts(conn)
    with pytest.raises(ScoresheetRejected) as rejected:
        import_scoresheet(scene.workspace, COORDINATOR, path)
    message = rejected.value.message
    book = load_workbook(path)
    ws = book["Scores"]
    r = {cid: row_of(ws, org, cid) for org, cid in ((BLACKPOOL, "B-P1-04"), (BLACKPOOL, "B-P1-05"))}
    assert (
        f"sian.xlsx, sheet Scores, cell I{r['B-P1-04']}: “7” is not a score on the scale" in message
    )
    assert f"cell I{r['B-P1-05']}: “2 · Exemplary” gives the score 2 with the label" in message
    assert "“G-P1-01” is not a criterion Blackpool" in message
    assert "is not allocated to “Bolton NHS Foundation Trust”" in message
    assert "holds a formula (=1+1)" in message
    assert message.endswith("nothing was imported; correct the sheet and import it again.")
    assert len(rejected.value.problems) == 5
    with scene.workspace.read() as conn:
        assert counts(conn) == before
    assert "B-P1-02" not in stored_scores(scene.workspace, ids[BLACKPOOL])


def test_import_refuses_a_conflicted_organisation(scene: Scene, sheet) -> None:
    path, _ids = sheet
    edit(path, [(MFT, "S-P1-01", "Score", 2), (BLACKPOOL, "B-P1-02", "Score", 2)])
    add_conflict(scene.workspace, COORDINATOR, ConflictDraft(SIAN, MFT, "Joined their board"))
    with pytest.raises(ScoresheetRejected) as rejected:
        import_scoresheet(scene.workspace, COORDINATOR, path)
    assert "Siân Evans cannot score Liverpool University" in rejected.value.message
    assert "Joined their board" in rejected.value.message


def test_import_never_overwrites_a_newer_edit_made_in_the_window(scene: Scene, sheet) -> None:
    path, ids = sheet
    record_score(scene.workspace, SIAN, ids[BLACKPOOL], "B-P1-01", 2)  # after the export
    edit(path, [(BLACKPOOL, "B-P1-01", "Score", 1)])
    with pytest.raises(ScoresheetRejected, match="changed in ARF Desktop after this sheet"):
        import_scoresheet(scene.workspace, COORDINATOR, path)
    edit(path, [(BLACKPOOL, "B-P1-01", "Score", 2)])  # agreeing with the newer value is fine
    assert import_scoresheet(scene.workspace, COORDINATOR, path).scores_changed == 0


def test_submitted_scores_are_locked_against_a_sheet(scene: Scene, sheet, tmp_path) -> None:
    path, ids = sheet
    for cid in [f"B-P{p}-0{n}" for p in range(1, 6) for n in range(1, 6)]:
        try:
            record_score(scene.workspace, SIAN, ids[BLACKPOOL], cid, 2)
        except Exception:
            continue
    submit(scene.workspace, SIAN, ids[BLACKPOOL])
    edit(path, [(BLACKPOOL, "B-P1-03", "Score", 0)])
    with pytest.raises(ScoresheetRejected, match="submitted and are locked"):
        import_scoresheet(scene.workspace, COORDINATOR, path)
    record_comment  # noqa: B018 - imported for symmetry with the window path
    fresh = tmp_path / "fresh.xlsx"
    export_scoresheet(scene.workspace, ROUND, SIAN, fresh)
    ws = load_workbook(fresh)["Scores"]
    col = columns(ws)
    r = row_of(ws, BLACKPOOL, "B-P1-03")
    assert ws.cell(r, col["Status"]).value == "Submitted"
    assert ws.cell(r, col["Score"]).protection.locked


def test_user_text_is_never_written_as_a_formula(scene: Scene, tmp_path: Path) -> None:
    mine = allocate_by_hand(scene.workspace, COORDINATOR, ROUND, BLACKPOOL, SIAN).id
    record_score(scene.workspace, SIAN, mine, "B-P1-01", 1)
    for text in ("=SUM(A1:A9)", "+44 161 000", "-not met", "@risk"):
        record_comment(scene.workspace, SIAN, mine, "B-P1-01", text)
        out = tmp_path / "f.xlsx"
        export_scoresheet(scene.workspace, ROUND, SIAN, out)
        ws = load_workbook(out)["Scores"]
        cell = ws.cell(row_of(ws, BLACKPOOL, "B-P1-01"), columns(ws)["Comment"])
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
        # and the sheet imports back unchanged
        assert import_scoresheet(scene.workspace, SIAN, out).comments_changed == 0


def test_not_a_scoresheet(scene: Scene, tmp_path: Path) -> None:
    from openpyxl import Workbook

    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    with pytest.raises(ScoresheetRejected, match="sheet Scores: this sheet is missing"):
        import_scoresheet(scene.workspace, COORDINATOR, other)
    broken = tmp_path / "broken.xlsx"
    broken.write_text("name,score\n", encoding="utf-8")
    with pytest.raises(Refused, match=r"broken\.xlsx"):
        import_scoresheet(scene.workspace, COORDINATOR, broken)
    with pytest.raises(Refused, match="nothing to score"):
        export_scoresheet(scene.workspace, ROUND, SIAN, tmp_path / "none.xlsx")
