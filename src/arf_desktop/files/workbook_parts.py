"""Counting what a workbook's XML parts hold, streamed, before any parser reads them.

Every XML part is inflated in chunks and counted with byte searches, never parsed: cells,
rows, merged ranges and the highest row and column of each sheet (and its <dimension>
claim), cell styles, shared strings, and the elements of every other part. A part over a
limit in files.limits refuses the file, naming the sheet or part, in about a second.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NoReturn

from arf_desktop.files import limits
from arf_desktop.files.opening import UNSAFE_ADVICE, FileProblem, shown
from arf_desktop.files.zip_container import MEMBER_READ_ERRORS

CHUNK_BYTES = 1024 * 1024
HEAD_BYTES = 64 * 1024
SNIFF_BYTES = 64
KEEP_SHEET_BYTES = 4 * 1024 * 1024  # a sheet read whole on the way is kept up to this size
KEEP_TOTAL_BYTES = 16 * 1024 * 1024  # and all parts kept for one workbook (a submission: <1 MB)
TITLE_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
XML_SUFFIXES = (".xml", ".rels", ".vml")
SHEET_ROOTS = frozenset({b"worksheet", b"chartsheet", b"dialogsheet", b"macrosheet"})
_ROOT = re.compile(rb"<(?![?!])(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)")
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*["\']([^"\']*)["\']')
_UNIQUE_COUNT = re.compile(rb'\buniqueCount\s*=\s*["\'](\d+)["\']')
# r="…" of a row or cell in column AAA or beyond, or in row 100,000 or beyond: rare, so cheap
# (a pattern starting with a literal is searched fast); what precedes the r is checked after.
_FAR_REFERENCE = re.compile(rb'r\s*=\s*["\'](?:([A-Za-z]{3,})\d*|[A-Za-z]{0,2}(\d{6,}))["\']')
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,4})\$?(\d{1,8})")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w.:-]+)\s*=\s*["\']([^"\']*)["\']')
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>")


@dataclass
class Counts:
    """What one part holds, as far as it has been read."""

    bytes: int = 0
    elements: int = 0
    cells: int = 0
    rows: int = 0
    merged: int = 0
    styles: int = 0
    strings: int = 0
    max_row: int = 0
    max_column: int = 0


def check_workbook_parts(
    archive: zipfile.ZipFile, name: str, keep: dict[str, bytes] | None = None
) -> None:
    """Refuse the workbook if any XML part holds more than files.limits allows.

    A part is XML by its name (.xml, .rels, .vml) or by its first bytes, since the
    relationships may point a reader at a part of any name. With `keep`, the XML parts read
    whole on the way (every part up to HEAD_BYTES, a sheet up to KEEP_SHEET_BYTES, at most
    KEEP_TOTAL_BYTES in all) are put into it, so a reader of the same archive need not
    inflate them again.
    """
    sheets: list[tuple[str, bytes, bytes]] = []  # (part, namespace prefix, first bytes)
    small: dict[str, bytes] = {}  # whole parts of at most HEAD_BYTES: the sheet names' and kept
    room = KEEP_TOTAL_BYTES if keep is not None else 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        named_xml = info.filename.lower().endswith(XML_SUFFIXES)
        if not named_xml and not _looks_like_xml(_head(archive, info, name, SNIFF_BYTES)):
            continue  # pictures and other binary parts are never parsed as XML
        head = _head(archive, info, name, HEAD_BYTES)
        prefix, root = _root(head, info.filename, name)
        if root in SHEET_ROOTS:
            sheets.append((info.filename, prefix, head))
            if len(sheets) > limits.MAX_SHEETS:
                _refuse(name, f"it has more than {limits.MAX_SHEETS} sheets")
        else:
            _check_other_part(archive, info.filename, head, (prefix, root), name)
            if len(head) < HEAD_BYTES and (info.filename in TITLE_PARTS or len(head) <= room):
                small[info.filename] = head
                room -= len(head)
    titles = _sheet_titles(archive, small)
    total = 0
    for part, prefix, head in sheets:
        where = _where(part, titles)
        _check_dimension(head, where, name)
        kept: list[bytes] = []
        limit = min(KEEP_SHEET_BYTES, room)
        total += _check_sheet(archive, (part, head), prefix, where, name, (kept, limit)).cells
        if total > limits.MAX_WORKBOOK_CELLS:
            _refuse(name, f"its sheets hold more than {limits.MAX_WORKBOOK_CELLS:,} cells in all")
        if keep is not None and kept:
            keep[part] = b"".join(kept)
            room -= len(keep[part])
    if keep is not None:
        keep.update(small)


def _head(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, size: int) -> bytes:
    try:
        with archive.open(info) as stream:
            return stream.read(size)
    except MEMBER_READ_ERRORS as exc:
        raise FileProblem(name, _msg_damaged_part(info.filename), "damaged") from exc


def _looks_like_xml(head: bytes) -> bool:
    """Whether a part's first bytes start an XML document, in UTF-8 or UTF-16."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith((b"<", b"\xff\xfe", b"\xfe\xff", b"\x00<"))


def _root(head: bytes, part: str, name: str) -> tuple[bytes, bytes]:
    """The root element's (prefix, local name); a part not in UTF-8 (or without one) is refused."""
    if b"\x00" in head or head.startswith((b"\xfe\xff", b"\xff\xfe")):
        _refuse(name, f"its part '{shown(part)}' is not written in UTF-8 as Excel writes it")
    found = _ROOT.search(head)
    if found is None:
        if not head.strip():
            return b"", b""
        _refuse(name, f"its part '{shown(part)}' does not start as an XML document should")
    return found.group(1) or b"", found.group(2)


def _chunks(archive: zipfile.ZipFile, part: str, name: str, head: bytes) -> Iterator[bytes]:
    """The part's bytes in pieces that each end before a '<', so no tag is split."""
    if len(head) < HEAD_BYTES:  # the head is the whole part
        yield head
        return
    carry = b""
    try:
        with archive.open(part) as stream:
            while piece := stream.read(CHUNK_BYTES):
                buffer = carry + piece
                cut = buffer.rfind(b"<")
                if cut <= 0 or len(buffer) - cut > CHUNK_BYTES:
                    cut = len(buffer)
                carry = buffer[cut:]
                yield buffer[:cut]
    except MEMBER_READ_ERRORS as exc:
        raise FileProblem(name, _msg_damaged_part(part), "damaged") from exc
    if carry:
        yield carry


def count_tag(data: bytes, tag: bytes, prefix: bytes = b"") -> int:
    """How many `<tag…` start tags `data` holds (also `<prefix:tag…`); longer names count too.

    Counting every name that starts with `tag` (`<c` also counts `<col>`) errs on the safe
    side: a sheet holds few such elements besides its cells.
    """
    found = data.count(b"<" + tag)
    if prefix:
        found += data.count(b"<" + prefix + b":" + tag)
    return found


def _elements(data: bytes) -> int:
    return data.count(b"<") - data.count(b"</")


def _far_references(data: bytes) -> list[tuple[bytes, bytes]]:
    """(letters, digits) of every r="…" naming column AAA or beyond, or row 100,000 or beyond,
    however it is written (r='…', r = "…", a tab before r); header="…" and the like skipped."""
    return [
        found.groups(b"")
        for found in _FAR_REFERENCE.finditer(data)
        if data[found.start() - 1 : found.start()].isspace()
    ]


def _check_other_part(
    archive: zipfile.ZipFile, part: str, head: bytes, root: tuple[bytes, bytes], name: str
) -> None:
    """A part parsed whole (styles, shared strings, workbook, relationships...): bound it."""
    prefix, root_name = root
    strings = root_name == b"sst"
    byte_limit = limits.MAX_SHARED_STRINGS_BYTES if strings else limits.MAX_XML_PART_BYTES
    what = f"its part '{shown(part)}'"
    if strings:
        what = f"its shared strings ('{shown(part)}')"
    counts = Counts()
    for chunk in _chunks(archive, part, name, head):
        if counts.bytes == 0 and strings:
            _check_declared_strings(chunk, what, name)
        counts.bytes += len(chunk)
        counts.elements += _elements(chunk)
        if counts.bytes > byte_limit:
            _refuse(name, f"{what} is larger than {byte_limit // limits.MB} MB when uncompressed")
        if counts.elements > limits.MAX_XML_PART_ELEMENTS:
            _refuse(name, f"{what} holds more than {limits.MAX_XML_PART_ELEMENTS:,} elements")
        if strings:
            counts.strings += count_tag(chunk, b"si", prefix)
            if counts.strings > limits.MAX_SHARED_STRINGS:
                _refuse(name, f"{what} hold more than {limits.MAX_SHARED_STRINGS:,} texts")
        elif root_name == b"styleSheet":
            counts.styles += count_tag(chunk, b"xf", prefix)
            if counts.styles > limits.MAX_CELL_STYLES:
                _refuse(
                    name,
                    f"its styles ('{shown(part)}') define more than {limits.MAX_CELL_STYLES:,} "
                    "cell formats, far more than genuine workbooks use",
                )


def _check_declared_strings(head: bytes, what: str, name: str) -> None:
    declared = _UNIQUE_COUNT.search(head[:4096])
    if declared and int(declared.group(1)) > limits.MAX_SHARED_STRINGS:
        _refuse(
            name,
            f"{what} claim {int(declared.group(1)):,} different texts "
            f"(the limit is {limits.MAX_SHARED_STRINGS:,})",
        )


def _check_dimension(head: bytes, where: str, name: str) -> None:
    """Refuse a sheet whose <dimension> claims more rows, columns or cells than allowed."""
    found = _DIMENSION.search(head)
    if found is None:
        return
    corners = [
        _REFERENCE.fullmatch(ref) for ref in found.group(1).decode("ascii", "replace").split(":")
    ]
    if not all(corners):
        return  # openpyxl and the importers ignore a malformed claim
    rows = [int(corner.group(2)) for corner in corners if corner]
    columns = [_column_number(corner.group(1)) for corner in corners if corner]
    height = max(rows) - min(rows) + 1
    width = max(columns) - min(columns) + 1
    if max(rows) > limits.MAX_SHEET_ROWS or max(columns) > limits.MAX_SHEET_COLUMNS:
        _refuse(
            name,
            f"{where} claims the range {shown(found.group(1).decode('ascii', 'replace'))}, "
            f"beyond row {limits.MAX_SHEET_ROWS:,} or column {limits.MAX_SHEET_COLUMNS:,}",
        )
    if height * width > limits.MAX_DIMENSION_CELLS:
        _refuse(
            name,
            f"{where} claims a range of {height * width:,} cells "
            f"(the limit is {limits.MAX_DIMENSION_CELLS:,})",
        )


def _check_sheet(
    archive: zipfile.ZipFile,
    sheet: tuple[str, bytes],
    prefix: bytes,
    where: str,
    name: str,
    keeping: tuple[list[bytes], int] = ([], 0),
) -> Counts:
    """Count one sheet's cells, rows, merged ranges and farthest references, streamed; with
    `keeping` (pieces, limit), its pieces are kept while the sheet stays within the limit."""
    counts = Counts()
    part, head = sheet
    kept, limit = keeping
    for chunk in _chunks(archive, part, name, head):
        counts.bytes += len(chunk)
        if counts.bytes <= limit:
            kept.append(chunk)
        elif kept:
            kept.clear()
        counts.cells += count_tag(chunk, b"c", prefix)
        counts.rows += count_tag(chunk, b"row", prefix)
        counts.merged += count_tag(chunk, b"mergeCell", prefix)
        counts.elements += _elements(chunk)
        for letters, digits in _far_references(chunk):
            if letters:
                counts.max_column = max(counts.max_column, _column_number(letters.decode()))
            else:
                counts.max_row = max(counts.max_row, int(digits))
        _check_sheet_counts(counts, where, name)
    return counts


def _check_sheet_counts(counts: Counts, where: str, name: str) -> None:
    if counts.cells > limits.MAX_SHEET_CELLS:
        _refuse(name, f"{where} holds more than {limits.MAX_SHEET_CELLS:,} cells")
    if counts.rows > limits.MAX_SHEET_ROWS or counts.max_row > limits.MAX_SHEET_ROWS:
        _refuse(name, f"{where} goes beyond row {limits.MAX_SHEET_ROWS:,}")
    if counts.max_column > limits.MAX_SHEET_COLUMNS:
        _refuse(name, f"{where} goes beyond column {limits.MAX_SHEET_COLUMNS:,}")
    if counts.merged > limits.MAX_MERGED_RANGES:
        _refuse(name, f"{where} has more than {limits.MAX_MERGED_RANGES:,} merged ranges")
    if counts.elements > limits.MAX_SHEET_ELEMENTS:
        _refuse(name, f"{where} holds more than {limits.MAX_SHEET_ELEMENTS:,} elements")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _sheet_titles(archive: zipfile.ZipFile, small: dict[str, bytes]) -> dict[str, str]:
    """{sheet part: sheet name} from the workbook and its relationships (already bounded)."""
    try:
        workbook, rels = (small.get(part) or archive.read(part) for part in TITLE_PARTS)
    except (KeyError, *MEMBER_READ_ERRORS):
        return {}
    targets = {}
    for tag in _RELATIONSHIP.findall(rels):
        attributes = dict(_ATTRIBUTE.findall(tag))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[attributes.get(b"Id", b"")] = posixpath.normpath(part)
    titles = {}
    for tag in _SHEET.findall(workbook):
        attributes = {key.rsplit(b":", 1)[-1]: value for key, value in _ATTRIBUTE.findall(tag)}
        part = targets.get(attributes.get(b"id", b""))
        if part:
            titles[part] = attributes.get(b"name", b"").decode("utf-8", "replace")
    return titles


def _where(part: str, titles: dict[str, str]) -> str:
    title = titles.get(part)
    if title is None:
        return f"its sheet part '{shown(part)}'"
    return f"its sheet “{shown(title)}” ('{shown(part)}')"


def _refuse(name: str, what: str) -> NoReturn:
    raise FileProblem(name, f"This file is not safe to open: {what}. {UNSAFE_ADVICE}", "too_big")


def _msg_damaged_part(part: str) -> str:
    return (
        f"This file is damaged: its part '{shown(part)}' cannot be read. Ask the sender to "
        "check it opens in Excel, save it again and send a fresh copy."
    )
