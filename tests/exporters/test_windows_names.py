"""Outputs named after hostile organisation names are valid Windows file names; open files."""

from __future__ import annotations

import dataclasses
import os
import zipfile
from pathlib import Path

import pytest

from arf_desktop.cli.outputs import _output_file
from arf_desktop.domain.framework import Level
from arf_desktop.exchange.packs import pack_name
from arf_desktop.exporters.appeal_pack import safe_name
from arf_desktop.exporters.batch_export import export_documents
from arf_desktop.exporters.from_decisions import DecidedDocument, round_documents
from arf_desktop.files import atomic
from arf_desktop.importers.template_file import default_name
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.outcomes.exports import appeal_name, render_to, results_name
from tests.exporters.decided_round import ROUND
from tests.files.test_names import HOSTILE, windows_accepts

KINDS = ("letters", "certificates", "feedback")


def renamed(documents: list[DecidedDocument]) -> list[DecidedDocument]:
    """The decided documents, each organisation given one of the hostile names."""
    return [
        dataclasses.replace(
            item,
            document=dataclasses.replace(item.document, organisation=HOSTILE[i % len(HOSTILE)]),
        )
        for i, item in enumerate(documents)
    ]


@pytest.fixture
def hostile(decided: Workspace) -> list[DecidedDocument]:
    return renamed(round_documents(decided, ROUND))


def test_letters_certificates_and_feedback_get_windows_names(
    hostile: list[DecidedDocument], tmp_path: Path
) -> None:
    result = export_documents(hostile, KINDS, tmp_path)
    assert result.written and not [w for w in result.warnings if "Windows cannot save" in w]
    assert len({p.name.casefold() for p in result.written}) == len(result.written)
    for path in result.written:
        assert windows_accepts(path.name) and path.is_file(), path.name


def test_single_outputs_and_packs_get_windows_names(
    hostile: list[DecidedDocument], tmp_path: Path
) -> None:
    for item in hostile:
        assert windows_accepts(appeal_name(item))
        assert windows_accepts(render_to(tmp_path, item, "letters").name)
    for name in HOSTILE:
        assert windows_accepts(results_name(name))
        assert windows_accepts(default_name(name, Level("bronze", "Bronze", "B", 1, "#A0632B")))
        assert windows_accepts(pack_name(name, name))
        assert windows_accepts(safe_name(name, "evidence"))
        assert windows_accepts(_output_file(tmp_path, ".zip", f"appeal-pack-{name}").name)


def test_appeal_pack_members_get_windows_names(decided: Workspace, tmp_path: Path) -> None:
    from arf_desktop.exporters.appeal_pack import write_appeal_pack

    organisation = round_documents(decided, ROUND)[0].organisation
    pack = write_appeal_pack(decided, ROUND, organisation, tmp_path / "pack.zip")
    with zipfile.ZipFile(pack.path) as archive:
        for member in archive.namelist():
            assert all(windows_accepts(part) for part in member.split("/")), member


def test_a_file_held_open_is_reported_and_the_export_goes_on(
    hostile: list[DecidedDocument], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = export_documents(hostile, ("letters",), tmp_path)
    held = first.written[1]
    before = held.read_bytes()
    real_replace = os.replace
    monkeypatch.setattr(atomic, "RENAME_PAUSE", 0)

    def windows_replace(source: str | Path, target: str | Path) -> None:
        if Path(target) == held:
            raise PermissionError(13, "The process cannot access the file", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", windows_replace)
    again = export_documents(hostile, ("letters",), tmp_path)
    assert len(again.written) == len(first.written) - 1 and held not in again.written
    [(kind, _organisation, why)] = again.skipped
    assert kind == "letters" and held.name in why and "another program has it open" in why
    assert held.read_bytes() == before
    assert not list(tmp_path.glob("*.partial"))


def test_a_long_folder_is_warned_about(hostile: list[DecidedDocument], tmp_path: Path) -> None:
    deep = tmp_path / ("folder-" * 30)
    result = export_documents(hostile[:1], ("letters",), deep)
    assert result.warnings and "Windows" in result.warnings[0]
