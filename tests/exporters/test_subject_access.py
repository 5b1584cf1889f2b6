"""A subject access zip holds every record about the person: records.json and a readable PDF."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from arf_desktop.cli.main import main
from tests.registers import person_workspace as pw
from tests.registers.person_workspace import COMMENT, EMAIL, FEEDBACK, PERSON, RATIONALE, STORY

person_template, person_db = pw.person_template, pw.person_db


def test_the_zip_holds_every_record_and_a_summary(
    person_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "answer" / "sian.zip"
    out.parent.mkdir()
    args = ["subject-access", "--email", EMAIL.lower(), "--out", str(out), "--db", str(person_db)]
    assert main(args) == 0
    assert "records.json with" in capsys.readouterr().out
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["records.json", "summary.pdf"]
        answer = json.loads(archive.read("records.json"))
        (tmp_path / "summary.pdf").write_bytes(archive.read("summary.pdf"))
    assert sorted(answer["identifiers"]) == sorted([PERSON, EMAIL])
    records = answer["records"]
    assert {(r["table"], r["field"]) for r in records} >= pw.PLACES
    values = json.dumps([r["value"] for r in records], ensure_ascii=False)
    for text in (COMMENT, RATIONALE, FEEDBACK, STORY, pw.CONFLICT, pw.TITLE):
        assert text in values
    assert all(r["where"] and r["table"] and r["id"] for r in records)
    assert list(out.parent.iterdir()) == [out]  # written whole, nothing left beside it
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "summary.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Records held about you" in text and PERSON in text
    assert "Letter already issued" in text and "Score comment" in text
