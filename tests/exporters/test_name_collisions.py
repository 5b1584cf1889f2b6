"""Organisations whose names spell the same file name each get a file of their own."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from arf_desktop.exporters.from_decisions import round_documents
from arf_desktop.files.names import name_key, unique_names
from arf_desktop.storage.backups import copy_database
from arf_desktop.storage.workspace import Workspace
from tests.exporters.decided_round import GM, ROUND, Plan, build_decided_round

ALIKE = (
    "St Mary's Hospital",
    "St Marys Hospital",
    "Ärzte Gesundheit",
    "Arzte Gesundheit",
    "東京病院",
    "大阪病院",
    "Aux",
    "AUX.",
)


@pytest.fixture(scope="module")
def alike_round(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plans = {name: Plan("bronze", "Sam Lee", "awarded", "Bronze") for name in ALIKE}
    location = tmp_path_factory.mktemp("alike") / "alike.arfdb"
    return build_decided_round(location, plans, {name: GM for name in ALIKE})


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def export(db: Path, kind: str, out: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    args = ["export", kind, "--db", str(db), "--round", ROUND, "--out", str(out), "--json"]
    assert main(args) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def markers(db: Path) -> dict[str, tuple[str, str]]:
    """Each organisation's reference and certificate number, which its documents print."""
    with Workspace.open(db) as workspace:
        made = round_documents(workspace, ROUND)
    return {d.organisation: (d.document.reference, d.document.certificate_number) for d in made}


@pytest.mark.parametrize("kind", ["letters", "certificates", "feedback"])
def test_every_organisation_gets_its_own_file(
    alike_round: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    out = tmp_path / kind
    payload = export(alike_round, kind, out, capsys)
    files = sorted(out.iterdir())
    assert len(files) == len(payload["written"]) == len(ALIKE)
    assert len({name_key(p.name) for p in files}) == len(files)  # apart on Windows too
    known = markers(alike_round)
    holders = {}
    for path in files:
        text = " ".join(pdf_text(path).split())
        [holder] = [name for name, numbers in known.items() if set(numbers) & set(text.split())]
        if holder.isascii() or holder.startswith("Ä"):  # a script the embedded font draws
            assert holder.rstrip(".") in text
        holders[holder] = path.name
    assert sorted(holders) == sorted(ALIKE)
    assert holders["St Mary's Hospital"].endswith("st-marys-hospital.pdf")
    assert holders["St Marys Hospital"].endswith("st-marys-hospital-2.pdf")
    assert holders["Ärzte Gesundheit"].endswith("arzte-gesundheit.pdf")
    assert holders["Arzte Gesundheit"].endswith("arzte-gesundheit-2.pdf")


def test_the_count_printed_is_the_files_written(
    alike_round: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all"
    args = ["export", "all", "--db", str(alike_round), "--round", ROUND, "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    pdfs = [p for p in out.iterdir() if p.suffix == ".pdf"]
    assert f"{len(pdfs)} files written to" in printed and len(pdfs) == 3 * len(ALIKE)


def test_names_are_the_same_each_time_and_follow_the_order_given() -> None:
    entries = [(3, "letter-a.pdf"), (1, "Letter-A.pdf"), (2, "letter-a-2.pdf"), (4, "LETTER-A.PDF")]
    first = unique_names(entries)
    assert first == unique_names(list(entries))
    assert first == {
        3: "letter-a.pdf",
        1: "Letter-A-3.pdf",
        2: "letter-a-2.pdf",
        4: "LETTER-A-4.PDF",
    }
    assert len({name_key(n) for n in first.values()}) == 4


def test_unicode_forms_and_reserved_names_stay_apart() -> None:
    composed, decomposed = "Ärzte.pdf", "A\u0308rzte.pdf"
    found = unique_names([(1, composed), (2, decomposed), (3, "_CON.pdf"), (4, "_con.pdf")])
    assert found == {1: composed, 2: "A\u0308rzte-2.pdf", 3: "_CON.pdf", 4: "_con-2.pdf"}


def test_work_packs_of_assessors_whose_names_spell_alike_are_kept_apart(
    alike_round: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    from arf_desktop.registers.assessors import AssessorDraft, add_assessor
    from arf_desktop.scoring.allocation import allocate_by_hand

    db = tmp_path / "packs.arfdb"
    copy_database(alike_round, db)
    with Workspace.open(db) as workspace:
        for name in ("Ben: Ward", "Ben- Ward"):
            add_assessor(workspace, "Test", AssessorDraft(name))
        for name in ("Ben: Ward", "Ben- Ward"):
            allocate_by_hand(workspace, "Test", ROUND, "St Marys Hospital", name)
    out = tmp_path / "packs"
    monkeypatch.setenv("ARF_PASSPHRASE", "alike names pack phrase")  # packs are encrypted
    args = ["pack", "export", "--db", str(db), "--round", ROUND, "--out", str(out), "--json"]
    assert main(args) == 0, capsys.readouterr().err
    written = json.loads(capsys.readouterr().out)["written"]
    assert len(written) == len(list(out.iterdir())) == len({w["path"] for w in written})
    names = {w["assessor"]: Path(w["path"]).name for w in written}
    assert names["Ben- Ward"] == "Spring 2025 - Ben- Ward.arfpack"
    assert names["Ben: Ward"] == "Spring 2025 - Ben- Ward-2.arfpack"
