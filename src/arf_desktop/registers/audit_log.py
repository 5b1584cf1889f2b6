"""The audit log as a service: a page of entries (newest first), how many, whether it is intact."""

from __future__ import annotations

from arf_desktop.domain.records import AuditEntry, ChainReport
from arf_desktop.storage import audit
from arf_desktop.storage.workspace import Workspace


def entry_count(workspace: Workspace) -> int:
    with workspace.read() as conn:
        return audit.count_entries(conn)


def entries_page(workspace: Workspace, offset: int, limit: int) -> list[AuditEntry]:
    """`limit` entries from `offset`, newest first."""
    with workspace.read() as conn:
        return audit.page(conn, offset, limit)


def verify_log(workspace: Workspace) -> ChainReport:
    """Walk the hash chain from the first entry; the report names the first broken entry."""
    with workspace.read() as conn:
        return audit.verify(conn)
