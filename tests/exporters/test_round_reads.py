"""Reading a round's documents takes a fixed few statements, however many were decided."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import event

from arf_desktop.exporters.from_decisions import round_documents
from arf_desktop.storage.workspace import Workspace
from tests.exporters.decided_round import ROUND

SETTING_READ = 'SELECT settings.value FROM settings WHERE settings."key" = ?'


def test_a_round_is_read_in_a_fixed_few_statements(decided: Workspace) -> None:
    seen: list[str] = []

    def note(_conn, _cursor, statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split()))

    event.listen(decided.engine, "before_cursor_execute", note)
    try:
        documents = round_documents(decided, ROUND)
    finally:
        event.remove(decided.engine, "before_cursor_execute", note)
    assert len(documents) == 5
    transactions = sum(s.upper().startswith("BEGIN") for s in seen)
    reads = Counter(s for s in seen if not s.upper().startswith("BEGIN"))
    # no statement once per submission: each is sent once, but the six settings (by key)
    assert {s: n for s, n in reads.items() if n > 1 and s != SETTING_READ} == {}, reads
    assert reads[SETTING_READ] == 6
    assert sum(reads.values()) <= 15 and transactions <= 5, seen
