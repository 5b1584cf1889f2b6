"""What ARF file a path holds, told from its contents, and the command that reads that kind."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.files.json_checks import check_json
from arf_desktop.files.limits import MAX_CLEAR_HEADER, MAX_JSON_FILE_BYTES, MAX_MANIFEST_BYTES
from arf_desktop.files.opening import FileProblem

SQLITE_HEADER = b"SQLite format 3\x00"
_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"')


@dataclass(frozen=True)
class FileKind:
    """A kind of file ARF Desktop writes or reads: what to call it and which command takes it."""

    key: str
    noun: str
    command: str | None = None
    written_by: str | None = None


KINDS = {
    kind.key: kind
    for kind in (
        FileKind("submission_workbook", "a submission workbook", "import", "template"),
        FileKind("zip_batch", "a zip batch of files", "import"),
        FileKind("scoring_sheet", "an assessor's scoring sheet", "scoresheet import"),
        FileKind("results_workbook", "a round results workbook", None, "export results"),
        FileKind("work_pack", "a work pack", "pack import", "pack export"),
        FileKind("score_return", "a score return", "return import", "return export"),
        FileKind("appeal_pack", "an appeal pack", None, "export appeal-pack"),
        FileKind("framework", "a framework definition", "framework load"),
        FileKind("workspace", "an ARF Desktop workspace or backup", "restore --from", "backup"),
    )
}


def _sheet_names(archive: zipfile.ZipFile) -> set[str]:
    try:
        info = archive.getinfo("xl/workbook.xml")
    except KeyError:
        return set()
    if info.file_size > MAX_MANIFEST_BYTES:
        return set()
    return {name.decode("utf-8", "replace") for name in _SHEET_NAME.findall(archive.read(info))}


def _workbook_kind(sheets: set[str]) -> str | None:
    if {"Cover", "Evidence"} <= sheets:
        return "submission_workbook"
    if "Scores" in sheets and ({"ARF", "Scale"} & sheets):
        return "scoring_sheet"
    if {"Results", "Agreed scores"} <= sheets:
        return "results_workbook"
    return None


def _manifest_kind(archive: zipfile.ZipFile) -> str | None:
    info = archive.getinfo("manifest.json")
    if info.file_size > MAX_MANIFEST_BYTES:
        return None
    try:
        raw = archive.read(info)
        check_json(raw, "manifest.json")
        manifest = json.loads(raw)
    except (ValueError, FileProblem):
        return None
    form = str(manifest.get("format", "")) if isinstance(manifest, dict) else ""
    formats = {"arf-work-pack": "work_pack", "arf-score-return": "score_return"}
    if form.startswith("arf-appeal-pack"):
        return "appeal_pack"
    return formats.get(form)


def _zip_kind(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "manifest.json" in names:
                return _manifest_kind(archive)
            if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
                return _workbook_kind(_sheet_names(archive))
            workbooks = any(name.lower().endswith(".xlsx") for name in names)
            return "zip_batch" if workbooks else None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, RuntimeError):
        return None


def _json_kind(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_JSON_FILE_BYTES:
            return None
        raw = path.read_bytes()
        check_json(raw, path.name, max_bytes=MAX_JSON_FILE_BYTES)
        data = json.loads(raw)
    except (OSError, ValueError, FileProblem):
        return None
    form = str(data.get("format", "")) if isinstance(data, dict) else ""
    return "framework" if form.startswith("arf-framework") else None


ENCRYPTED_MAGIC = b"\x89ARFENC\n"  # exchange.sealed.MAGIC: files/ sits below exchange/


def _encrypted_kind(path: Path) -> str | None:
    """The kind an encrypted exchange file names in its clear header."""
    try:
        with Path(path).open("rb") as fh:
            fh.seek(len(ENCRYPTED_MAGIC))
            length = int.from_bytes(fh.read(2), "big")
            header = json.loads(fh.read(min(length, MAX_CLEAR_HEADER)))
    except (OSError, ValueError):
        return None
    form = str(header.get("content", "")) if isinstance(header, dict) else ""
    return {"arf-work-pack": "work_pack", "arf-score-return": "score_return"}.get(form)


def sniff_file(path: Path) -> FileKind | None:
    """The ARF kind of the file at `path` from its contents, or None (not a file, or not ours)."""
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return None
    key: str | None = None
    if head.startswith(SQLITE_HEADER):
        key = "workspace"
    elif head.startswith(b"PK"):
        key = _zip_kind(Path(path))
    elif head.startswith(ENCRYPTED_MAGIC):
        key = _encrypted_kind(Path(path))
    elif head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        key = _json_kind(Path(path))
    return KINDS.get(key) if key else None


def wrong_kind_message(path: Path, kind: FileKind, wanted: str, name: str | None = None) -> str:
    """Say what the file is and what to do with it instead of giving it to `wanted`."""
    name = name or Path(path).name
    if kind.key == "workspace":
        return (
            f"{name} is {kind.noun}, not {wanted}: open it with `arf-desktop --db {name} ...`, "
            f"or put a backup back with `arf-desktop restore --from {name}`."
        )
    if kind.command:
        return f"{name} is {kind.noun}, not {wanted}: use `arf-desktop {kind.command} {name}`."
    return (
        f"{name} is {kind.noun} (written by `arf-desktop {kind.written_by}`), not {wanted}; "
        "it is not read back by any command."
    )


def wrong_kind(path: Path, accepted: set[str], wanted: str, name: str | None = None) -> str | None:
    """The message for a file of a known kind that is not accepted, else None.

    Files of no ARF kind pass: their reader names what is wrong with them in detail.
    """
    kind = sniff_file(path) if Path(path).is_file() else None
    if kind is None or kind.key in accepted:
        return None
    return wrong_kind_message(path, kind, wanted, name)


def require_kind(paths: list[Path], accepted: set[str], wanted: str) -> None:
    """Refuse, before anything is read or written, a file of a known kind that is not accepted."""
    for path in paths:
        message = wrong_kind(path, accepted, wanted)
        if message is not None:
            raise UserFacingError(message)
