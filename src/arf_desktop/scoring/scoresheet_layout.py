"""The offline scoring sheet's layout (sheets, columns, identity keys) and its problems."""

from __future__ import annotations

from dataclasses import dataclass

from arf_desktop.domain.errors import UserFacingError

FORMAT = "arf-scoresheet"
FORMAT_VERSION = "1"
SCORES = "Scores"
SCALE = "Scale"
CRITERIA = "Criteria"
IDENTITY = "ARF"
COLUMNS = (
    ("Organisation", 34),
    ("Level applied for", 12),
    ("Criterion ID", 11),
    ("Level", 9),
    ("Principle", 24),
    ("Criterion", 40),
    ("Self-assessment", 14),
    ("Evidence summary (for reference)", 70),
    ("Score", 22),
    ("Comment", 50),
    ("Status", 12),
    ("Revision", 9),
)
REQUIRED = ("Organisation", "Criterion ID", "Score", "Comment")
OPEN, SUBMITTED_TEXT = "Open", "Submitted"
MAX_PROBLEM_LINES = 50


def column(title: str) -> int:
    """The 1-based column of a Scores sheet heading."""
    return next(i for i, (name, _) in enumerate(COLUMNS, start=1) if name == title)


@dataclass(frozen=True)
class SheetProblem:
    sheet: str
    cell: str
    message: str

    def line(self, file: str) -> str:
        where = f"sheet {self.sheet}" + (f", cell {self.cell}" if self.cell else "")
        return f"{file}, {where}: {self.message}"


class ScoresheetRejected(UserFacingError):
    """The sheet was not imported; every problem is named by sheet and cell."""

    def __init__(self, file: str, problems: list[SheetProblem]) -> None:
        lines = [p.line(file) for p in problems[:MAX_PROBLEM_LINES]]
        if len(problems) > MAX_PROBLEM_LINES:
            lines.append(f"{file}: … and {len(problems) - MAX_PROBLEM_LINES} more problems")
        lines.append(f"{file}: nothing was imported; correct the sheet and import it again.")
        super().__init__("\n".join(lines))
        self.file = file
        self.problems = problems
