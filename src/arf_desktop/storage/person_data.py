"""Where a person appears in the workspace tables, and replacing each mention by a tombstone."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.engine import Connection

from arf_desktop.domain.framework import canonical_json
from arf_desktop.domain.personal import normalise
from arf_desktop.storage import tables
from arf_desktop.storage.person_match import excerpt, mentions, redact

ERASE, KEPT, LISTED = "erase", "kept", "listed"


@dataclass(frozen=True)
class PersonRecord:
    """One place a person appears: which table, row and field, and what it holds."""

    where: str
    table: str
    id: str
    field: str
    excerpt: str
    value: Any
    context: str = ""
    action: str = ERASE  # erase | kept (the audit chain commits to it) | listed (outside)

    def as_json(self) -> dict[str, Any]:
        return {
            "where": self.where, "table": self.table, "id": self.id, "field": self.field,
            "value": self.value, "context": self.context, "action": self.action,
        }  # fmt: skip


@dataclass(frozen=True)
class Source:
    """A column that may name a person."""

    where: str
    table: Table
    field: str
    is_json: bool = False
    unique: bool = False


T = tables
SOURCES = (
    Source("Organisation contact", T.organisations, "contact_name"),
    Source("Organisation contact", T.organisations, "contact_email"),
    Source("Cover sheet", T.submission_versions, "cover", is_json=True),
    Source("Workbook file name", T.submission_versions, "source_name"),
    Source("Imported by", T.submission_versions, "imported_by"),
    Source("Assessor", T.assessors, "name", unique=True),
    Source("Assessor", T.assessors, "email"),
    Source("Interest", T.conflicts, "reason"),
    Source("Score comment", T.scores, "comment"),
    Source("Score written by", T.scores, "updated_by"),
    Source("Comment bank", T.comment_bank, "text"),
    Source("Agreed score rationale", T.agreed_scores, "rationale"),
    Source("Feedback", T.agreed_scores, "feedback"),
    Source("Agreed by", T.agreed_scores, "updated_by"),
    Source("Decision", T.decisions, "override_reason"),
    Source("Panel member", T.decisions, "members", is_json=True),
    Source("Panel recusal", T.decisions, "recusals", is_json=True),
    Source("Decided by", T.decisions, "decided_by"),
    Source("Evidence summary", T.evidence_rows, "summary"),
    Source("Evidence file name", T.evidence_links, "name"),
    Source("Withdrawal", T.submissions, "withdrawn_reason"),
    Source("Withdrawn by", T.submissions, "withdrawn_by"),
    Source("Edit clash", T.score_conflicts, "note"),
    Source("Edit clash", T.score_conflicts, "candidates", is_json=True),
    Source("Edit clash", T.score_conflicts, "chosen", is_json=True),
    Source("Merge base", T.exchange_bases, "content", is_json=True),
    Source("Return received", T.exchange_merges, "file_name"),
    Source("Calibration key", T.calibration_keys, "rationale"),
    Source("Setting", T.settings, "value", is_json=True),
)
CONTACT = re.compile("contact", re.IGNORECASE)


def _key(table: Table) -> Any:
    return table.c.id if "id" in table.c else table.c.key


def _parse(text: str | None) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text  # a setting that is plain text


def _dump(value: Any, like: str) -> str:
    """JSON in the form the column held it (canonical, or the default spacing)."""
    if isinstance(value, str) and not like.lstrip().startswith(('"', "[", "{")):
        return value
    if canonical_json(_parse(like)) == like:
        return canonical_json(value)
    return json.dumps(value, ensure_ascii=False)


def _rows(conn: Connection, source: Source) -> Iterator[tuple[str, Any]]:
    key, column = _key(source.table), source.table.c[source.field]
    for row in conn.execute(select(key, column).where(column.is_not(None))):
        yield str(row[0]), row[1]


def linked_identifiers(conn: Connection, identifiers: set[str]) -> set[str]:
    """The e-mail of a named assessor or contact, and the name of one found by e-mail."""
    wanted = {normalise(i).casefold() for i in identifiers}
    found = {normalise(i).casefold(): normalise(i) for i in identifiers}

    def pair(name: Any, email: Any) -> None:
        name, email = normalise(name), normalise(email)
        if name.casefold() in wanted or email.casefold() in wanted:
            found.update({v.casefold(): v for v in (name, email) if v})

    a, o = T.assessors, T.organisations
    for row in conn.execute(select(a.c.name, a.c.email)):
        pair(row.name, row.email)
    for row in conn.execute(select(o.c.contact_name, o.c.contact_email)):
        pair(row.contact_name, row.contact_email)
    for (cover,) in conn.execute(select(T.submission_versions.c.cover)):
        data = _parse(cover) or {}
        if isinstance(data, dict):
            pair(data.get("Contact name"), data.get("Contact email"))
    return set(found.values())


def find_in_tables(conn: Connection, pattern: re.Pattern[str]) -> list[PersonRecord]:
    """Every field of every table that names the person."""
    found = []
    for source in SOURCES:
        for row_id, raw in _rows(conn, source):
            value = _parse(raw) if source.is_json else raw
            if mentions(value, pattern):
                shown = raw if isinstance(raw, str) else str(raw)
                found.append(
                    PersonRecord(
                        source.where, source.table.name, row_id, source.field,
                        excerpt(shown, pattern), value,
                    )
                )  # fmt: skip
    return found


def _cover(value: dict[str, Any], pattern: re.Pattern[str], mark: str) -> dict[str, Any]:
    """A cover with the person redacted; a contact named there loses all contact details."""
    contact = any(CONTACT.search(k) and mentions(v, pattern) for k, v in value.items())
    return {
        key: mark if contact and CONTACT.search(key) and item else redact(item, pattern, mark)
        for key, item in value.items()
    }


def erase_in_tables(conn: Connection, pattern: re.Pattern[str], mark: str) -> int:
    """Replace every mention in every table by `mark`; how many fields changed."""
    changed = 0
    for source in SOURCES:
        key, column = _key(source.table), source.table.c[source.field]
        for row_id, raw in list(_rows(conn, source)):
            value = _parse(raw) if source.is_json else raw
            if not mentions(value, pattern):
                continue
            if source.field == "cover" and isinstance(value, dict):
                new = _dump(_cover(value, pattern, mark), raw)
            elif source.is_json:
                new = _dump(redact(value, pattern, mark), raw)
            else:
                new = redact(value, pattern, mark)
                new = f"{new} #{row_id}" if source.unique else new
            typed_id: Any = int(row_id) if "id" in source.table.c else row_id
            conn.execute(update(source.table).where(key == typed_id).values({column.name: new}))
            changed += 1
    return changed


def _submission_context(conn: Connection) -> dict[int, str]:
    """Submission id → 'organisation · round'."""
    sub, org, rnd = T.submissions, T.organisations, T.rounds
    rows = conn.execute(
        select(sub.c.id, org.c.name, rnd.c.name.label("round"))
        .join(org, org.c.id == sub.c.organisation_id)
        .join(rnd, rnd.c.id == sub.c.round_id)
    )
    return {row.id: f"{row.name} · {row.round}" for row in rows}


def _context_queries() -> dict[str, Any]:
    """Per table: (row id, submission id, what within it) of a record."""
    v, link, sc, al, ag, dc, sub = (
        T.submission_versions, T.evidence_links, T.scores, T.allocations, T.agreed_scores,
        T.decisions, T.submissions,
    )  # fmt: skip
    return {
        "submission_versions": select(v.c.id, v.c.submission_id, v.c.version_no.label("what")),
        "evidence_links": select(link.c.id, v.c.submission_id, link.c.criterion_id.label("what"))
        .join(v, v.c.id == link.c.version_id),
        "scores": select(sc.c.id, al.c.submission_id, sc.c.criterion_id.label("what"))
        .join(al, al.c.id == sc.c.allocation_id),
        "agreed_scores": select(ag.c.id, ag.c.submission_id, ag.c.criterion_id.label("what")),
        "decisions": select(dc.c.id, dc.c.submission_id, dc.c.outcome.label("what")),
        "evidence_rows": select(T.evidence_rows.c.id, v.c.submission_id,
                                T.evidence_rows.c.criterion_id.label("what"))
        .join(v, v.c.id == T.evidence_rows.c.version_id),
        "submissions": select(sub.c.id, sub.c.id.label("submission_id"),
                              sub.c.withdrawn_at.label("what")),
    }  # fmt: skip


def contexts(conn: Connection, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(table, row id) → which organisation, round and criterion a record belongs to."""
    subs = _submission_context(conn)
    found = {}
    for table, query in _context_queries().items():
        ids = [int(i) for t, i in wanted if t == table and i.isdigit()]
        if not ids:
            continue
        key = query.selected_columns[0]
        for row in conn.execute(query.where(key.in_(ids))):
            what = f"version {row.what}" if table == "submission_versions" else row.what
            found[(table, str(row.id))] = f"{subs.get(row.submission_id, '')} · {what or ''}"
    return found


def decided_submissions(conn: Connection) -> list[dict[str, Any]]:
    """Each decided submission: organisation, round, decision date and its newest cover."""
    d, s, o, r, v = T.decisions, T.submissions, T.organisations, T.rounds, T.submission_versions
    rows = conn.execute(
        select(
            s.c.id,
            o.c.name,
            r.c.name.label("round"),
            d.c.decided_at,
            d.c.panel_date,
            d.c.outcome,
            v.c.cover,
        )
        .join(s, s.c.id == d.c.submission_id)
        .join(o, o.c.id == s.c.organisation_id)
        .join(r, r.c.id == s.c.round_id)
        .join(v, v.c.id == d.c.version_id)
        .order_by(r.c.name, o.c.name)
    )
    return [
        {
            "submission": row.id, "organisation": row.name, "round": row.round,
            "decided": row.panel_date or row.decided_at[:10], "outcome": row.outcome,
            "cover": _parse(row.cover) or {},
        }
        for row in rows
    ]  # fmt: skip


def evidence_contents(conn: Connection, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    """Evidence files whose text names the person: (link id, stored file name)."""
    files, links = T.evidence_files, T.evidence_links
    found = []
    for row in conn.execute(select(files.c.id, files.c.content)):
        if mentions(bytes(row.content).decode("utf-8", "ignore"), pattern):
            found += [
                (link.id, link.name)
                for link in conn.execute(
                    select(links.c.id, links.c.name).where(links.c.file_id == row.id)
                )
            ]
    return found


def vacuum(conn: Connection) -> None:
    """Rebuild an SQLite file so no freed page keeps erased text, and empty its WAL.

    Runs on the driver's connection outside any transaction (VACUUM cannot run inside one).
    """
    raw = conn.connection.dbapi_connection
    assert raw is not None
    for statement in (
        "PRAGMA wal_checkpoint(TRUNCATE)",
        "VACUUM",
        "PRAGMA wal_checkpoint(TRUNCATE)",
    ):
        raw.execute(statement)
