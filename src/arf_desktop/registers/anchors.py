"""Audit anchors: heads recorded outside the database (documents, workbooks, packs, backups).

An anchor is `arf-audit-head:<seq>:<sha256>`: PDF keywords, a workbook's properties, an
appeal pack's manifest, or a line of a text file; a backup is read for its stored head.
Checking one proves the log still holds that entry with that hash, so history rewritten
after the document was made (even with the chain and the head recomputed) is detected.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.storage import audit
from arf_desktop.storage.audit_erasure import earlier_hash
from arf_desktop.storage.workspace import Workspace

ANCHOR = re.compile(rb"arf-audit-head:(\d{1,12}):([0-9a-f]{64})")
SHORT = re.compile(rb"^\s*(?:Audit\s+)?(\d{1,12})\s*[:\xc2\xb7 ]+\s*([0-9a-f]{64})\s*$", re.M)
MAX_READ = 256 * 1024 * 1024
MAX_MEMBER = 64 * 1024 * 1024  # the zip parts read, in all


@dataclass(frozen=True)
class AnchorCheck:
    seq: int
    hash: str
    ok: bool
    reason: str = ""


def _from_backup(path: Path) -> list[tuple[int, str]]:
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM schema_info WHERE key='audit_head'").fetchone()
    except sqlite3.Error as error:
        raise UserFacingError(f"{path.name}: the backup cannot be read ({error}).") from None
    if not row:
        return []
    seq, _, digest = str(row[0]).partition(":")
    return [(int(seq), digest)]


def _zip_texts(path: Path) -> list[bytes]:
    """The small parts of a zip (where anchors are kept), after the checks every zip gets."""
    from arf_desktop.files.checks import FileProblem, check_zip_batch

    try:
        check_zip_batch(path)
    except FileProblem as problem:
        raise UserFacingError(f"{path.name}: {problem.message}") from None
    texts: list[bytes] = []
    try:
        with zipfile.ZipFile(path) as archive:
            budget = MAX_MEMBER
            for info in archive.infolist():
                if info.file_size <= budget and not info.is_dir():
                    texts.append(archive.read(info))
                    budget -= info.file_size
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as error:
        raise UserFacingError(f"{path.name} is a damaged zip file ({error}).") from None
    return texts


def read_anchors(path: Path) -> list[tuple[int, str]]:
    """Every audit head a file records (in order, without repeats)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_READ:
            raise UserFacingError(f"{path.name} is too large to hold audit anchors.")
        data = path.read_bytes()
    except OSError as error:
        raise UserFacingError(f"{path.name} cannot be read ({error.strerror}).") from None
    if data.startswith(b"SQLite format 3\x00"):
        return _from_backup(path)
    texts = [data]
    if data.startswith(b"PK\x03\x04"):
        texts += _zip_texts(path)
    found: list[tuple[int, str]] = []
    for text in texts:
        for match in [*ANCHOR.finditer(text), *SHORT.finditer(text)]:
            anchor = (int(match.group(1)), match.group(2).decode())
            if anchor not in found:
                found.append(anchor)
    if not found:
        raise UserFacingError(f"{path.name} records no audit head (arf-audit-head:N:HASH).")
    return found


def check_anchors(workspace: Workspace, anchors: list[tuple[int, str]]) -> list[AnchorCheck]:
    """Whether the log still holds each anchored entry with the anchored hash."""
    checks = []
    with workspace.read() as conn:
        for seq, digest in anchors:
            stored = audit.hash_at(conn, seq)
            resealed = None if stored in (digest, None) else earlier_hash(conn, seq, digest)
            if stored == digest:
                checks.append(AnchorCheck(seq, digest, True))
            elif resealed is not None:
                reason = f"the hash entry {seq} had before the log was resealed (entry {resealed})"
                checks.append(AnchorCheck(seq, digest, True, reason))
            elif stored is None:
                checks.append(
                    AnchorCheck(seq, digest, False, f"entry {seq} is no longer in the log")
                )
            else:
                checks.append(
                    AnchorCheck(
                        seq,
                        digest,
                        False,
                        f"entry {seq} now has hash {stored[:12]}…, not {digest[:12]}…: the log "
                        "was rewritten after this anchor was made",
                    )
                )
    return checks
