"""27 award letters as whole processes: `arf-desktop export letters` against bare reportlab.

The bare process sets the same words (every paragraph of every letter, extracted from the
letters' own stories) with the same embedded font, page by page, one PDF per letter.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from processes import cpu_line, describe, floor_line, interleaved, load_average, ratio_line

COUNT = 27
TARGET = 1.3

BARE = """
import json, sys
from pathlib import Path
from xml.sax.saxutils import escape
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate
pdfmetrics.registerFont(TTFont("Bare", sys.argv[2]))
style = ParagraphStyle("plain", fontName="Bare", fontSize=10, leading=14, spaceAfter=6)
out = Path(sys.argv[3])
out.mkdir(exist_ok=True)
for number, texts in enumerate(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))):
    doc = SimpleDocTemplate(
        str(out / f"bare-{number}.pdf"), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
        topMargin=36 * mm, bottomMargin=22 * mm, invariant=1, pageCompression=1,
        initialFontName="Bare",
    )
    doc.build([Paragraph(escape(text), style) for text in texts])
"""

# The least any letters command can cost: the bare letters plus loading SQLAlchemy, which the
# product's storage is built on, before the workspace is opened.
FLOOR = "import sqlalchemy\n" + BARE


def plain_texts(flowables: list) -> Iterator[str]:
    """The text of every paragraph in a story, tables and kept-together groups included."""
    from reportlab.platypus import KeepTogether, Paragraph, Table

    for item in flowables:
        if isinstance(item, Paragraph):
            yield item.getPlainText()
        elif isinstance(item, KeepTogether):
            yield from plain_texts(list(item._content))
        elif isinstance(item, str):
            yield from filter(None, item.splitlines())
        elif isinstance(item, Table):
            for row in item._cellvalues:
                for cell in row:
                    yield from plain_texts(cell if isinstance(cell, list) else [cell])


def decided_workspace(path: Path, count: int) -> str:
    """A national-style round of `count` organisations, every one scored and decided."""
    from arf_desktop.demo.outcomes import add_demo_decisions
    from national_workspace import ROUND, build_national

    build_national(path, organisations=count, assessors=6)
    decided = add_demo_decisions(path, share=1.0)
    assert decided == count, decided
    return ROUND


def letter_texts(path: Path, round_name: str) -> list[list[str]]:
    from arf_desktop.exporters import pdf_common
    from arf_desktop.exporters.from_decisions import round_documents
    from arf_desktop.exporters.letter_templates import load_templates
    from arf_desktop.exporters.letters import letter_story
    from arf_desktop.storage.workspace import Workspace

    pdf_common.register_fonts()
    templates = load_templates()
    with Workspace.open(path) as workspace:
        documents = round_documents(workspace, round_name)
    return [list(plain_texts(letter_story(d.document, templates))) for d in documents]


# Where a whole process's time goes before any letter is set (--breakdown): each a fresh Python,
# importing with the collector set as the command sets it (its imports run inside main()).
_AS_THE_COMMAND = "import gc; gc.set_threshold(100_000, 50, 100); "
START_UP = {
    "python alone": ["-c", "pass"],
    "import sqlalchemy": ["-c", _AS_THE_COMMAND + "import sqlalchemy"],
    "import reportlab (as the bare process)": [
        "-c", _AS_THE_COMMAND + "import reportlab.platypus, reportlab.pdfbase.ttfonts"
    ],
    "import sqlalchemy and reportlab": [
        "-c", _AS_THE_COMMAND + "import sqlalchemy, reportlab.platypus, reportlab.pdfbase.ttfonts"
    ],
    "import the command's modules": [
        "-c",
        _AS_THE_COMMAND + "import arf_desktop.cli.main, arf_desktop.cli.outputs, "
        "arf_desktop.exporters.batch_export, arf_desktop.exporters.letters",
    ],
}  # fmt: skip


def breakdown(rounds: int) -> None:
    """CPU medians of start-up alone: the interpreter, each library, and our modules."""
    cpu: dict[str, list[float]] = {}
    interleaved(START_UP, rounds, cpu=cpu)
    for name, values in cpu.items():
        print(f"  start-up, {name:<40} CPU median {statistics.median(values) * 1000:5.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workspace", type=Path, help="reuse (or keep) the decided workspace")
    parser.add_argument(
        "--breakdown", action="store_true", help="also time start-up alone, library by library"
    )
    args = parser.parse_args()
    from arf_desktop.paths import resource

    with tempfile.TemporaryDirectory(prefix="arf-export-bench-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        database = args.workspace or root / "decided.arfdb"
        if database.exists():
            from national_workspace import ROUND as round_name
        else:
            round_name = decided_workspace(database, args.count)
        texts = letter_texts(database, round_name)
        (root / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        print(
            f"{len(texts)} decided submissions built in {time.perf_counter() - started:.0f} s; "
            f"{statistics.mean(len(t) for t in texts):.0f} paragraphs a letter"
        )
        font = str(resource("fonts", "DejaVuSans.ttf"))
        ours = ["-m", "arf_desktop", "export", "letters", "--db", str(database)]
        cpu: dict[str, list[float]] = {}
        before = load_average()
        times = interleaved(
            {
                "arf-desktop export letters": [*ours, "--out", str(root / "letters")],
                "bare reportlab, same text and font": [
                    "-c", BARE, str(root / "texts.json"), font, str(root / "bare")
                ],
                "bare reportlab + import sqlalchemy": [
                    "-c", FLOOR, str(root / "texts.json"), font, str(root / "floor")
                ],
            },
            args.rounds,
            cpu=cpu,
        )  # fmt: skip
        written = len(list((root / "letters").glob("letter-*.pdf")))
    for name, values in times.items():
        print(describe(name, values))
    print(f"letters written per run: {written}")
    ours_t, bare_t, floor_t = times.values()
    print(ratio_line(f"{args.count} letters vs bare reportlab", ours_t, bare_t, TARGET))
    ours_c, bare_c, floor_c = (cpu[name] for name in times)
    print(cpu_line(f"{args.count} letters vs bare reportlab", ours_c, bare_c, TARGET))
    floor = "bare + SQLAlchemy's import vs bare reportlab"
    print(floor_line(floor, floor_t, bare_t, TARGET))
    print(floor_line(f"{floor}, CPU", floor_c, bare_c, TARGET))
    if args.breakdown:
        breakdown(args.rounds)
    print(f"load average before: {before}; after: {load_average()}")


if __name__ == "__main__":
    main()
