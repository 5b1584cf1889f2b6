"""Framework versions stored in the workspace: add, list, fetch as domain objects."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.framework import Framework, canonical_json, framework_from_dict
from arf_desktop.domain.records import FrameworkRecord
from arf_desktop.storage import tables
from arf_desktop.storage.workspace import WriteTx, read_setting

CURRENT_KEY = "framework.current"


def _record(row: Any) -> FrameworkRecord:
    return FrameworkRecord(row.id, row.key, row.version, row.name, row.status, row.loaded_at)


def add_framework(tx: WriteTx, definition: dict[str, Any]) -> tuple[int, bool]:
    """Store a framework version; return its id and whether it was new.

    The same key and version with the same content is a no-op; the same key and
    version with different content is refused, since submissions refer to it.
    """
    text = canonical_json(definition)
    digest = hashlib.sha256(text.encode()).hexdigest()
    table = tables.frameworks
    existing = tx.execute(
        select(table.c.id, table.c.sha256).where(
            table.c.key == definition["id"], table.c.version == str(definition["version"])
        )
    ).one_or_none()
    if existing is not None:
        if existing.sha256 != digest:
            raise ValueError(
                f"Framework {definition['id']} version {definition['version']} is already in "
                "this workspace with different content. Give the changed framework a new version."
            )
        return existing.id, False
    framework_id = tx.execute(
        table.insert().values(
            key=definition["id"],
            version=str(definition["version"]),
            name=definition["name"],
            status=definition["status"],
            definition=text,
            sha256=digest,
            loaded_at=utc_now(),
            loaded_by=tx.actor,
        )
    ).inserted_primary_key[0]
    tx.audit(
        "framework.load",
        "framework",
        framework_id,
        {"key": definition["id"], "version": str(definition["version"]), "sha256": digest},
    )
    return framework_id, True


def list_frameworks(conn: Connection) -> list[FrameworkRecord]:
    rows = conn.execute(select(tables.frameworks).order_by(tables.frameworks.c.id)).all()
    return [_record(row) for row in rows]


@lru_cache(maxsize=32)
def _parse(definition: str) -> Framework:
    return framework_from_dict(json.loads(definition))


def get_framework(conn: Connection, framework_id: int) -> Framework:
    definition = conn.execute(
        select(tables.frameworks.c.definition).where(tables.frameworks.c.id == framework_id)
    ).scalar_one()
    return _parse(definition)


def framework_text(conn: Connection, framework_id: int) -> tuple[str, str]:
    """The stored definition (canonical JSON) and its SHA-256."""
    fw = tables.frameworks
    row = conn.execute(select(fw.c.definition, fw.c.sha256).where(fw.c.id == framework_id)).one()
    return row.definition, row.sha256


def current_framework_id(conn: Connection) -> int | None:
    """The framework new rounds use: the one set as current, else the newest loaded."""
    chosen = read_setting(conn, CURRENT_KEY)
    if chosen is not None:
        return int(chosen)
    return conn.execute(
        select(tables.frameworks.c.id).order_by(tables.frameworks.c.id.desc()).limit(1)
    ).scalar_one_or_none()
