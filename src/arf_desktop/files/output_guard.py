"""Outputs never land on the workspace, and replace a file only when it is the app's own."""

from __future__ import annotations

import os
import re
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.files.file_kinds import sniff_file
from arf_desktop.files.limits import MAX_SNIFF

SIDECARS = ("-wal", "-shm", "-journal", ".lock")
SET_ASIDE = (".replaced-", ".restoring")  # a restore's copy kept aside, and its file in progress
XLSX_KINDS = frozenset({"scoring_sheet", "results_workbook"})
NEVER_OWN = frozenset({"submission_workbook"})  # made to be filled in elsewhere: always asked
FRESH = timedelta(minutes=2)  # a workbook the app wrote was saved as soon as it was made
MARK = b"ARF Desktop"
_CREATOR = re.compile(rb"/Creator\s*\(ARF Desktop\)")
_TITLE = re.compile(rb"/Title\s*\(((?:\\.|[^)\\])*)\)")
_MODIFIED_BY = re.compile(rb"<cp:lastModifiedBy>([^<]*)</cp:lastModifiedBy>")


class WorkspaceOutput(UserFacingError):
    """An output would be written over the workspace or one of its files; never allowed."""


class ExistingOutput(UserFacingError):
    """An output would replace files the app did not write; --force or a yes is needed."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        shown = ", ".join(str(p) for p in self.paths[:3])
        more = f" and {len(self.paths) - 3} more" if len(self.paths) > 3 else ""
        many = len(self.paths) > 1
        super().__init__(
            f"{shown}{more} already exist{'' if many else 's'} and "
            f"{'are' if many else 'is'} not an earlier copy of this output; nothing was "
            "written. "
            "Choose another place, or add --force to replace "
            f"{'them' if many else 'it'}."
        )


@dataclass(frozen=True)
class WorkspaceFiles:
    """The workspace's files on this computer: the database and every file that goes with it."""

    database: Path | None = None
    files: tuple[Path, ...] = ()
    folders: tuple[Path, ...] = ()

    @classmethod
    def at(
        cls, location: str | os.PathLike[str] | None, extra: Sequence[Path] = ()
    ) -> WorkspaceFiles:
        """For a workspace file: it, its lock, journal, -wal and -shm files and backups folder.

        A PostgreSQL workspace keeps nothing on this computer but `extra` (the window's
        settings file, which remembers its address).
        """
        text = "" if location is None else str(location)
        if not text or ("://" in text and not text.startswith("sqlite:")):
            return cls(None, tuple(Path(p) for p in extra), ())
        database = Path(text.removeprefix("sqlite:///")).expanduser().absolute()
        files = (database, *(database.with_name(database.name + s) for s in SIDECARS))
        folder = database.parent / f"{database.stem}-backups"
        return cls(database, (*files, *(Path(p) for p in extra)), (folder,))

    def resolved(self, place: Path) -> Path:
        """One of the workspace's files or folders resolved, once for the output it guards."""
        found = self._resolved_places.get(place)
        if found is None:
            found = self._resolved_places[place] = _resolved(place)
        return found

    @cached_property
    def _resolved_places(self) -> dict[Path, Path]:
        return {}

    def names_kept_aside(self) -> tuple[str, ...]:
        """Prefixes of the copies a restore keeps beside the database."""
        if self.database is None:
            return ()
        return tuple(self.database.name + marker for marker in SET_ASIDE)


def _resolved(path: Path) -> Path:
    try:
        return Path(path).expanduser().absolute().resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(Path(path).expanduser()))


def case_insensitive(workspace: WorkspaceFiles) -> bool:
    """Whether the workspace's folder ignores case (Windows, macOS), probed on the database."""
    database = workspace.database
    if database is not None and database.exists():
        other = database.with_name(database.name.swapcase())
        if other.name != database.name:
            try:
                return other.exists() and os.path.samefile(other, database)
            except OSError:
                return False
    return sys.platform in ("win32", "darwin")


class _Target:
    """A path checked against the workspace's files: looked up and resolved once for all."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.found: os.stat_result | None = os.stat(self.path)
        except (OSError, ValueError):
            self.found = None

    @cached_property
    def resolved(self) -> Path:
        return _resolved(self.path)


def _same_place(target: _Target, protected: Path, fold: bool, workspace: WorkspaceFiles) -> bool:
    if target.found is not None:
        try:
            if os.path.samestat(target.found, os.stat(protected)):
                return True
        except (OSError, ValueError):
            pass
    one, two = str(target.resolved), str(workspace.resolved(protected))
    return one.casefold() == two.casefold() if fold else one == two


def _inside(target: _Target, folder: Path, fold: bool, workspace: WorkspaceFiles) -> bool:
    one, two = target.resolved, workspace.resolved(folder)
    if fold:
        one, two = Path(str(one).casefold()), Path(str(two).casefold())
    return one == two or two in one.parents


def file_clash(
    path: Path | _Target, workspace: WorkspaceFiles, fold: bool | None = None
) -> str | None:
    """Which of the workspace's own files (database, lock, journal, -wal, -shm) `path` is."""
    fold = case_insensitive(workspace) if fold is None else fold
    target = path if isinstance(path, _Target) else _Target(path)
    for protected in workspace.files:
        if _same_place(target, protected, fold, workspace):
            return (
                "the workspace itself"
                if protected == workspace.database
                else f"the workspace's file {protected.name}"
            )
    return None


def workspace_clash(path: Path, workspace: WorkspaceFiles) -> str | None:
    """What of the workspace `path` would overwrite, or None when it is none of its files."""
    fold = case_insensitive(workspace)
    target = _Target(path)
    found = file_clash(target, workspace, fold)
    if found is not None:
        return found
    for folder in workspace.folders:
        if _inside(target, folder, fold, workspace):
            return f"in the workspace's backups folder {folder}"
    database = workspace.database
    if database is not None and _same_place(_Target(path.parent), database.parent, fold, workspace):
        name = path.name.casefold() if fold else path.name
        kept = [n.casefold() if fold else n for n in workspace.names_kept_aside()]
        if any(name.startswith(prefix) for prefix in kept):
            return "a copy of the workspace kept aside by a restore"
    return None


def refuse_workspace(path: Path, workspace: WorkspaceFiles) -> None:
    """Refuse an output that would land on the workspace or one of its files."""
    clash = workspace_clash(Path(path), workspace)
    if clash is not None:
        raise WorkspaceOutput(
            f"{path} is {clash}; an export never writes there, with or without --force. "
            "Nothing was written: choose another file or folder."
        )


# -- what a file is, told from its contents ------------------------------------------------
def _head(path: Path, size: int) -> bytes:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def _pdf_kind(path: Path) -> str | None:
    data = _head(path, MAX_SNIFF)
    if not data.startswith(b"%PDF-") or not _CREATOR.search(data):
        return None
    title = _TITLE.search(data)
    return "pdf:" + (title.group(1).decode("latin-1") if title else "")


def _part(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    return archive.read(info) if info.file_size <= 1024 * 1024 else b""


def _stamp(core: bytes, tag: bytes) -> datetime | None:
    found = re.search(rb"<dcterms:" + tag + rb"[^>]*>([^<]+)</dcterms:" + tag + rb">", core)
    try:
        return datetime.fromisoformat(found.group(1).decode().replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None


def _unsaved_since(path: Path) -> bool:
    """Whether a workbook is as the app wrote it: nobody has saved it since, in any program.

    The app's workbooks name the library that wrote them as their application, have no
    "last modified by", and were modified within moments of being created; Excel and
    LibreOffice change all three when they save.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            core, app = _part(archive, "docProps/core.xml"), _part(archive, "docProps/app.xml")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return False
    application = re.search(rb"<Application>([^<]*)</Application>", app)
    if application is None or b"openpyxl" not in application.group(1).lower():
        return False
    modified_by = _MODIFIED_BY.search(core)
    if modified_by is not None and modified_by.group(1).strip() not in (b"", MARK):
        return False
    created, modified = _stamp(core, b"created"), _stamp(core, b"modified")
    return created is not None and modified is not None and modified - created <= FRESH


def _workspace_id(path: Path) -> str:
    import sqlite3

    try:
        connection = sqlite3.connect(f"{_resolved(path).as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute(
                "SELECT value FROM schema_info WHERE key = 'workspace_id'"
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return ""
    return str(row[0]) if row else ""


def output_kind(path: Path, name: Path | None = None) -> str | None:
    """The kind of app output `path` holds, or None when the app did not write it.

    An ARF PDF (letter, certificate, feedback, dashboard, report: "ARF Desktop" as creator,
    kept apart by title); a work pack, score return or appeal pack (by manifest); a
    results workbook or scoring sheet nobody has saved since; a workspace backup (by
    workspace id); never a submission workbook (a blank template is made to be filled in
    elsewhere, and a filled one is not always told from it); a PNG chart the app marked;
    a letter's text twin beside an ARF letter (`name` is where the file is going, when
    `path` is still a temporary file).
    """
    name = Path(name or path)
    head = _head(path, 16)
    if head.startswith(b"%PDF-"):
        return _pdf_kind(path)
    if head.startswith(b"\x89PNG"):
        return "png" if MARK in _head(path, 64 * 1024) else None
    sniffed = sniff_file(Path(path))
    if sniffed is not None:
        if sniffed.key in NEVER_OWN or (sniffed.key in XLSX_KINDS and not _unsaved_since(path)):
            return None
        if sniffed.key == "workspace":
            found = _workspace_id(path)
            return f"workspace:{found}" if found else None
        return sniffed.key
    if name.suffix.lower() == ".txt":
        twin = _pdf_kind(name.with_suffix(".pdf"))
        return f"text:{twin}" if twin else None
    return None


# -- the rule every writer follows ----------------------------------------------------------
def _key(path: Path) -> str:
    return str(_resolved(path)).casefold()


def check_output(
    path: Path,
    workspace: WorkspaceFiles,
    force: bool = False,
    kind: str | Callable[[], str | None] | None = None,
    allowed: frozenset[str] | set[str] = frozenset(),
) -> None:
    """Refuse writing `path` when it is a workspace file (always) or an existing file that is
    not this output's own earlier copy (an existing file of the same `kind`), unless `force`
    or the user allowed that file."""
    path = Path(path)
    refuse_workspace(path, workspace)
    if force or not (path.exists() or path.is_symlink()) or _key(path) in allowed:
        return
    wanted = kind() if callable(kind) else kind
    if wanted is not None and output_kind(path, path) == wanted:
        return
    raise ExistingOutput([path])


def foreign_files(
    planned: Sequence[tuple[Path, str | None]], workspace: WorkspaceFiles
) -> list[Path]:
    """Refuse a batch touching the workspace; return the existing files it would replace
    that are not its own earlier output (to ask about, or to refuse without --force)."""
    foreign = []
    for path, kind in planned:
        try:
            check_output(path, workspace, False, kind)
        except ExistingOutput:
            foreign.append(Path(path))
    return foreign


@dataclass
class OutputPolicy:
    """The workspace to keep clear of, whether --force was given, and files the user allowed."""

    workspace: WorkspaceFiles
    force: bool = False
    allowed: set[str] = field(default_factory=set)

    def allow(self, paths: Sequence[Path]) -> None:
        self.allowed.update(_key(Path(p)) for p in paths)

    def check(self, planned: Sequence[tuple[Path, str | None]]) -> None:
        """Refuse the batch before anything is written (see `foreign_files`)."""
        foreign = [p for p in foreign_files(planned, self.workspace) if _key(p) not in self.allowed]
        if foreign and not self.force:
            raise ExistingOutput(foreign)


_POLICY: ContextVar[OutputPolicy | None] = ContextVar("output_policy", default=None)


@contextmanager
def guarding(policy: OutputPolicy) -> Iterator[OutputPolicy]:
    """Every file replaced inside the block (in this thread) follows `policy`."""
    token = _POLICY.set(policy)
    try:
        yield policy
    finally:
        _POLICY.reset(token)


def current_policy() -> OutputPolicy | None:
    return _POLICY.get()


def check_planned(planned: Sequence[tuple[Path, str | None]]) -> None:
    """Check a batch's files against the policy in force before writing any of them."""
    policy = _POLICY.get()
    if policy is not None:
        policy.check(planned)


def guard_start(target: Path) -> None:
    """Called before anything is written beside `target` (files.atomic): never the workspace."""
    policy = _POLICY.get()
    if policy is not None:
        refuse_workspace(target, policy.workspace)


def guard_replace(new: Path, target: Path) -> None:
    """Called as a finished temporary file is about to replace `target` (files.atomic)."""
    policy = _POLICY.get()
    if policy is None:
        return
    check_output(
        target, policy.workspace, policy.force, lambda: output_kind(new, target), policy.allowed
    )
