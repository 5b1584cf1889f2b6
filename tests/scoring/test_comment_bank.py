"""The comment bank: comments kept per criterion for reuse, once each, removed by id."""

from __future__ import annotations

import pytest

from arf_desktop.domain.errors import Refused
from arf_desktop.scoring.comment_bank import add_to_bank, bank, remove_from_bank
from arf_desktop.storage.workspace import Workspace


def test_comment_bank_per_criterion(workspace: Workspace) -> None:
    assert add_to_bank(workspace, "Siân Evans", "B-P1-01", "No dated board minute.")
    assert not add_to_bank(workspace, "Siân Evans", "B-P1-01", " No dated board minute. ")
    add_to_bank(workspace, "Siân Evans", "B-P1-01", "Statement does not name racism.")
    add_to_bank(workspace, "Siân Evans", "B-P1-02", "Other criterion.")
    entries = bank(workspace, "B-P1-01")
    assert [text for _, text in entries] == [
        "No dated board minute.",
        "Statement does not name racism.",
    ]
    remove_from_bank(workspace, "Siân Evans", entries[0][0])
    assert [text for _, text in bank(workspace, "B-P1-01")] == ["Statement does not name racism."]
    with pytest.raises(Refused):
        add_to_bank(workspace, "Siân Evans", "B-P1-01", "   ")
