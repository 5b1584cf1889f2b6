"""Audit anchors outside the database: a rewritten history is detected from an earlier letter."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from arf_desktop.cli.main import main
from arf_desktop.exporters.appeal_pack import write_appeal_pack
from arf_desktop.exporters.batch_export import export_round
from arf_desktop.exporters.results_workbook import write_results
from arf_desktop.registers.anchors import check_anchors, read_anchors
from arf_desktop.storage import audit, tables
from arf_desktop.storage.backups import copy_database
from arf_desktop.storage.workspace import Workspace
from tests.exporters.conftest import decided_file  # noqa: F401 - the shared decided round
from tests.exporters.decided_round import ROUND


@pytest.fixture
def copy_path(decided_file: Path, tmp_path: Path) -> Path:  # noqa: F811
    return copy_database(decided_file, tmp_path / "decided-copy.arfdb")


@pytest.fixture
def decided_copy(copy_path: Path):
    with Workspace.open(copy_path) as workspace:
        yield workspace


def rewrite_history(workspace: Workspace, seq: int) -> None:
    """What someone with the database does: edit an entry, then recompute the chain and head."""
    log = tables.audit_log
    with workspace.write("intruder") as tx:
        conn = tx.connection
        conn.execute(log.update().where(log.c.seq == seq).values(details='{"edited":true}'))
        prev = "0" * 64
        rows = conn.execute(select(log).order_by(log.c.seq)).all()
        prev = rows[0].prev_hash
        for row in rows:
            details = '{"edited":true}' if row.seq == seq else row.details
            digest = audit.entry_hash(
                row.seq, row.at, row.actor, row.action, row.entity, row.entity_id, details, prev
            )
            conn.execute(
                log.update().where(log.c.seq == row.seq).values(prev_hash=prev, hash=digest)
            )
            prev = digest
        conn.execute(
            tables.schema_info.update()
            .where(tables.schema_info.c.key == audit.HEAD_KEY)
            .values(value=f"{rows[-1].seq}:{prev}")
        )


def verify(database: Path, *anchors: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    argv = ["audit", "verify", "--db", str(database)]
    for anchor in anchors:
        argv += ["--anchor", str(anchor)]
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_rewritten_chain_is_caught_by_an_earlier_letter(
    decided_copy: Workspace, copy_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = copy_path
    with decided_copy.read() as conn:
        head = audit.head(conn)
    export_round(decided_copy, ROUND, ("letters", "certificates", "feedback"), tmp_path / "out")
    letter = next((tmp_path / "out").rglob("*letter*.pdf"))
    keywords = PdfReader(letter).metadata["/Keywords"]
    assert f"arf-audit-head:{head[0]}:{head[1]}" in keywords
    page = PdfReader(letter).pages[0].extract_text()
    assert f"Audit {head[0]} · {head[1][:8]}" in page
    assert read_anchors(letter) == [head]
    code, out = verify(database, letter, capsys=capsys)
    assert code == 0 and f"Audit head: {head[0]} · {head[1]}" in out
    assert "in the chain with that hash" in out

    rewrite_history(decided_copy, 3)
    with decided_copy.read() as conn:
        assert audit.verify(conn).ok  # the recomputed chain verifies on its own...
    code, out = verify(database, letter, capsys=capsys)
    assert code == 1 and "NOT MATCHED" in out and "rewritten" in out  # ...not against the letter
    assert "Audit head:" in out


def test_a_direct_agreed_score_edit_is_named(
    decided_copy: Workspace, copy_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = copy_path
    ag = tables.agreed_scores
    with decided_copy.write("intruder") as tx:
        row = tx.connection.execute(select(ag).order_by(ag.c.id).limit(1)).one()
        tx.connection.execute(ag.update().where(ag.c.id == row.id).values(score=row.score + 1))
    code, out = verify(database, capsys=capsys)
    assert code == 1 and "DIFFERS: agreed score" in out and row.criterion_id in out


def test_every_output_records_the_head(
    decided_copy: Workspace, copy_path: Path, tmp_path: Path
) -> None:
    with decided_copy.read() as conn:
        head = audit.head(conn)
    workbook = write_results(decided_copy, ROUND, tmp_path / "results.xlsx")
    assert read_anchors(workbook) == [head]
    with decided_copy.read() as conn:
        from arf_desktop.storage import organisations

        names = [o.name for o in organisations.list_organisations(conn)]
    pack = None
    for name in names:
        try:
            pack = write_appeal_pack(decided_copy, ROUND, name, tmp_path / "appeal.zip")
            break
        except Exception:
            continue
    assert pack is not None
    with zipfile.ZipFile(pack.path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert (manifest["audit_head"]["seq"], manifest["audit_head"]["hash"]) == head
    assert head in read_anchors(pack.path)
    backup = copy_database(copy_path, tmp_path / "backup.arfdb")
    assert read_anchors(backup) == [head]
    heads = tmp_path / "heads.txt"
    heads.write_text(f"Audit {head[0]} · {head[1]}\n1 {'0' * 64}\n", encoding="utf-8")
    checks = check_anchors(decided_copy, read_anchors(heads))
    assert [c.ok for c in checks] == [True, False]
