"""The parts of an .xlsx package the reader needs, read with zipfile and defusedxml alone.

Sheet names and their parts, shared strings, which cell styles are dates, the date epoch and
external links: what openpyxl's read-only load gives the reader, without parsing the styles,
themes and defined names it does not use. Every XML part goes through defusedxml.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from datetime import date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path
from typing import IO, Any

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)
# Excel's built-in number formats that show a date or a time.
BUILTIN_DATE_FORMATS = frozenset({*range(14, 23), *range(45, 48)})
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]|\\.|_.|\*.')
_DATE_PART = re.compile(r"[dmhysDMHYS]")


def is_date_format(code: str | None) -> bool:
    """True when a number format code shows a date or time (as openpyxl decides it)."""
    if not code:
        return False
    first = _FORMAT_NOISE.sub("", code.split(";")[0])
    return _DATE_PART.search(first) is not None


def from_excel(value: float, epoch: datetime = WINDOWS_EPOCH) -> datetime | time:
    """An Excel date serial as a datetime (a time for a bare time), as openpyxl converts it."""
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel's 1900 calendar counts a 29 February that never was
    return epoch + timedelta(days=day) + diff


_ISO = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?"
)
_ISO_DURATION = re.compile(
    r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?"
)


def from_iso8601(text: str) -> datetime | date | time | timedelta | None:
    """An ISO 8601 cell value (t="d") as openpyxl reads it: a datetime, a date, a time, or a
    duration (Excel writes those in strict mode); ValueError when it is none of them."""
    if not text:
        return None
    found = _ISO.match(text)
    if found and any(found.groups()):
        parts = found.groupdict()
        number = {
            k: int(v) for k, v in parts.items() if v and k not in ("date", "time", "microsecond")
        }
        number["microsecond"] = (
            int(float(parts["microsecond"]) * 1_000_000) if parts["microsecond"] else 0
        )
        clock = [number.get(k, 0) for k in ("hour", "minute", "second", "microsecond")]
        if not parts["date"]:
            return time(*clock)
        day = [number[k] for k in ("year", "month", "day")]
        return datetime(*day, *clock) if parts["time"] else date(*day)
    found = _ISO_DURATION.match(text)
    if found and any(found.groups()):
        return timedelta(**{k: float(v) for k, v in found.groupdict().items() if v})
    raise ValueError(f"Invalid datetime value {text}")


def _parse(data: bytes):
    from defusedxml.ElementTree import fromstring

    return fromstring(data)


class Parts:
    """The package's parts by name: those the file checks kept, else inflated from the zip."""

    def __init__(self, archive: zipfile.ZipFile, kept: dict[str, bytes] | None = None) -> None:
        self.archive = archive
        self.kept = kept or {}

    def __contains__(self, part: object) -> bool:
        return part in self.archive.NameToInfo

    def read(self, part: str) -> bytes:
        found = self.kept.get(part)
        if found is None or len(found) != self.archive.NameToInfo[part].file_size:
            return self.archive.read(part)
        return found

    def head(self, info: zipfile.ZipInfo, size: int) -> bytes:
        found = self.kept.get(info.filename)
        if found is not None and len(found) == info.file_size:
            return found[:size]
        with self.archive.open(info) as part:
            return part.read(size)


def _rels(parts: Parts, part: str) -> dict[str, tuple[str, str]]:
    """{relationship id: (type's last word, target part)} for `part`."""
    folder, name = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_part not in parts:
        return {}
    found = {}
    for rel in _parse(parts.read(rels_part)).iter(f"{PKG_REL}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") != "External":
            target = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
        found[rel.get("Id") or ""] = ((rel.get("Type") or "").rsplit("/", 1)[-1], target)
    return found


def _shared_strings(parts: Parts, part: str | None) -> list[str]:
    if not part or part not in parts:
        return []
    strings = []
    for item in _parse(parts.read(part)).iter(f"{MAIN}si"):
        plain = item.find(f"{MAIN}t")
        if plain is not None:
            strings.append(plain.text or "")
        else:
            strings.append("".join(r.findtext(f"{MAIN}t") or "" for r in item.iter(f"{MAIN}r")))
    return strings


def _date_styles(parts: Parts, part: str | None) -> set[int]:
    """The indexes of the cell styles whose number format is a date or time."""
    if not part or part not in parts:
        return set()
    root = _parse(parts.read(part))
    custom = {
        int(fmt.get("numFmtId") or -1): fmt.get("formatCode") for fmt in root.iter(f"{MAIN}numFmt")
    }
    dates = set()
    cell_styles = root.find(f"{MAIN}cellXfs")
    for index, xf in enumerate(cell_styles if cell_styles is not None else ()):
        number = int(xf.get("numFmtId") or 0)
        if is_date_format(custom[number]) if number in custom else number in BUILTIN_DATE_FORMATS:
            dates.add(index)
    return dates


def _refuse_declarations(parts: Parts) -> None:
    """Refuse a package whose XML parts declare a DTD or entities, parsed by us or not."""
    from defusedxml import DTDForbidden

    for info in parts.archive.infolist():
        if info.filename.endswith((".xml", ".rels", ".vml")):
            head = parts.head(info, 4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise DTDForbidden(info.filename, None, None)


def _link_targets(parts: Parts, part: str) -> list[str]:
    return [target for kind, target in _rels(parts, part).values() if kind.startswith("external")]


class WorkbookPackage:
    """An open .xlsx package: sheet names in order, and each sheet's XML as a stream."""

    def __init__(self, path: Path, kept: dict[str, bytes] | None = None) -> None:
        """Open the package at `path`; `kept` holds parts the file checks already read."""
        self.path = path
        self.archive = zipfile.ZipFile(path)
        self.parts = Parts(self.archive, kept)
        self._strings: list[str] | None = None
        self._dates: set[int] | None = None
        self._xml: dict[str, bytes] = {}
        self._calamine: Any = False  # not opened yet
        try:
            self._load()
        except BaseException:
            self.archive.close()
            raise

    def _load(self) -> None:
        parts = self.parts
        _refuse_declarations(parts)
        root_rels = _rels(parts, "")
        workbook_part = next(
            (t for kind, t in root_rels.values() if kind == "officeDocument"), "xl/workbook.xml"
        )
        workbook = _parse(parts.read(workbook_part))
        rels = _rels(parts, workbook_part)
        self.sheet_parts: dict[str, str] = {}
        for sheet in workbook.iter(f"{MAIN}sheet"):
            kind, target = rels.get(sheet.get(f"{REL}id") or "", ("", ""))
            if kind == "worksheet":
                self.sheet_parts[sheet.get("name") or ""] = target
        self.sheetnames = list(self.sheet_parts)
        self._by_kind = {kind: target for kind, target in rels.values()}
        properties = workbook.find(f"{MAIN}workbookPr")
        in_1904 = properties is not None and properties.get("date1904") in ("1", "true")
        self.epoch = MAC_EPOCH if in_1904 else WINDOWS_EPOCH
        self.external_links = [
            target
            for kind, part in rels.values()
            if kind == "externalLink"
            for target in (_link_targets(parts, part) or ["another file"])
        ]

    @property
    def shared_strings(self) -> list[str]:
        """The shared strings, parsed when a sheet is first read through the XML reader."""
        if self._strings is None:
            self._strings = _shared_strings(self.parts, self._by_kind.get("sharedStrings"))
        return self._strings

    @property
    def date_styles(self) -> set[int]:
        if self._dates is None:
            self._dates = _date_styles(self.parts, self._by_kind.get("styles"))
        return self._dates

    def open_sheet(self, name: str) -> IO[bytes]:
        if name in self._xml:
            return BytesIO(self._xml[name])
        part = self.sheet_parts[name]
        if part in self.parts.kept:
            return BytesIO(self.parts.read(part))
        return self.archive.open(part)

    def sheet_xml(self, name: str) -> bytes:
        """The sheet's XML, read once (the checks bound every part's size before any read)."""
        if name not in self._xml:
            self._xml[name] = self.parts.read(self.sheet_parts[name])
        return self._xml[name]

    def calamine(self) -> Any:
        """The workbook opened by python-calamine, or None where its strings could differ."""
        if self._calamine is False:
            self._calamine = None
            if all(self._plain(self._by_kind.get(kind)) for kind in ("sharedStrings", "styles")):
                try:
                    from python_calamine import CalamineWorkbook

                    self._calamine = CalamineWorkbook.from_path(str(self.path))
                except Exception:  # not readable by calamine: the XML reader will say why
                    self._calamine = None
        return self._calamine

    def _plain(self, part: str | None) -> bool:
        """True when a part calamine would read has no declarations, comments, CDATA or
        _xHHHH_ escapes anywhere (defusedxml and the XML reader deal with those)."""
        if not part or part not in self.parts:
            return True
        data = self.parts.read(part)
        return b"<!" not in data and b"_x" not in data

    def close(self) -> None:
        if self._calamine:
            self._calamine.close()
        self.archive.close()
