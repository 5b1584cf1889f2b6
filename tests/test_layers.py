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


def imports_with_names(path: Path) -> set[str]:
    """Like imports_of, plus `package.name` for every `from package import name`."""
    found = imports_of(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(with_names: bool = False) -> list[tuple[str, set[str]]]:
    read = imports_with_names if with_names else imports_of
    return [
        (path.relative_to(PACKAGE).as_posix(), read(path)) for path in sorted(PACKAGE.rglob("*.py"))
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


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top_level_imports(path: Path) -> set[str]:
    """Modules a file imports when it is loaded (not inside functions), as dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for inner in ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node]:
            if isinstance(inner, ast.Import):
                found.update(alias.name for alias in inner.names)
            elif isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                found.add(inner.module)
                found.update(f"{inner.module}.{alias.name}" for alias in inner.names)
    return found


def package_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in top_level_imports(path) if m in paths and m != name}
        for name, path in paths.items()
    }


def test_no_import_circles() -> None:
    graph = package_graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_window_reaches_storage_only_through_the_workspace_handle() -> None:
    handle = "arf_desktop.storage.workspace"
    allowed = {"arf_desktop.storage", handle, f"{handle}.Workspace", f"{handle}.DamagedWorkspace"}
    offenders = {
        name: sorted(m for m in found if m.startswith("arf_desktop.storage") and m not in allowed)
        for name, found in modules(with_names=True)
        if name.startswith("ui/")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_demo_is_used_only_by_the_entry_points() -> None:
    offenders = [
        name
        for name, found in modules()
        if any(m.startswith("arf_desktop.demo") for m in found)
        and not (name.startswith(("demo/", "cli/")) or name == "app.py")
    ]
    assert offenders == []


def test_modules_and_functions_stay_small() -> None:
    long_modules, long_functions = [], []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE).as_posix()
        if text.count("\n") > 500:
            long_modules.append(name)
        for node in ast.walk(ast.parse(text)):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and node.end_lineno - node.lineno + 1 > 80:  # type: ignore[union-attr]
                long_functions.append(f"{name}:{node.name}")  # type: ignore[union-attr]
    assert long_modules == []
    assert long_functions == []


# Signs of a path that leaves the repository for the folder beside it (spelled in pieces so
# that this test is not itself a match).
OUTSIDE_MARKERS = ("parents[" + "3]", '"' + "sha" + 'red"', "../" + "sha" + "red")


def test_the_project_reads_nothing_outside_itself() -> None:
    root = PACKAGE.parents[1]
    outside = []
    for folder in ("src", "tests", "benchmarks"):
        for path in (root / folder).rglob("*.py"):
            if path == Path(__file__).resolve():
                continue
            text = path.read_text(encoding="utf-8")
            if any(marker in text for marker in OUTSIDE_MARKERS):
                outside.append(path.relative_to(root).as_posix())
    assert outside == []
