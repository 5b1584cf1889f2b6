"""The PyInstaller spec names only modules that exist; CI and the Windows installer are wired."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "arf_desktop.spec"


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


def test_ci_builds_and_checks_the_bundle_on_windows_and_macos() -> None:
    workflow = (ROOT / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
    assert "os: [windows-latest, macos-latest]" in workflow
    for step in ("pyinstaller", "self-test", "accessibility-check", "pytest", "upload-artifact"):
        assert step in workflow, step
    assert "packaging/windows/arf-desktop.iss" in workflow


def test_the_installer_is_per_user_with_icon_menu_entry_and_file_types() -> None:
    from arf_desktop.app import parse_args

    script = (ROOT / "packaging" / "windows" / "arf-desktop.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in script and "{autopf}" in script
    assert "HKLM" not in script and "{autoprograms}\\ARF Desktop" in script
    icon = re.search(r"SetupIconFile=\.\.\\\.\.\\(\S+)", script)
    assert icon and (ROOT / icon.group(1).replace("\\", "/")).is_file()
    for suffix in (".arfpack", ".arfreturn"):
        assert f'Subkey: "Software\\Classes\\{suffix}"' in script
    assert '""%1""' in script
    assert parse_args(["Spring - Amara.arfpack"]).files == ["Spring - Amara.arfpack"]
