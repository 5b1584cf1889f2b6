"""The layering rules, enforced: Qt only in ui/ and app.py, SQLAlchemy only in storage/."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "arf_desktop"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules() -> list[tuple[str, set[str]]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), imports_of(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def test_qt_only_in_the_window_layer() -> None:
    offenders = [
        name
        for name, found in modules()
        if any(m.split(".")[0] == "PySide6" for m in found)
        and not (name.startswith("ui/") or name == "app.py")
    ]
    assert offenders == []


def test_sqlalchemy_only_in_storage() -> None:
    offenders = [
        name
        for name, found in modules()
        if any(m.split(".")[0] == "sqlalchemy" for m in found) and not name.startswith("storage/")
    ]
    assert offenders == []


def test_nothing_imports_the_window_layer() -> None:
    offenders = [
        name
        for name, found in modules()
        if any(m.startswith("arf_desktop.ui") for m in found)
        and not (name.startswith("ui/") or name == "app.py")
    ]
    assert offenders == []


def test_domain_is_pure() -> None:
    allowed_roots = {"__future__", "arf_desktop", "collections", "dataclasses", "datetime",
                     "enum", "fractions", "functools", "hashlib", "itertools", "json", "math",
                     "statistics", "typing"}  # fmt: skip
    offenders = {
        name: sorted(m for m in found if m.split(".")[0] not in allowed_roots)
        for name, found in modules()
        if name.startswith("domain/")
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}
    domain_imports = {m for name, found in modules() if name.startswith("domain/") for m in found}
    assert not any(m.startswith("arf_desktop.") and not m.startswith("arf_desktop.domain")
                   for m in domain_imports)  # fmt: skip


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.stat().st_size and not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert missing == []
