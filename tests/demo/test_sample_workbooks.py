"""Sample workbooks: named from the organisation, filled in, and safe by the importer's checks."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl

from arf_desktop.demo.sample_workbooks import write_sample_submission
from arf_desktop.domain.framework import Framework
from arf_desktop.domain.records import Organisation
from arf_desktop.files.checks import check_workbook_file
from arf_desktop.importers import workbook_contract as wc

ALDER_HEY = Organisation(
    1, "Alder Hey Children's NHS Foundation Trust", "Cheshire and Merseyside ICB", "trust",
    "RBS", None, None, True,
)  # fmt: skip


def test_a_sample_submission_is_named_from_its_organisation(
    framework: Framework, tmp_path: Path
) -> None:
    level = framework.find_level("silver")
    assert level is not None
    path = write_sample_submission(tmp_path, framework, ALDER_HEY, level, random.Random(7))
    assert path.name == "Alder-Hey-Childrens-NHS-Foundation-Trust ARF submission.xlsx"
    check_workbook_file(path)
    cover = openpyxl.load_workbook(path)[wc.COVER_SHEET]
    answers = {str(a.value): b.value for a, b in cover.iter_rows(min_col=1, max_col=2) if a.value}
    email = next(value for label, value in answers.items() if label.startswith("Contact email"))
    local_part = str(email).split("@")[0]
    assert local_part == local_part.lower() and local_part.isascii() and " " not in local_part
    assert any(f.name.endswith(".txt") for f in (tmp_path / "Evidence").iterdir())
