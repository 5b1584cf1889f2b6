"""Cover answers in scripts the letters' font cannot draw are imported with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from arf_desktop.importers.workbook_reader import ReadContext, read_workbook
from arf_desktop.registers.setup import init_workspace
from arf_desktop.storage.workspace import Workspace
from tests.importers.workbook_builders import Kit, filled, kit_for, set_cover


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    path = tmp_path_factory.mktemp("glyphs") / "workspace.arfdb"
    init_workspace(path, "Reader tests")
    with Workspace.open(path) as workspace:
        return kit_for(workspace)


def read(kit: Kit, path: Path):
    return read_workbook(path, ReadContext(kit.framework, kit.organisations, "Round A"))


def test_a_contact_name_in_chinese_is_imported_with_the_characters_named(
    kit: Kit, tmp_path: Path
) -> None:
    reading = read(kit, filled(kit, tmp_path, edit=set_cover("Contact name", "李小龍 🦄")))
    assert reading.ok and reading.cover["Contact name"] == "李小龍 🦄"
    [warning] = [w for w in reading.warnings if "cannot print" in w.message]
    assert warning.where == "Cover!B7"
    assert "“李” (U+674E), “小” (U+5C0F), “龍” (U+9F8D), “🦄” (U+1F984)" in warning.message
    assert "will show “Li Xiao Long :unicorn:”" in warning.message


def test_names_in_scripts_the_font_draws_give_no_warning(kit: Kit, tmp_path: Path) -> None:
    for number, name in enumerate(("Zoë Ó Briain", "محمد علي", "Ядвига Ковальчук")):
        path = filled(kit, tmp_path / str(number), edit=set_cover("Contact name", name))
        reading = read(kit, path)
        assert reading.ok and not [w for w in reading.warnings if "cannot print" in w.message]
