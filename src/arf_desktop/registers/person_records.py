"""A person's records: every place they appear, erasing them on request, and subject access."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arf_desktop.domain.clock import utc_now
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.personal import normalise, tombstone
from arf_desktop.storage import audit, audit_seal, person_data
from arf_desktop.storage.audit_erasure import erase_mentions, is_legacy
from arf_desktop.storage.person_data import ERASE, KEPT, LISTED, PersonRecord
from arf_desktop.storage.person_match import excerpt, matcher, mentions
from arf_desktop.storage.workspace import Workspace

ERASE_ACTION = "person.erase"
SIGNATORIES = "outputs.signatories"  # the setting naming who signs letters and certificates


@dataclass(frozen=True)
class PersonReport:
    """Everything found about one person, and what erasing would do with each record."""

    searched: tuple[str, ...]
    identifiers: tuple[str, ...]
    records: tuple[PersonRecord, ...] = field(default_factory=tuple)

    @property
    def found(self) -> bool:
        return bool(self.records)

    def by_action(self, action: str) -> list[PersonRecord]:
        return [r for r in self.records if r.action == action]

    def counts(self) -> dict[str, int]:
        """How many records of each kind (`where`) will be erased."""
        return dict(Counter(r.where for r in self.by_action(ERASE)))


@dataclass(frozen=True)
class ErasureResult:
    report: PersonReport
    backup: Path | None
    fields: int
    audit_values: int
    entry_seq: int
    remaining: tuple[PersonRecord, ...]


def _identifiers(email: str | None, name: str | None) -> set[str]:
    given = {normalise(v) for v in (email, name) if normalise(v)}
    if not given:
        raise UserFacingError("Name the person with --email ADDRESS or --name NAME.")
    if email and "@" not in email:
        raise UserFacingError(f"{email!r} is not an e-mail address.")
    return given


def _audit_records(conn, pattern: re.Pattern[str]) -> list[PersonRecord]:
    found = []
    for (seq, n), (_, text, _) in audit_seal.load_values(conn).items():
        value = json.loads(text)
        if mentions(value, pattern):
            found.append(
                PersonRecord("Audit entry", "audit_values", f"{seq}.{n}", "value",
                             excerpt(text, pattern), value, f"audit entry {seq}")
            )  # fmt: skip
    for row in audit.iter_rows(conn):
        details = json.loads(row.details)
        if not (mentions(details, pattern) or mentions(row.actor, pattern)):
            continue
        legacy = is_legacy(row)
        found.append(
            PersonRecord(
                "Audit entry (written before sealing)" if legacy else "Audit entry (hashed part)",
                "audit_log", str(row.seq), "details",
                excerpt(f"{row.actor} {row.details}", pattern), details,
                f"audit entry {row.seq}: " + (
                    "sealed, then erased" if legacy else "the chain commits to it, so it is kept"
                ),
                ERASE if legacy else KEPT,
            )
        )  # fmt: skip
    return found


def _outside(conn, pattern: re.Pattern[str]) -> list[PersonRecord]:
    """Copies outside the workspace the team must handle: letters issued, evidence contents."""
    found = []
    for sub in person_data.decided_submissions(conn):
        if mentions(sub["cover"], pattern):
            found.append(
                PersonRecord(
                    "Letter already issued", "decisions", str(sub["submission"]), "letter",
                    f"{sub['organisation']} · {sub['round']} · decided {sub['decided']}",
                    {k: v for k, v in sub.items() if k != "cover"},
                    "its letter, certificate and feedback name them as the contact", LISTED,
                )
            )  # fmt: skip
    for link_id, name in person_data.evidence_contents(conn, pattern):
        found.append(
            PersonRecord(
                "Evidence file content", "evidence_links", str(link_id), "content", name,
                name, "its text names them; kept as submitted", LISTED,
            )
        )  # fmt: skip
    return found


def _signed(conn: Any, records: list[PersonRecord]) -> list[PersonRecord]:
    """Letters and certificates already issued carry the signatories' names."""
    if not any(r.table == "settings" and r.id == SIGNATORIES for r in records):
        return []
    decided = person_data.decided_submissions(conn)
    if not decided:
        return []
    return [
        PersonRecord(
            "Letters signed", "settings", SIGNATORIES, "issued",
            f"{len(decided)} decided submissions", len(decided),
            "letters and certificates already issued name them as a signatory", LISTED,
        )
    ]  # fmt: skip


def locate(workspace: Workspace, email: str | None = None, name: str | None = None) -> PersonReport:
    """Every place the person (by e-mail and/or name, any case) appears in the workspace.

    An assessor's or contact's e-mail found by name (or name found by e-mail) is searched too.
    """
    searched = _identifiers(email, name)
    with workspace.read() as conn:
        identifiers = person_data.linked_identifiers(conn, searched)
    return find(workspace, searched, identifiers)


def find(workspace: Workspace, searched: set[str], identifiers: set[str]) -> PersonReport:
    """Every record naming any of `identifiers`."""
    pattern = matcher(identifiers)
    assert pattern is not None
    with workspace.read() as conn:
        records = [
            *person_data.find_in_tables(conn, pattern),
            *_audit_records(conn, pattern),
            *_outside(conn, pattern),
        ]
        records += _signed(conn, records)
        _with_context(conn, records)
    return PersonReport(tuple(sorted(searched)), tuple(sorted(identifiers)), tuple(records))


def _with_context(conn: Any, records: list[PersonRecord]) -> None:
    """Say which organisation, round and criterion each record belongs to."""
    known = person_data.contexts(conn, {(r.table, r.id) for r in records})
    for i, record in enumerate(records):
        where = known.get((record.table, record.id))
        if where and not record.context:
            records[i] = dataclasses.replace(record, context=where.rstrip(" ·"))


def erase_person(
    workspace: Workspace, actor: str, email: str | None = None, name: str | None = None
) -> ErasureResult:
    """Back up, then erase every mention in one audited write, then rebuild the file.

    The entry recording the erasure holds counts only, never the value erased.
    """
    report = locate(workspace, email, name)
    if not report.by_action(ERASE):
        raise UserFacingError("Nothing to erase: the person was not found in this workspace.")
    backup = workspace.backup("before-erasure") if workspace.path is not None else None
    pattern = matcher(report.identifiers)
    assert pattern is not None
    mark = tombstone(utc_now()[:10])
    with workspace.write(actor) as tx:
        fields = person_data.erase_in_tables(tx.connection, pattern, mark)
        values = erase_mentions(tx.connection, actor, pattern, mark)
        entry = tx.audit(
            ERASE_ACTION,
            "person",
            "-",
            {
                "fields": fields,
                "audit_values": len(values),
                "places": report.counts(),
                "listed_outside": len(report.by_action(LISTED)),
            },
        )
    if workspace.is_sqlite:
        with workspace.engine.connect() as conn:
            person_data.vacuum(conn)
    after = find(workspace, set(report.searched), set(report.identifiers))
    remaining = tuple(r for r in after.records if r.action == ERASE)
    return ErasureResult(report, backup, fields, len(values), entry.seq, remaining)
