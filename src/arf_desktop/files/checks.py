"""The checks every reader of an outside workbook, zip or JSON file runs first, in one place."""

from __future__ import annotations

from arf_desktop.files.json_checks import check_json, read_json_file
from arf_desktop.files.opening import MB, FileProblem
from arf_desktop.files.workbook_checks import check_workbook_file, require_defusedxml
from arf_desktop.files.zip_batch import check_zip_batch, extract_batch, safe_extract

__all__ = [
    "MB",
    "FileProblem",
    "check_json",
    "check_workbook_file",
    "check_zip_batch",
    "extract_batch",
    "read_json_file",
    "require_defusedxml",
    "safe_extract",
]
