"""A document that cannot be laid out is reported for its organisation; the rest are written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from arf_desktop.exporters.batch_export import PREFIX, export_documents, file_names
from arf_desktop.exporters.from_decisions import round_documents
from arf_desktop.storage.workspace import Workspace
from tests.exporters.decided_round import ROUND


def test_unprintable_letter_is_skipped_and_named_and_the_rest_are_written(
    decided: Workspace, tmp_path: Path
) -> None:
    documents = round_documents(decided, ROUND)
    assert len(documents) >= 3 and PREFIX["letters"] == "letter"
    bad = documents[1]
    long_email = "x" * 3000 + "@nhs.net"
    broken = dataclasses.replace(
        bad, document=dataclasses.replace(bad.document, addressee_email=long_email)
    )
    batch = [documents[0], broken, *documents[2:]]
    result = export_documents(batch, ("letters",), tmp_path)
    names = file_names("letters", batch)
    written = sorted(p.name for p in tmp_path.iterdir())
    expected = sorted(names[d.submission_id] for d in batch if d is not broken)
    assert written == expected and len(result.written) == len(batch) - 1
    [(kind, organisation, why)] = result.skipped
    assert (kind, organisation) == ("letters", bad.organisation)
    assert "could not be laid out" in why and "0x" not in why
    assert not (tmp_path / names[bad.submission_id]).exists()
