"""The PyInstaller spec names only modules that exist, so a rename cannot drop one silently."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

SPEC = Path(__file__).resolve().parents[1] / "arf_desktop.spec"


def hidden_imports() -> list[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "HIDDEN" for target in node.targets
        ):
            return [ast.literal_eval(element) for element in node.value.elts]  # type: ignore[attr-defined]
    raise AssertionError("arf_desktop.spec has no HIDDEN list")


def test_spec_hidden_imports_all_exist() -> None:
    names = hidden_imports()
    assert "arf_desktop.app" in names
    missing = [name for name in names if importlib.util.find_spec(name) is None]
    assert missing == []


def test_spec_passes_hidden_imports_unfiltered() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "hiddenimports=HIDDEN" in text
