"""The submission workbook's stable contract: sheet names, cover labels, evidence columns, keys."""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_FORMAT = "arf-submission-workbook"
TEMPLATE_VERSION = "1"
SUPPORTED_TEMPLATE_VERSIONS = frozenset({"1"})

INSTRUCTIONS_SHEET = "Instructions"
COVER_SHEET = "Cover"
EVIDENCE_SHEET = "Evidence"
META_SHEET = "_arf"
SHEET_ORDER = (INSTRUCTIONS_SHEET, COVER_SHEET, EVIDENCE_SHEET, META_SHEET)

EXCEL_CELL_LIMIT = 32_767  # Excel's own limit on the characters in one cell


@dataclass(frozen=True)
class CoverField:
    """One row of the Cover sheet: its label (column A) and what kind of answer it takes."""

    label: str
    kind: str  # organisation | icb | level | text | email | date
    required: bool
    hint: str


COVER_FIELDS = (
    CoverField("Organisation", "organisation", True, "Choose your organisation from the list."),
    CoverField("ICB", "icb", False, "Your integrated care board (filled in for you if blank)."),
    CoverField("Level applied for", "level", True, "Bronze, Silver or Gold."),
    CoverField("Contact name", "text", True, "Who we should contact about this submission."),
    CoverField("Contact job title", "text", False, "For example: Head of EDI."),
    CoverField("Contact email", "email", True, "An NHS.net or organisational address."),
    CoverField("Executive sponsor", "text", False, "The board member who owns this work."),
    CoverField("Submission date", "date", True, "The date you send it, as dd/mm/yyyy."),
)
COVER_FIRST_ROW = 4  # the template's first answer row (labels may be moved; they are read by name)

COL_ID = "Criterion ID"
COL_LEVEL = "Level"
COL_PRINCIPLE = "Principle"
COL_CRITERION = "Criterion"
COL_GUIDANCE = "What good evidence looks like"
COL_SELF = "Self-assessment"
COL_SUMMARY = "Evidence summary"
COL_FILES = "Evidence files"

EVIDENCE_COLUMNS = (
    COL_ID,
    COL_LEVEL,
    COL_PRINCIPLE,
    COL_CRITERION,
    COL_GUIDANCE,
    COL_SELF,
    COL_SUMMARY,
    COL_FILES,
)
REFERENCE_COLUMNS = (COL_LEVEL, COL_PRINCIPLE, COL_CRITERION, COL_GUIDANCE)
ANSWER_COLUMNS = (COL_SELF, COL_SUMMARY, COL_FILES)
REQUIRED_COLUMNS = (COL_ID, *ANSWER_COLUMNS)

SELF_ASSESSMENT_OPTIONS = ("Met", "Partially met", "Not yet met")
SELF_ASSESSMENT_ALIASES = {
    "met": "Met",
    "fully met": "Met",
    "partially met": "Partially met",
    "partly met": "Partially met",
    "partially": "Partially met",
    "not yet met": "Not yet met",
    "not met": "Not yet met",
    "not yet": "Not yet met",
}

# _arf: key/value pairs in columns A and B (row 1 is a heading), lists for drop-downs beside them.
META_FORMAT = "format"
META_TEMPLATE_VERSION = "template_version"
META_FRAMEWORK_ID = "framework_id"
META_FRAMEWORK_VERSION = "framework_version"
META_FRAMEWORK_NAME = "framework_name"
META_FINGERPRINT = "criteria_fingerprint"
META_LEVEL = "template_level"
META_ORGANISATION = "template_organisation"
META_GENERATED = "generated_on"
META_APP = "generated_by"
LIST_COLUMNS = {"organisations": "D", "icbs": "E", "levels": "F", "self_assessment": "G"}


def label_key(text: str) -> str:
    """How labels and headings are compared: letters and digits only, case-folded."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


COVER_BY_KEY = {label_key(f.label): f for f in COVER_FIELDS}
COLUMN_BY_KEY = {label_key(c): c for c in EVIDENCE_COLUMNS}
# The heading of the guidance column may be edited without changing the meaning.
COLUMN_BY_KEY[label_key("Guidance")] = COL_GUIDANCE
