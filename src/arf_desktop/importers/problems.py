"""Problems and warnings found in a submitted file, each naming the file, sheet and cell."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_REPORTED = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a file: where it is and what to do."""

    file: str
    sheet: str | None
    cell: str | None
    message: str

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def line(self, with_file: bool = True) -> str:
        place = " › ".join(p for p in ((self.file if with_file else ""), self.where) if p)
        return f"{place}: {self.message}" if place else self.message

    def as_dict(self) -> dict[str, str | None]:
        return {"sheet": self.sheet, "cell": self.cell, "message": self.message}


@dataclass
class Findings:
    """Collects problems (which refuse the file) and warnings (which do not) for one file."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    dropped: int = 0

    def problem(self, sheet: str | None, cell: str | None, message: str) -> None:
        self._add(self.problems, Problem(self.file, sheet, cell, message))

    def warn(self, sheet: str | None, cell: str | None, message: str) -> None:
        self._add(self.warnings, Problem(self.file, sheet, cell, message))

    def _add(self, bucket: list[Problem], item: Problem) -> None:
        if len(bucket) >= MAX_REPORTED:
            self.dropped += 1
            return
        bucket.append(item)

    @property
    def ok(self) -> bool:
        return not self.problems

    def final_problems(self) -> tuple[Problem, ...]:
        extra = (
            [Problem(self.file, None, None, f"…and {self.dropped} more not listed.")]
            if self.dropped and self.problems
            else []
        )
        return (*self.problems, *extra)
