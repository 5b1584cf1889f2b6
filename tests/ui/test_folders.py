"""One folder per screen: a screen's modules use only their own folder and the shared kit."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "src" / "arf_desktop" / "ui"
PREFIX = "arf_desktop.ui."


def window_imports(path: Path) -> set[str]:
    """The arf_desktop.ui modules a file imports, anywhere in it, as dotted names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(PREFIX))
    return found


def folder_of(module: str) -> str:
    return module.removeprefix(PREFIX).split(".")[0]


def screen_folders() -> list[Path]:
    return sorted(p for p in UI.iterdir() if p.is_dir() and (p / "screen.py").exists())


def test_every_screen_has_its_folder_and_the_kit_is_shared() -> None:
    names = {p.name for p in screen_folders()}
    assert names == {
        "audit", "calibration", "exchange", "framework", "moderation", "organisations",
        "outcomes", "scoring", "submissions",
    }  # fmt: skip
    assert (UI / "kit").is_dir() and not (UI / "kit" / "screen.py").exists()


def test_a_screen_uses_only_its_own_folder_and_the_kit() -> None:
    offenders = {
        f"{folder.name}/{path.name}": sorted(
            m for m in window_imports(path) if folder_of(m) not in {folder.name, "kit"}
        )
        for folder in screen_folders()
        for path in folder.glob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_kit_knows_no_screen() -> None:
    offenders = {
        path.name: sorted(m for m in window_imports(path) if folder_of(m) != "kit")
        for path in (UI / "kit").glob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_main_window_only_takes_each_screen_class() -> None:
    screens = {
        m
        for m in window_imports(UI / "main_window.py")
        if folder_of(m) != "kit" and not m.endswith(".screen")
    }
    assert all(m.endswith("Screen") for m in screens), screens
    assert len(screens) == len(screen_folders())
