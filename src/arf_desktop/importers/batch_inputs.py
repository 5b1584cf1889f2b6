"""Turning the paths a user gave (workbooks, folders, zip batches) into workbooks to import."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from arf_desktop.files.checks import FileProblem, extract_batch

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods"})
ZIP_SUFFIX = ".zip"


@dataclass(frozen=True)
class WorkItem:
    """One workbook to import: what to call it in messages and where it is on disk."""

    display: str
    path: Path
    from_scan: bool = False


@dataclass(frozen=True)
class InputProblem:
    """A path that yielded no workbook at all (missing, unsafe zip, empty folder)."""

    display: str
    message: str


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$")) or name == "__MACOSX"


def _scan(folder: Path) -> list[Path]:
    """Workbooks and zips beneath `folder`, in a stable order, skipping system clutter."""
    found: list[Path] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _skipped(d))
        for name in sorted(files):
            suffix = Path(name).suffix.lower()
            if not _skipped(name) and (suffix in WORKBOOK_SUFFIXES or suffix == ZIP_SUFFIX):
                found.append(Path(current) / name)
    return found


def _label(path: Path, base: Path, prefix: str) -> str:
    try:
        relative = path.relative_to(base).as_posix()
    except ValueError:
        relative = path.name
    return f"{prefix} › {relative}" if prefix else str(path)


def expand_inputs(
    paths: Iterable[Path], scratch: Path
) -> tuple[list[WorkItem], list[InputProblem]]:
    """Every workbook named by `paths`; zip batches are checked and unpacked under `scratch`."""
    items: list[WorkItem] = []
    problems: list[InputProblem] = []
    seen: set[Path] = set()
    counter = itertools.count(1)

    def add(item: WorkItem) -> None:
        key = item.path.resolve()
        if key not in seen:
            seen.add(key)
            items.append(item)

    def unzip(path: Path, display: str, nested: bool) -> None:
        if nested:
            problems.append(
                InputProblem(display, "A zip inside a zip is not opened. Unzip it first.")
            )
            return
        target = scratch / f"batch{next(counter)}"
        try:
            _, rejected = extract_batch(path, target)
        except FileProblem as problem:
            problems.append(InputProblem(display, problem.message))
            return
        for member in rejected:
            problems.append(InputProblem(f"{display} › {member.member}", member.message))
        inner = _scan(target)
        if not inner:
            problems.append(InputProblem(display, "This zip file holds no Excel workbook."))
        for found in inner:
            shown = f"{display} › {found.relative_to(target).as_posix()}"
            if found.suffix.lower() == ZIP_SUFFIX:
                unzip(found, shown, True)
            else:
                add(WorkItem(shown, found, True))

    for raw in paths:
        path = Path(raw).expanduser()
        display = str(raw)
        if path.is_dir():
            inner = _scan(path)
            if not inner:
                problems.append(
                    InputProblem(display, "This folder holds no Excel workbook (.xlsx) or zip.")
                )
            for found in inner:
                shown = _label(found, path, display.rstrip("/\\"))
                if found.suffix.lower() == ZIP_SUFFIX:
                    unzip(found, shown, False)
                else:
                    add(WorkItem(shown, found, True))
        elif path.suffix.lower() == ZIP_SUFFIX:
            if not path.exists():
                problems.append(InputProblem(display, "The file could not be found."))
            else:
                unzip(path, display, False)
        else:
            add(WorkItem(display, path))
    return items, problems
