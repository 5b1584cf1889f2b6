"""A workbook whose Cover names another organisation than its template was made for."""

from __future__ import annotations

from pathlib import Path

import pytest

from arf_desktop.importers import workbook_contract as wc
from arf_desktop.importers.workbook_reader import ReadContext, read_workbook
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import Kit, filled, kit_for, set_cover, set_meta


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    path = tmp_path_factory.mktemp("made-for") / "workspace.arfdb"
    init_workspace(path, "Reader tests")
    with Workspace.open(path) as workspace:
        return kit_for(workspace)


def read(kit: Kit, path: Path):
    return read_workbook(path, ReadContext(kit.framework, kit.organisations, "Round A"))


def test_another_organisation_on_the_cover_imports_with_both_names_in_a_warning(
    kit: Kit, tmp_path: Path
) -> None:
    intended, named = kit.organisation(0), kit.organisation(1)
    reading = read(kit, filled(kit, tmp_path, edit=set_cover("Organisation", named.name)))
    assert reading.ok and reading.organisation == named
    [warning] = [w for w in reading.warnings if "made for" in w.message]
    assert warning.where == "Cover!B4"
    assert f"made for “{intended.name}”" in warning.message
    assert f"its Cover names “{named.name}”" in warning.message


def test_the_same_organisation_in_any_case_gives_no_warning(kit: Kit, tmp_path: Path) -> None:
    org = kit.organisation(0)
    for number, typed in enumerate((org.name.upper(), f"  {org.name.lower()} ")):
        reading = read(
            kit, filled(kit, tmp_path / str(number), edit=set_cover("Organisation", typed))
        )
        assert reading.ok and not [w for w in reading.warnings if "made for" in w.message]


def test_a_template_made_for_nobody_or_a_renamed_organisation(kit: Kit, tmp_path: Path) -> None:
    blank = read(kit, filled(kit, tmp_path / "a", edit=set_meta(wc.META_ORGANISATION, "")))
    assert blank.ok and not [w for w in blank.warnings if "made for" in w.message]
    gone = read(
        kit, filled(kit, tmp_path / "b", edit=set_meta(wc.META_ORGANISATION, "Old Trust Name"))
    )
    assert gone.ok
    [warning] = [w for w in gone.warnings if "made for" in w.message]
    assert "“Old Trust Name”" in warning.message and kit.organisation(0).name in warning.message
