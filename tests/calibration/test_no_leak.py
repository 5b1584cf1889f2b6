"""The key never leaves before submission: sheets, packs, returns and the window are read for it."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from arf_desktop.app import make_application
from arf_desktop.cli.main import main
from arf_desktop.registers.assessors import require_assessor, set_current_assessor
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.calibration.screen import CalibrationScreen
from arf_desktop.ui.scoring.screen import ScoringScreen
from tests.calibration.conftest import EXERCISE, LABEL, LEAD, MARK, Calibrated, score_and_submit

AMARA = "Amara Okafor"


def zip_text(path: Path | bytes) -> str:
    """Every member of a zip (xlsx, work pack, return), decompressed, as one text."""
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(source) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )


def window_text(widget: QWidget) -> str:
    """Everything a widget tree shows: labels, buttons, boxes and every table cell and tip."""
    parts: list[str] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel | QAbstractButton | QLineEdit):
            parts.append(child.text())
        elif isinstance(child, QPlainTextEdit | QTextEdit):
            parts.append(child.toPlainText())
        elif isinstance(child, QComboBox):
            parts += [child.itemText(i) for i in range(child.count())]
        elif isinstance(child, QAbstractItemView) and child.model() is not None:
            model = child.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        parts.append(str(model.data(index, role) or ""))
        parts.append(child.toolTip())
    return "\n".join(parts)


def run(args: list[str], capsys) -> str:
    code = main(args)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out + captured.err


def scoring_screen(qtbot, calibrated: Calibrated) -> ScoringScreen:
    make_application()
    workspace = calibrated.workspace
    set_current_assessor(workspace, LEAD, require_assessor(workspace, AMARA).id)
    screen = ScoringScreen(workspace, lambda: LEAD)
    qtbot.addWidget(screen)
    rows = screen.allocations.records()
    item = next(r for r in rows if r.round_name.startswith("Calibration:"))
    screen.open_allocation(item)
    return screen


def opened_pack(path: Path) -> bytes:
    """The plain zip inside an encrypted work pack."""
    from arf_desktop.exchange.packs import PACK_FORMAT
    from arf_desktop.exchange.sealed import passphrase_key, unseal

    with path.open("rb") as handle:
        return unseal(
            handle, path.name, PACK_FORMAT, 10**9, lambda h: passphrase_key(h, PASSPHRASE, "p")
        )


def opened_return(workspace: Workspace, path: Path) -> str:
    """Everything an encrypted return holds, opened with the key of its pack."""
    from arf_desktop.exchange.merge import return_secrets
    from arf_desktop.exchange.returns import read_return_file

    returned = read_return_file(path, return_secrets(workspace))
    return json.dumps([returned.manifest, returned.records], ensure_ascii=False)


PASSPHRASE = "calibration pack phrase"


def test_no_artefact_shows_the_key_before_submission(
    qtbot, calibrated: Calibrated, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("ARF_PASSPHRASE", PASSPHRASE)
    db = ["--db", str(calibrated.path), "--user", LEAD]
    sheet = tmp_path / "sheet.xlsx"
    run(["scoresheet", "export", "--calibration", EXERCISE, "--assessor", AMARA,
         "--out", str(sheet), *db], capsys)  # fmt: skip
    pack = tmp_path / "amara.arfpack"
    run(["pack", "export", "--round", f"Calibration: {EXERCISE}", "--assessor", AMARA,
         "--out", str(pack), *db], capsys)  # fmt: skip
    listed = run(["calibration", "list", *db], capsys) + run(["calibration", "report", *db], capsys)
    # the assessor's laptop: the pack imported into a workspace of its own, a return written
    laptop = tmp_path / "laptop.arfdb"
    init_workspace(laptop, AMARA)
    with Workspace.open(laptop) as opened:
        from arf_desktop.exchange.pack_import import import_pack
        from arf_desktop.exchange.returns import export_return

        imported = import_pack(opened, AMARA, pack, PASSPHRASE)
        returned = export_return(opened, AMARA, imported.round, tmp_path / "back.arfreturn")
    scoring = scoring_screen(qtbot, calibrated)
    calibration = CalibrationScreen(calibrated.workspace, lambda: LEAD)
    qtbot.addWidget(calibration)

    seen = {
        "scoring sheet": zip_text(sheet),
        "work pack": zip_text(opened_pack(pack)),
        "score return": opened_return(calibrated.workspace, returned.path),
        "laptop workspace": laptop.read_bytes().decode("utf-8", "replace"),
        "command output": listed,
        "Scoring screen": window_text(scoring),
        "Calibration screen": window_text(calibration),
    }
    assert LABEL in seen["work pack"] and LABEL in seen["Scoring screen"]  # the readers read
    assert "calibration" in seen["Scoring screen"]  # the item is marked as calibration
    leaks = [where for where, text in seen.items() if MARK in text or "Definitive" in text]
    assert leaks == []
    shown_scores = {scoring.criteria.data(scoring.criteria.index(r, 4)) for r in range(17)}
    assert shown_scores == {"— Not scored"}

    # after submission the same screen shows the key beside the assessor's own scores
    score_and_submit(calibrated.workspace, AMARA, calibrated.key)
    calibration.refresh()
    shown = window_text(calibration)
    assert MARK in shown and "Definitive" in shown
