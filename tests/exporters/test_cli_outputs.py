"""`arf-desktop export …`: documents, results workbook, appeal pack, dashboard and settings."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from arf_desktop.cli.main import main
from arf_desktop.exporters.round_settings import DEFAULT_ROUTE
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import Workspace
from tests.exporters.decided_round import ROUND


def run(args: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> dict:
    assert main([*args, "--json"]) == code, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("kind", "count"), [("letters", 5), ("certificates", 4), ("feedback", 5), ("all", 15)]
)
def test_export_documents(
    decided_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, count: int
) -> None:
    out = tmp_path / "out"
    payload = run(
        ["export", kind, "--db", str(decided_file), "--round", ROUND, "--out", str(out)], capsys
    )
    assert len(payload["written"]) == count and not payload["cancelled"]
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(p).name for p in payload["written"])
    if kind == "all":
        assert (out / "results-spring-2025.xlsx").exists()


def test_export_results_and_dashboard(
    decided_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(decided_file)]
    target = tmp_path / "round.xlsx"
    payload = run(["export", "results", *db, "--out", str(target)], capsys)
    assert payload["written"] == [str(target)]
    assert openpyxl.load_workbook(target)["Results"].max_row == 7
    payload = run(["export", "dashboard", *db, "--out", str(tmp_path / "dash.pdf")], capsys)
    assert payload["target"] == 0.75 and sum(payload["groups"][-1]["held"].values()) == 4
    assert (tmp_path / "dash.pdf").read_bytes().startswith(b"%PDF-")


def test_export_appeal_pack(
    decided_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "appeal.zip"
    payload = run(
        [
            "export",
            "appeal-pack",
            "--db",
            str(decided_file),
            "--round",
            ROUND,
            "--organisation",
            "bolton nhs foundation trust",
            "--out",
            str(target),
        ],
        capsys,
    )
    assert payload["chain_ok"] is True and payload["organisation"] == "Bolton NHS Foundation Trust"
    assert "manifest.json" in zipfile.ZipFile(target).namelist()
    assert (
        main(
            [
                "export",
                "appeal-pack",
                "--db",
                str(decided_file),
                "--round",
                ROUND,
                "--organisation",
                "Nowhere Trust",
                "--out",
                str(tmp_path / "x.zip"),
            ]
        )
        == 1
    )
    assert "Nowhere Trust has no submission" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


def test_export_settings_show_and_change(
    decided_copy: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(decided_copy.location)]
    assert run(["export", "settings", *db], capsys)["validity_years"] == 3
    payload = run(
        [
            "export",
            "settings",
            *db,
            "--validity-years",
            "4",
            "--target",
            "0.6",
            "--signatory",
            "Zoë Ó Briain|Chair",
            "--signatory",
            "Ann Lee|Lead",
        ],
        capsys,
    )
    assert payload == {
        "validity_years": 4,
        "signatories": [
            {"name": "Zoë Ó Briain", "role": "Chair"},
            {"name": "Ann Lee", "role": "Lead"},
        ],
        "signatories_set": True,
        "letterhead": {
            "title": "NHS North West Anti-Racist Framework",
            "subtitle": "NHS North West Black, Asian and Minority Ethnic Assembly",
            "contact": "",
        },
        "target": 0.6,
        "resubmission": {ROUND: {"deadline": "8", "route": DEFAULT_ROUTE}},
    }
    assert main(["export", "settings", *db, "--validity-years", "0"]) == 1
    assert "whole number of years" in capsys.readouterr().err
    payload = run(
        ["export", "settings", *db, "--letterhead", "ARF North West|BAME Assembly|arf@nhs.net",
         "--round", ROUND, "--resubmission-deadline", "6",
         "--resubmission-route", "upload it to the ARF team site"],
        capsys,
    )  # fmt: skip
    assert payload["letterhead"] == {
        "title": "ARF North West",
        "subtitle": "BAME Assembly",
        "contact": "arf@nhs.net",
    }
    assert payload["resubmission"] == {
        ROUND: {"deadline": "6", "route": "upload it to the ARF team site"}
    }
    assert main(["export", "settings", *db, "--letterhead", "|no title"]) == 1
    assert "outputs.letterhead" in capsys.readouterr().err
    assert main(["export", "settings", *db, "--resubmission-deadline", "soon"]) == 1
    assert "number of weeks" in capsys.readouterr().err


def test_letters_wait_for_named_signatories(
    decided_copy: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Letters and certificates are refused until the signatories are set; feedback is not."""
    from arf_desktop.exporters.output_settings import SIGNATORIES_KEY

    with decided_copy.write("Tester") as tx:
        tx.execute(tables.settings.delete().where(tables.settings.c.key == SIGNATORIES_KEY))
    db = ["--db", str(decided_copy.location), "--round", ROUND]
    for kind in ("letters", "certificates", "all"):
        assert main(["export", kind, *db, "--out", str(tmp_path / kind)]) == 1
        assert 'export settings --signatory "Name|Role"' in capsys.readouterr().err
        assert not (tmp_path / kind).exists()
    assert (
        len(run(["export", "feedback", *db, "--out", str(tmp_path / "f")], capsys)["written"]) == 5
    )
    shown = run(["export", "settings", "--db", str(decided_copy.location)], capsys)
    assert shown["signatories_set"] is False
    run(["export", "settings", "--db", str(decided_copy.location),
         "--signatory", "Adaeze Nwosu|Chair of the panel"], capsys)  # fmt: skip
    assert (
        len(run(["export", "letters", *db, "--out", str(tmp_path / "l")], capsys)["written"]) == 5
    )


def test_letters_also_as_plain_text(
    decided_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["export", "letters", "--db", str(decided_file), "--round", ROUND, "--out", str(out)]
    payload = run([*args, "--also-text"], capsys)
    texts = sorted(out.glob("letter-*.txt"))
    assert len(texts) == 5 and len(payload["written"]) == 10
    for text in texts:
        assert (out / f"{text.stem}.pdf").exists()
        body = text.read_text(encoding="utf-8")
        assert "Yours sincerely," in body and "Adaeze Nwosu" in body


def test_unknown_round_and_bad_letter_date(
    decided_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(decided_file)]
    assert main(["export", "letters", *db, "--round", "Nope", "--out", str(tmp_path)]) == 1
    assert "There is no round called “Nope”" in capsys.readouterr().err
    assert (
        main(["export", "letters", *db, "--out", str(tmp_path), "--letter-date", "07/03/2025"]) == 1
    )
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
