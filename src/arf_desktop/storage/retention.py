"""Retention, one small object per kind of data: what is due on a day, and removing it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.engine import Connection

from arf_desktop.domain import retention as rules
from arf_desktop.domain.retention import DueItem, add_years, as_date, is_due, latest
from arf_desktop.storage import tables
from arf_desktop.storage.audit_erasure import erase_audit_values_before
from arf_desktop.storage.retention_facts import SubmissionFacts, allocations_of, versions_of

CONTACT_FIELDS = ("Contact name", "Contact job title", "Contact email")


class RetentionKind(Protocol):
    """One kind of data on the schedule."""

    key: str

    def due(self, conn: Connection, facts: list[SubmissionFacts], years: int, as_of: date
            ) -> list[DueItem]: ...  # fmt: skip

    def remove(self, conn: Connection, items: list[DueItem]) -> dict[str, Any]: ...


def _item(kind: str, item_id: int, label: str, anchor: date, years: int, **ids: list[int]
          ) -> DueItem:  # fmt: skip
    return DueItem(kind, item_id, label, anchor.isoformat(), add_years(anchor, years).isoformat(),
                   {k: sorted(v) for k, v in ids.items()})  # fmt: skip


def _ids(items: list[DueItem], name: str) -> list[int]:
    return sorted({i for item in items for i in item.ids.get(name, [])})


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    """`ids` in pieces small enough for one statement's parameters on either database."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _delete_in(conn: Connection, table: Any, column: Any, ids: list[int]) -> int:
    """Delete the rows whose `column` is one of `ids` (in chunks); return how many went."""
    return sum(
        conn.execute(delete(table).where(column.in_(chunk))).rowcount or 0 for chunk in _chunks(ids)
    )


def _files_of(conn: Connection, version_ids: list[int]) -> list[int]:
    """The evidence files the versions link to."""
    el, found = tables.evidence_links, set()
    for chunk in _chunks(version_ids):
        found |= set(conn.execute(select(el.c.file_id).where(
            el.c.version_id.in_(chunk), el.c.file_id.is_not(None))).scalars())  # fmt: skip
    return sorted(found)


def _drop_unlinked(conn: Connection, file_ids: list[int]) -> int:
    """Delete those of `file_ids` that no submission version links to any more."""
    ef, el = tables.evidence_files, tables.evidence_links
    linked = select(el.c.file_id).where(el.c.file_id.is_not(None))
    gone = 0
    for chunk in _chunks(file_ids):
        where = ef.c.id.in_(chunk) & ef.c.id.not_in(linked)
        gone += conn.execute(delete(ef).where(where)).rowcount or 0
    return gone


@dataclass(frozen=True)
class EvidenceFiles:
    """Evidence files and their names: kept `years` after the award's validity ends."""

    key: str = rules.EVIDENCE

    def due(self, conn: Connection, facts: list[SubmissionFacts], years: int, as_of: date
            ) -> list[DueItem]:  # fmt: skip
        el, v = tables.evidence_links, tables.submission_versions
        versions = versions_of(conn, [f.submission_id for f in facts])
        linked = {
            row.version_id: row.n
            for row in conn.execute(select(el.c.version_id, func.count().label("n"))
                                    .join(v, v.c.id == el.c.version_id)
                                    .group_by(el.c.version_id))
        }  # fmt: skip
        found = []
        for fact in facts:
            anchor = latest(fact.valid_until, fact.round_end)
            if fact.round_end is None or not is_due(anchor, years, as_of):
                continue
            mine = [vid for vid in versions[fact.submission_id] if linked.get(vid)]
            if mine and anchor is not None:
                count = sum(linked[vid] for vid in mine)
                label = f"{fact.label}: {count} evidence file{'s' * (count != 1)}"
                found.append(_item(self.key, fact.submission_id, label, anchor, years,
                                   submissions=[fact.submission_id], versions=mine))  # fmt: skip
        return found

    def remove(self, conn: Connection, items: list[DueItem]) -> dict[str, Any]:
        el, versions = tables.evidence_links, _ids(items, "versions")
        files = _files_of(conn, versions)
        links = _delete_in(conn, el, el.c.version_id, versions)
        return {"submissions": _ids(items, "submissions"), "links": links,
                "files": _drop_unlinked(conn, files)}  # fmt: skip


def _clear_allocations(conn: Connection, allocation_ids: list[int]) -> dict[str, int]:
    """Remove the scores and comments held for allocations, with their exchange copies."""
    counts = {}
    for name in ("exchange_bases", "score_conflicts", "scores"):
        table = getattr(tables, name)
        counts[name] = _delete_in(conn, table, table.c.allocation_id, allocation_ids)
    return counts


@dataclass(frozen=True)
class ScoresAndComments:
    """Assessors' scores and comments: kept `years` after the round ended."""

    key: str = rules.SCORES

    def due(self, conn: Connection, facts: list[SubmissionFacts], years: int, as_of: date
            ) -> list[DueItem]:  # fmt: skip
        sc, al = tables.scores, tables.allocations
        scored = {
            row.submission_id: row.n
            for row in conn.execute(select(al.c.submission_id, func.count().label("n"))
                                    .join(sc, sc.c.allocation_id == al.c.id)
                                    .group_by(al.c.submission_id))
        }  # fmt: skip
        allocations = allocations_of(conn, [f.submission_id for f in facts])
        found = []
        for fact in facts:
            if fact.round_end is None or not is_due(fact.round_end, years, as_of):
                continue
            if scored.get(fact.submission_id):
                count = scored[fact.submission_id]
                ids = [a for a, _ in allocations[fact.submission_id]]
                label = f"{fact.label}: {count} assessor score{'s' * (count != 1)}"
                found.append(_item(self.key, fact.submission_id, label, fact.round_end, years,
                                   submissions=[fact.submission_id], allocations=ids))  # fmt: skip
        return found

    def remove(self, conn: Connection, items: list[DueItem]) -> dict[str, Any]:
        counts = _clear_allocations(conn, _ids(items, "allocations"))
        return {"submissions": _ids(items, "submissions"),
                "allocations": _ids(items, "allocations"), **counts}  # fmt: skip


@dataclass(frozen=True)
class Submissions:
    """Whole submissions (versions, evidence, allocations, scores, agreement and decision)."""

    key: str = rules.SUBMISSIONS

    def due(self, conn: Connection, facts: list[SubmissionFacts], years: int, as_of: date
            ) -> list[DueItem]:  # fmt: skip
        ids = [f.submission_id for f in facts]
        versions, allocations = versions_of(conn, ids), allocations_of(conn, ids)
        found = []
        for fact in facts:
            if fact.round_end is None or not is_due(fact.round_end, years, as_of):
                continue
            if fact.valid_until is not None and fact.valid_until > as_of:
                continue  # an award still held keeps its record
            mine = allocations[fact.submission_id]
            found.append(_item(
                self.key, fact.submission_id, fact.label, fact.round_end, years,
                submissions=[fact.submission_id], versions=versions[fact.submission_id],
                allocations=[a for a, _ in mine], assessors=sorted({b for _, b in mine}),
            ))  # fmt: skip
        return found

    def remove(self, conn: Connection, items: list[DueItem]) -> dict[str, Any]:
        submissions, versions = _ids(items, "submissions"), _ids(items, "versions")
        allocations = _ids(items, "allocations")
        pairs = sorted(
            [row.submission_id, row.assessor_id]
            for row in conn.execute(
                select(tables.allocations).where(tables.allocations.c.id.in_(allocations or [0]))
            )
        )
        files = _files_of(conn, versions)
        counts = _clear_allocations(conn, allocations)
        es = tables.exchange_sent
        counts["exchange_sent"] = _delete_in(conn, es, es.c.allocation_id, allocations)
        steps = (
            ("allocations", tables.allocations.c.submission_id, submissions),
            ("agreed_scores", tables.agreed_scores.c.submission_id, submissions),
            ("decisions", tables.decisions.c.submission_id, submissions),
            ("evidence_links", tables.evidence_links.c.version_id, versions),
            ("evidence_rows", tables.evidence_rows.c.version_id, versions),
            ("submission_versions", tables.submission_versions.c.submission_id, submissions),
            ("submissions", tables.submissions.c.id, submissions),
        )
        for name, column, ids in steps:
            counts[name] = _delete_in(conn, column.table, column, ids)
        counts["evidence_files"] = _drop_unlinked(conn, files)
        counts["exchange_ids"] = _drop_mappings(
            conn, {"submission": submissions, "version": versions, "allocation": allocations}
        )
        return {"submissions": submissions, "allocations": allocations, "pairs": pairs,
                "counts": counts}  # fmt: skip


def _drop_mappings(conn: Connection, local: dict[str, list[int]]) -> int:
    """Forget work-pack id mappings that point at removed rows (an assessor's workspace)."""
    ei, gone = tables.exchange_ids, 0
    for kind, ids in local.items():
        for chunk in _chunks(ids):
            where = (ei.c.kind == kind) & ei.c.local_id.in_(chunk)
            gone += conn.execute(delete(ei).where(where)).rowcount or 0
    return gone


@dataclass(frozen=True)
class ContactDetails:
    """Organisations' contact names, job titles and e-mails (register and cover sheets)."""

    key: str = rules.CONTACTS

    def due(self, conn: Connection, facts: list[SubmissionFacts], years: int, as_of: date
            ) -> list[DueItem]:  # fmt: skip
        o, v, s = tables.organisations, tables.submission_versions, tables.submissions
        last: dict[int, list[date | None]] = {}
        for fact in facts:
            last.setdefault(fact.organisation_id, []).append(fact.round_end)
        covers: dict[int, list[int]] = {}
        for row in conn.execute(
            select(s.c.organisation_id, v.c.id, v.c.cover)
            .join(s, s.c.id == v.c.submission_id)
            .where(s.c.id.in_([f.submission_id for f in facts] or [0]))
        ):
            if any(json.loads(row.cover).get(name) for name in CONTACT_FIELDS):
                covers.setdefault(row.organisation_id, []).append(row.id)  # fmt: skip
        found = []
        for row in conn.execute(select(o).order_by(o.c.name)):
            ends = last.get(row.id, [])
            if any(end is None for end in ends):
                continue  # a submission in a round still open
            anchor = latest(*ends) or as_date(row.created_at)
            held = row.contact_name or row.contact_email or covers.get(row.id)
            if held and anchor is not None and is_due(anchor, years, as_of):
                found.append(_item(self.key, row.id, f"{row.name}: contact details", anchor,
                                   years, organisations=[row.id],
                                   versions=covers.get(row.id, [])))  # fmt: skip
        return found

    def remove(self, conn: Connection, items: list[DueItem]) -> dict[str, Any]:
        o, v = tables.organisations, tables.submission_versions
        organisations, versions = _ids(items, "organisations"), _ids(items, "versions")
        for chunk in _chunks(organisations):
            conn.execute(update(o).where(o.c.id.in_(chunk))
                         .values(contact_name=None, contact_email=None))  # fmt: skip
        for row in conn.execute(select(v.c.id, v.c.cover).where(v.c.id.in_(versions or [0]))):
            cover = {k: ("" if k in CONTACT_FIELDS else value)
                     for k, value in json.loads(row.cover).items()}  # fmt: skip
            conn.execute(update(v).where(v.c.id == row.id)
                         .values(cover=json.dumps(cover, ensure_ascii=False)))  # fmt: skip
        return {"organisations": organisations, "cover_sheets": len(versions)}


@dataclass(frozen=True)
class AuditEntries:
    """Personal values in audit entries older than `years` (the entries and chain stay)."""

    key: str = rules.AUDIT

    def cutoff(self, years: int, as_of: date) -> str:
        return add_years(as_of, -years).isoformat()

    def due(self, conn: Connection, facts: list[SubmissionFacts], years: int, as_of: date
            ) -> list[DueItem]:  # fmt: skip
        log, cutoff = tables.audit_log, self.cutoff(years, as_of)
        first, last, count = conn.execute(
            select(func.min(log.c.seq), func.max(log.c.seq), func.count()).where(log.c.at < cutoff)
        ).one()
        if not count:
            return []
        oldest = as_date(conn.execute(select(log.c.at).where(log.c.seq == first)).scalar_one())
        assert oldest is not None
        label = f"{count} audit entr{'ies' if count != 1 else 'y'} written before {cutoff}"
        item = _item(self.key, 0, label, oldest, years, entries=[first, last])
        return [replace(item, before=cutoff)]

    def remove(self, conn: Connection, items: list[DueItem]) -> dict[str, Any]:
        """Erase the personal values of entries before the cutoff; the chain stays verifiable."""
        if not items:
            return {"entries": 0}
        return {"entries": erase_audit_values_before(conn, items[0].before or "")}


KINDS: dict[str, RetentionKind] = {
    kind.key: kind
    for kind in (
        EvidenceFiles(),
        ScoresAndComments(),
        Submissions(),
        ContactDetails(),
        AuditEntries(),
    )
}
# Removal order inside the one transaction: parts of a submission before the whole of it.
REMOVAL_ORDER = (rules.EVIDENCE, rules.SCORES, rules.CONTACTS, rules.SUBMISSIONS, rules.AUDIT)


def vacuum(engine: Engine) -> None:
    """Rebuild an SQLite file so removed rows leave no trace in free pages or the WAL."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        driver.execute("VACUUM")
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
