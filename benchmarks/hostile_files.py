"""A corpus of files built to be expensive to read, one builder per kind, for benchmarks and tests.

Each builder writes one file into a folder and returns its path. The workbooks are written
part by part with zipfile (sheets streamed, so building a file with millions of cells takes
seconds and little memory); the JSON files are written as bytes. `CORPUS` names every kind,
the file kind it poses as and the command that reads it.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MB = 1024 * 1024

Sheet = tuple[str, Callable[[], Iterable[str]]]  # (name, the sheet XML in pieces)


def column_letter(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _content_types(sheets: int, strings: bool) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, sheets + 1)
    )
    if strings:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>"
    )


def _workbook(names: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(names, 1)
    )
    return f'<workbook xmlns="{NS}" xmlns:r="{REL_NS}"><sheets>{sheets}</sheets></workbook>'


def _workbook_rels(count: int, strings: bool) -> str:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    rels += f'<Relationship Id="rIdS" Type="{kind}/styles" Target="styles.xml"/>'
    if strings:
        rels += f'<Relationship Id="rIdT" Type="{kind}/sharedStrings" Target="sharedStrings.xml"/>'
    return f'<Relationships xmlns="{PKG_NS}">{rels}</Relationships>'


def styles_xml(cell_formats: int = 2) -> Iterator[str]:
    yield (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{cell_formats}">'
    )
    for index in range(cell_formats):
        yield f'<xf numFmtId="{index % 50}" fontId="0" fillId="0" borderId="0"/>'
    yield "</cellXfs></styleSheet>"


def write_workbook(
    path: Path,
    sheets: list[Sheet],
    strings: Callable[[], Iterable[str]] | None = None,
    styles: Callable[[], Iterable[str]] = styles_xml,
) -> Path:
    """Write an .xlsx whose sheets (and shared strings, styles) are streamed from generators."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(sheets), strings is not None))
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG_NS}"><Relationship Id="rId1" Type="{REL_NS}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr("xl/workbook.xml", _workbook([name for name, _ in sheets]))
        archive.writestr(
            "xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets), strings is not None)
        )
        _stream(archive, "xl/styles.xml", styles())
        if strings is not None:
            _stream(archive, "xl/sharedStrings.xml", strings())
        for index, (_, pieces) in enumerate(sheets, 1):
            _stream(archive, f"xl/worksheets/sheet{index}.xml", pieces())
    return path


def _stream(archive: zipfile.ZipFile, part: str, pieces: Iterable[str]) -> None:
    with archive.open(part, "w", force_zip64=True) as sink:
        batch: list[str] = []
        size = 0
        for piece in pieces:
            batch.append(piece)
            size += len(piece)
            if size > MB:
                sink.write("".join(batch).encode("utf-8"))
                batch, size = [], 0
        sink.write("".join(batch).encode("utf-8"))


def rewrite_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of a zip in place through `change`."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info, change(data) if info.filename == part else data)
    return path


def sheet_xml(
    rows: Iterable[Iterable[tuple[int, str]]],
    dimension: str | None = None,
    first_row: int = 1,
    tail: str = "",
) -> Iterator[str]:
    """A worksheet: each row a list of (column, inner cell XML incl. attributes) pairs."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'
    if dimension:
        yield f'<dimension ref="{dimension}"/>'
    yield "<sheetData>"
    letters = [column_letter(column) for column in range(1, 64)]
    for number, row in enumerate(rows, first_row):
        cells = "".join(f'<c r="{letters[column - 1]}{number}"{inner}' for column, inner in row)
        yield f'<row r="{number}">{cells}</row>'
    yield f"</sheetData>{tail}</worksheet>"


def text(value: str) -> str:
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t>{escaped}</t></is></c>'


def number(value: float) -> str:
    return f"><v>{value}</v></c>"


EMPTY_STYLED = ' s="1"/>'
SCORE_HEADINGS = ("Organisation", "Criterion ID", "Criterion", "Score", "Comment", "Revision")
NATIONAL_HEADINGS = (
    "Organisation", "Level applied for", "Criterion ID", "Level", "Principle", "Criterion",
    "Self-assessment", "Evidence summary (for reference)", "Score", "Comment", "Status",
    "Revision",
)  # fmt: skip


def _identity_sheet() -> Sheet:
    rows = [[(1, text("format")), (2, text("arf-scoresheet"))], [(1, text("format_version"))]]
    return ("ARF", lambda: sheet_xml(rows))


def _scores_sheet(
    body: Callable[[], Iterable[Iterable[tuple[int, str]]]],
    headings: tuple[str, ...] = SCORE_HEADINGS,
    **options,
) -> Sheet:
    header = [(i, text(h)) for i, h in enumerate(headings, 1)]

    def rows() -> Iterator[Iterable[tuple[int, str]]]:
        yield header
        yield from body()

    return ("Scores", lambda: sheet_xml(rows(), **options))


# -- scoring sheets -------------------------------------------------------------------------------


def empty_styled_cells(folder: Path, rows: int = 300_000, columns: int = 10) -> Path:
    """A scoring sheet padded with millions of empty cells that only carry a style."""

    def body() -> Iterator[list[tuple[int, str]]]:
        padding = [(c, EMPTY_STYLED) for c in range(1, columns + 1)]
        for _ in range(rows):
            yield padding

    sheets = [_scores_sheet(body), _identity_sheet()]
    return write_workbook(folder / "empty-styled-cells.xlsx", sheets)


def huge_dimension(folder: Path) -> Path:
    """A small scoring sheet whose <dimension> claims every cell Excel has."""
    sheets = [_scores_sheet(lambda: [], dimension="A1:XFD1048576"), _identity_sheet()]
    return write_workbook(folder / "huge-dimension.xlsx", sheets)


def far_cell(folder: Path) -> Path:
    """A scoring sheet with one value in the very last row of a sheet."""
    sheets = [
        _scores_sheet(lambda: [[(4, number(3))]], first_row=1_048_576),
        _identity_sheet(),
    ]
    return write_workbook(folder / "far-cell.xlsx", sheets)


def many_merges(folder: Path, count: int = 200_000) -> Path:
    merges = "".join(f'<mergeCell ref="A{2 * i + 2}:B{2 * i + 2}"/>' for i in range(count))
    tail = f'<mergeCells count="{count}">{merges}</mergeCells>'
    sheets = [_scores_sheet(lambda: [], tail=tail), _identity_sheet()]
    return write_workbook(folder / "many-merges.xlsx", sheets)


def national_scoring_sheet(folder: Path, rows: int = 13_500) -> Path:
    """A genuine-sized scoring sheet: 300 organisations × 45 criteria in the 12 columns that
    `scoresheet export` writes, every row filled (the national round's 30 assessors have 1,350
    rows each; this is one assessor scoring every organisation)."""

    def body() -> Iterator[list[tuple[int, str]]]:
        for index in range(rows):
            yield [
                (1, text(f"Benchmark Trust {index // 45:03d}")),
                (2, text("Silver")),
                (3, text(f"B-P{index % 9 + 1}-{index % 5 + 1:02d}")),
                (4, text("Bronze")),
                (5, text("Leadership")),
                (6, text("The organisation has a published anti-racist statement.")),
                (7, text("Met")),
                (8, text("The board approved the statement in March.")),
                (9, number(index % 4)),
                (10, text(f"Comment {index}: the evidence shows steady progress.")),
                (11, text("Open")),
                (12, number(1)),
            ]

    sheets = [_scores_sheet(body, headings=NATIONAL_HEADINGS), _identity_sheet()]
    return write_workbook(folder / "national-scoring-sheet.xlsx", sheets)


def cells_at_limit(folder: Path, rows: int = 24_900) -> Path:
    """A scoring sheet just under the cell limit (24,900 rows of 8 cells), every cell filled."""

    def body() -> Iterator[list[tuple[int, str]]]:
        for index in range(rows):
            yield [(c, number(index) if c % 2 else text(f"t{index}")) for c in range(1, 9)]

    sheets = [_scores_sheet(body), _identity_sheet()]
    return write_workbook(folder / "cells-at-limit.xlsx", sheets)


# -- submission workbooks -------------------------------------------------------------------------


def _submission_sheets() -> list[Sheet]:
    cover = [[(1, text("Organisation")), (2, text("Bolton NHS Foundation Trust"))]]
    return [
        ("Instructions", lambda: sheet_xml([[(1, text("Fill in the cover and evidence."))]])),
        ("Cover", lambda: sheet_xml(cover)),
        ("Evidence", lambda: sheet_xml([[(1, text("Criterion ID"))]])),
        ("_arf", lambda: sheet_xml([[(1, text("format")), (2, text("arf-submission-workbook"))]])),
    ]


def styles_bomb(folder: Path, cell_formats: int = 100_000) -> Path:
    """A submission workbook whose styles define 100,000 cell formats."""
    return write_workbook(
        folder / "styles-bomb.xlsx",
        _submission_sheets(),
        styles=lambda: styles_xml(cell_formats),
    )


def styles_at_limit(folder: Path) -> Path:
    return write_workbook(
        folder / "styles-at-limit.xlsx", _submission_sheets(), styles=lambda: styles_xml(19_900)
    )


def strings_at_limit(folder: Path) -> Path:
    path = shared_strings_bomb(folder, count=99_000)
    return path.rename(folder / "strings-at-limit.xlsx")


def shared_strings_bomb(folder: Path, count: int = 3_000_000) -> Path:
    """A submission workbook with millions of tiny shared strings."""

    def strings() -> Iterator[str]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}">'
        for index in range(count):
            yield f"<si><t>{index}</t></si>"
        yield "</sst>"

    return write_workbook(folder / "shared-strings-bomb.xlsx", _submission_sheets(), strings)


def high_ratio_member(folder: Path, megabytes: int = 90) -> Path:
    """A submission workbook with one part of zeros compressed a thousandfold."""
    path = write_workbook(folder / "high-ratio.xlsx", _submission_sheets())
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as sink,
    ):
        block = bytes(MB)
        for _ in range(megabytes):
            sink.write(block)
    return path


def many_members(folder: Path, count: int = 20_000) -> Path:
    """A zip batch with more entries than any batch needs."""
    path = folder / "many-members.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for index in range(count):
            archive.writestr(f"folder/{index}.txt", b"")
    return path


# -- JSON: framework files, packs and returns -----------------------------------------------------


def deep_json(folder: Path, depth: int = 200_000) -> Path:
    path = folder / "deep-framework.json"
    nested = b"[" * depth + b"]" * depth
    path.write_bytes(b'{"format": "arf-framework", "criteria": ' + nested + b"}")
    return path


def huge_json(folder: Path, values: int = 5_000_000) -> Path:
    """A framework file of millions of empty objects: small on disk, gigabytes once parsed."""
    path = folder / "huge-framework.json"
    with path.open("wb") as sink:
        sink.write(b'{"format": "arf-framework", "criteria": [')
        block = b"{}," * 100_000
        for _ in range(values // 100_000):
            sink.write(block)
        sink.write(b"{}]}")
    return path


def _exchange_file(path: Path, parts: dict[str, bytes]) -> Path:
    """An exchange file laid out as ARF Desktop writes it (stored parts, fixed order)."""
    from arf_desktop.exchange.container import write_container

    write_container(path, parts.items())
    return path


def pack_manifest_bomb(folder: Path, values: int = 20_000_000) -> Path:
    """A work pack whose manifest is tens of millions of empty objects."""
    manifest = b"[" + b"{}," * (values - 1) + b"{}]"
    return _exchange_file(folder / "manifest-bomb.arfpack", {"manifest.json": manifest})


def return_file(path: Path, records: bytes, count: int, digest: str = "0" * 64) -> Path:
    """A score return holding `records`, under a manifest that lists them correctly (anyone
    can compute that; only the work pack's key is secret)."""
    from arf_desktop.exchange.manifest import encode, part_entry, seal
    from arf_desktop.exchange.returns import assemble

    meta = {
        "return_id": "00000000-0000-4000-8000-000000000000",
        "coordinator_workspace": "coordinator",
        "assessor_workspace": "assessor",
        "pack_id": "pack",
        "round": {"id": 1, "name": "2025/26 recognition round"},
        "assessor": {"id": 1, "name": "Amara Okafor"},
        "framework": {"id": "arf-draft-2024", "version": "2024.1", "sha256": "0" * 64},
        "audit_head": {"seq": 1, "hash": "0" * 64},
    }
    parts = dict(assemble(meta, [], "00" * 32))
    manifest = json.loads(parts["manifest.json"])
    manifest["parts"]["records.json"] = part_entry(records)
    manifest["records"] = {"count": count, "digest": digest}
    return _exchange_file(path, {"manifest.json": encode(seal(manifest)), "records.json": records})


def return_records_bomb(folder: Path, values: int = 10_000_000) -> Path:
    """A score return whose records are millions of empty objects."""
    records = b"[" + b"{}," * (values - 1) + b"{}]"
    return return_file(folder / "records-bomb.arfreturn", records, values)


def return_at_record_limit(folder: Path, count: int = 15_000) -> Path:
    """A score return with as many well-formed score records as a return may hold."""
    from arf_desktop.exchange.manifest import encode, records_digest

    record = {
        "kind": "score", "allocation": 5, "organisation": "Bolton NHS Foundation Trust",
        "criterion": "B-P1-01", "revision": 1, "score": 3, "comment": "Good progress.",
        "updated_at": "2026-01-01T00:00:00Z", "updated_by": "Amara Okafor",
    }  # fmt: skip
    records = [{"seq": i, **record} for i in range(1, count + 1)]
    path = folder / "records-at-limit.arfreturn"
    return return_file(path, encode(records), count, records_digest(records))


def deep_return(folder: Path, depth: int = 150_000) -> Path:
    manifest = b"[" * depth + b"]" * depth
    return _exchange_file(folder / "deep-manifest.arfreturn", {"manifest.json": manifest})


def many_parts_pack(folder: Path, count: int = 20_000) -> Path:
    parts = {f"files/{index:064x}": b"" for index in range(count)}
    return _exchange_file(folder / "many-parts.arfpack", {"manifest.json": b"{}", **parts})


@dataclass(frozen=True)
class Case:
    """One corpus file: how to build it, the command that reads it, and what must happen."""

    kind: str
    build: Callable[[Path], Path]
    command: tuple[str, ...]  # the file's path is appended
    expect: str  # "refused" or "read"


SHEET = ("scoresheet", "import")
IMPORT = ("import", "--round", "2025/26 recognition round")
FRAMEWORK = ("framework", "load")
PACK = ("pack", "import")
RETURN = ("return", "import")
REFUSED, READ = "refused", "read"
CORPUS: dict[str, Case] = {
    case.kind: case
    for case in (
        Case("3 million empty styled cells (scoring sheet)", empty_styled_cells, SHEET, REFUSED),
        Case("dimension A1:XFD1048576 (scoring sheet)", huge_dimension, SHEET, REFUSED),
        Case("a cell in row 1,048,576 (scoring sheet)", far_cell, SHEET, REFUSED),
        Case("200,000 merged ranges (scoring sheet)", many_merges, SHEET, REFUSED),
        Case("100,000 cell formats (submission)", styles_bomb, IMPORT, REFUSED),
        Case("3 million shared strings (submission)", shared_strings_bomb, IMPORT, REFUSED),
        Case("1,000-fold compressed part (submission)", high_ratio_member, IMPORT, REFUSED),
        Case("20,000 members (zip batch)", many_members, IMPORT, REFUSED),
        Case("JSON nested 200,000 deep (framework)", deep_json, FRAMEWORK, REFUSED),
        Case("5 million JSON values (framework)", huge_json, FRAMEWORK, REFUSED),
        Case("20 million values in manifest (pack)", pack_manifest_bomb, PACK, REFUSED),
        Case("10 million records (return)", return_records_bomb, RETURN, REFUSED),
        Case("manifest nested 150,000 deep (return)", deep_return, RETURN, REFUSED),
        Case("20,000 parts (pack)", many_parts_pack, PACK, REFUSED),
        Case("national scoring sheet, 13,500 rows × 12", national_scoring_sheet, SHEET, READ),
        Case("199,200 cells, at the limit (scoring sheet)", cells_at_limit, SHEET, READ),
        Case("19,900 cell formats, at the limit (submission)", styles_at_limit, IMPORT, READ),
        Case("99,000 shared strings, at the limit (submission)", strings_at_limit, IMPORT, READ),
        Case("15,000 valid records, at the limit (return)", return_at_record_limit, RETURN, READ),
    )
}
