"""Builders that write deterministic hostile and malformed input files for importer tests."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_DOS_TIME = 0  # 00:00:00
FIXED_DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1
MB = 1024 * 1024

CONTENT_TYPES = "[Content_Types].xml"
WORKBOOK_PART = "xl/workbook.xml"
SHEET_PART = "xl/worksheets/sheet1.xml"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --------------------------------------------------------------------------- low-level writers


@dataclass(frozen=True)
class RawMember:
    """One member for `write_raw_zip`; the declared sizes may lie about `data`."""

    name: str
    data: bytes = b""
    method: int = zipfile.ZIP_STORED
    crc: int | None = None
    file_size: int | None = None
    compress_size: int | None = None
    flags: int = 0
    external_attr: int = 0


def write_raw_zip(path: Path, members: Iterable[RawMember]) -> Path:
    """Write a zip byte by byte, so names, flags, methods and declared sizes can be hostile."""
    local = io.BytesIO()
    central = io.BytesIO()
    count = 0
    for member in members:
        name = member.name.encode("utf-8")
        flags = member.flags | (0x800 if not member.name.isascii() else 0)
        crc = zlib.crc32(member.data) if member.crc is None else member.crc
        file_size = len(member.data) if member.file_size is None else member.file_size
        compress_size = len(member.data) if member.compress_size is None else member.compress_size
        offset = local.tell()
        local.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                flags,
                member.method,
                FIXED_DOS_TIME,
                FIXED_DOS_DATE,
                crc,
                compress_size,
                file_size,
                len(name),
                0,
            )
        )
        local.write(name)
        local.write(member.data)
        central.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                (3 << 8) | 20,
                20,
                flags,
                member.method,
                FIXED_DOS_TIME,
                FIXED_DOS_DATE,
                crc,
                compress_size,
                file_size,
                len(name),
                0,
                0,
                0,
                0,
                member.external_attr,
                offset,
            )
        )
        central.write(name)
        count += 1
    directory = central.getvalue()
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), local.tell(), 0
    )
    path.write_bytes(local.getvalue() + directory + end)
    return path


def write_zip(
    path: Path, members: Iterable[tuple[str, bytes]], *, stored_first: bool = False
) -> Path:
    """Write an ordinary deflated zip with fixed timestamps (first member stored if asked)."""
    with zipfile.ZipFile(path, "w") as archive:
        for index, (name, data) in enumerate(members):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            stored = stored_first and index == 0
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


def write_ole2(path: Path, stream_names: Iterable[str]) -> Path:
    """Write a minimal but well-formed OLE2 compound file holding empty streams."""
    path.write_bytes(ole2_bytes(stream_names))
    return path


def ole2_bytes(stream_names: Iterable[str]) -> bytes:
    """Return a minimal but well-formed OLE2 compound file holding empty streams."""
    sector = 512
    free, end_of_chain, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(sector)
    struct.pack_into(
        "<8s16s5H",
        header,
        0,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),  # CLSID
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian byte order mark
        9,  # sector shift
        6,  # mini sector shift
    )
    struct.pack_into(
        "<9L",
        header,
        0x28,
        0,  # directory sectors (always 0 in version 3)
        1,  # FAT sectors
        1,  # first directory sector
        0,  # transaction signature
        0x1000,  # mini stream cutoff
        end_of_chain,  # first mini FAT sector
        0,  # mini FAT sectors
        end_of_chain,  # first DIFAT sector
        0,  # DIFAT sectors
    )
    struct.pack_into("<109L", header, 0x4C, 0, *([free] * 108))  # FAT lives in sector 0
    fat = struct.pack("<128L", fat_sector, end_of_chain, *([free] * 126))
    names = list(stream_names)
    if len(names) > 3:
        raise ValueError("one directory sector holds the root and at most three streams")
    entries = [_ole2_entry("Root Entry", 5, child=1 if names else no_stream)]
    for index, name in enumerate(names, start=1):
        right = index + 1 if index < len(names) else no_stream
        entries.append(_ole2_entry(name, 2, right=right))
    directory = b"".join(entries).ljust(sector, b"\x00")
    return bytes(header) + fat + directory[:sector]


def _ole2_entry(name: str, kind: int, *, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return struct.pack(
        "<64sHBB3L16sL2Q3L",
        encoded,
        len(encoded),
        kind,
        1,  # black
        0xFFFFFFFF,  # left sibling
        right,
        child,
        bytes(16),
        0,
        0,
        0,
        0xFFFFFFFE,  # starting sector: end of chain (empty stream)
        0,  # stream size, low 32 bits
        0,  # stream size, high 32 bits
    )


def zeros_deflate_stream(megabytes: int) -> tuple[bytes, int]:
    """Return (raw deflate data, crc32) for `megabytes` MiB of zeros, built in ~milliseconds.

    One MiB of zeros is compressed once and ended with a full flush (which resets the
    compressor), so the same ~1 KB block can simply be repeated to make a valid stream.
    """
    chunk = bytes(MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return block * megabytes + final, crc


# --------------------------------------------------------------------------- workbooks


def valid_workbook_bytes() -> bytes:
    """Return the bytes of a small valid .xlsx made by openpyxl, identical on every call."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Submission"
    sheet.append(["Criterion", "Evidence", "Score"])
    sheet.append(["1.1", "Board paper, March 2024", 3])
    sheet.append(["1.2", "Staff network terms of reference", 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _normalise_package(buffer.getvalue())


def _normalise_package(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """Re-pack a package with fixed timestamps, fixed core dates and optional part changes."""
    replace = dict(replace or {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = replace.pop(info.filename, None)
            if content is None:
                content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", content
                )
            _write_member(target, info.filename, content)
        for name, content in replace.items():
            _write_member(target, name, content)
    return out.getvalue()


def _write_member(archive: zipfile.ZipFile, name: str, content: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, content)


def _workbook_with(folder: Path, name: str, replace: dict[str, bytes]) -> Path:
    path = folder / name
    path.write_bytes(_normalise_package(valid_workbook_bytes(), replace))
    return path


def build_valid_workbook(folder: Path, name: str = "valid.xlsx") -> Path:
    """A minimal genuine workbook that every check must accept."""
    path = folder / name
    path.write_bytes(valid_workbook_bytes())
    return path


def _sheet_with_doctype(doctype: str, cell_text: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{doctype}\n"
        f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1">'
        f'<c r="A1" t="inlineStr"><is><t>{cell_text}</t></is></c>'
        "</row></sheetData></worksheet>"
    ).encode()


def build_billion_laughs(folder: Path, name: str = "billion_laughs.xlsx") -> Path:
    """A valid zip whose first sheet declares ten levels of nested entities (10^9 'lol's)."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    doctype = "<!DOCTYPE worksheet [\n" + "\n".join(entities) + "\n]>"
    return _workbook_with(folder, name, {SHEET_PART: _sheet_with_doctype(doctype, "&lol9;")})


def build_external_entity(folder: Path, name: str = "external_entity.xlsx") -> Path:
    """A valid zip whose first sheet pulls a local file in through a SYSTEM entity.

    The target file (``secret.txt`` next to the workbook) holds a marker string that must
    never appear in anything read from the workbook.
    """
    secret = folder / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER\n", encoding="utf-8")
    doctype = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{secret.resolve().as_uri()}">]>'
    return _workbook_with(folder, name, {SHEET_PART: _sheet_with_doctype(doctype, "&xxe;")})


def build_xlsm(
    folder: Path, name: str = "macros.xlsm", *, declare_macro_content_type: bool = True
) -> Path:
    """A workbook carrying an xl/vbaProject.bin part (and, by default, macro content types)."""
    base = valid_workbook_bytes()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        content_types = archive.read(CONTENT_TYPES).decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    if declare_macro_content_type:
        content_types = content_types.replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ).replace(
            "</Types>",
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject" />'
            "</Types>",
        )
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdVBA" Target="vbaProject.bin" '
        'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" />'
        "</Relationships>",
    )
    replace = {
        CONTENT_TYPES: content_types.encode(),
        "xl/_rels/workbook.xml.rels": rels.encode(),
        "xl/vbaProject.bin": ole2_bytes(["PROJECT", "PROJECTwm", "VBA"]),
    }
    return _workbook_with(folder, name, replace)


def build_truncated_workbook(folder: Path, name: str = "truncated.xlsx") -> Path:
    """The first half of a valid workbook, as after an interrupted download."""
    data = valid_workbook_bytes()
    path = folder / name
    path.write_bytes(data[: len(data) // 2])
    return path


def build_zip_bomb(folder: Path, name: str = "bomb.xlsx", megabytes: int = 2048) -> Path:
    """A workbook with an extra part that honestly inflates to `megabytes` MiB of zeros.

    The default 2 GiB member makes a ~2 MB file in well under a second.
    """
    data, crc = zeros_deflate_stream(megabytes)
    members = _valid_members()
    members.append(
        RawMember(
            "xl/media/image1.bin",
            data,
            method=zipfile.ZIP_DEFLATED,
            crc=crc,
            file_size=megabytes * MB,
        )
    )
    return write_raw_zip(folder / name, members)


def build_declared_size_zip(
    folder: Path, name: str, declared: Iterable[tuple[str, int, int]], *, workbook: bool = True
) -> Path:
    """A zip whose central directory declares (name, uncompressed, compressed) sizes it lacks."""
    members = _valid_members() if workbook else []
    members += [
        RawMember(member, b"x", crc=0, file_size=size, compress_size=packed)
        for member, size, packed in declared
    ]
    return write_raw_zip(folder / name, members)


def _valid_members() -> list[RawMember]:
    with zipfile.ZipFile(io.BytesIO(valid_workbook_bytes())) as archive:
        return [RawMember(info.filename, archive.read(info)) for info in archive.infolist()]


def build_traversal_workbook(
    folder: Path, name: str = "traversal.xlsx", member: str = "../../evil.txt"
) -> Path:
    """A valid workbook plus one member whose name escapes the extraction folder."""
    return write_raw_zip(folder / name, [*_valid_members(), RawMember(member, b"pwned")])


def build_too_many_members(folder: Path, name: str = "many.xlsx", count: int = 10_001) -> Path:
    """A workbook padded with empty members until it has `count` of them."""
    members = _valid_members()
    members += [RawMember(f"xl/media/pad{i:05d}.bin") for i in range(count - len(members))]
    return write_raw_zip(folder / name, members)


def build_encrypted_workbook(folder: Path, name: str = "encrypted.xlsx") -> Path:
    """What Excel writes for a password-protected .xlsx: an OLE2 file with EncryptedPackage."""
    return write_ole2(
        folder / name,
        ["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"],
    )


def build_xls(folder: Path, name: str = "legacy.xlsx") -> Path:
    """An Excel 97-2003 file (OLE2 with a Workbook stream) renamed to .xlsx."""
    return write_ole2(folder / name, ["\x05SummaryInformation", "Workbook"])


def build_xlsb(folder: Path, name: str = "binary.xlsx") -> Path:
    """An Excel Binary Workbook: OOXML package with xl/workbook.bin."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="bin" '
        'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
        "</Types>"
    )
    return write_zip(
        folder / name,
        [
            (CONTENT_TYPES, content_types.encode()),
            ("_rels/.rels", b"<Relationships/>"),
            ("xl/workbook.bin", b"\x83\x01\x00\x80\x01\x00"),
            ("xl/worksheets/sheet1.bin", b"\x81\x01\x00"),
        ],
    )


def build_ods(folder: Path, name: str = "libreoffice.xlsx") -> Path:
    """An OpenDocument spreadsheet: zip with an uncompressed 'mimetype' member first."""
    return write_zip(
        folder / name,
        [
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
            ("content.xml", b"<office:document-content/>"),
        ],
        stored_first=True,
    )


def build_docx(folder: Path, name: str = "letter.xlsx") -> Path:
    """A Word document renamed to .xlsx."""
    return write_zip(
        folder / name,
        [
            (CONTENT_TYPES, b"<Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
        ],
    )


def build_csv(folder: Path, name: str = "export.xlsx") -> Path:
    """A CSV export renamed to .xlsx."""
    path = folder / name
    path.write_bytes(b"Criterion,Evidence,Score\r\n1.1,Board paper,3\r\n1.2,Terms,2\r\n")
    return path


def build_html(folder: Path, name: str = "report.xlsx") -> Path:
    """An HTML table 'Excel export' renamed to .xlsx."""
    path = folder / name
    path.write_bytes(
        b"<!DOCTYPE html>\n<html><head><meta charset='utf-8'></head><body><table>"
        b"<tr><td>Criterion</td><td>Score</td></tr><tr><td>1.1</td><td>3</td></tr>"
        b"</table></body></html>\n"
    )
    return path


def build_plain_text(folder: Path, name: str = "notes.xlsx") -> Path:
    """A plain text note renamed to .xlsx."""
    path = folder / name
    path.write_text("Please find our submission attached.\nKind regards\n", encoding="utf-8")
    return path


def build_pdf(folder: Path, name: str = "scan.xlsx") -> Path:
    """The start of a PDF renamed to .xlsx."""
    path = folder / name
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    return path


def build_empty(folder: Path, name: str = "empty.xlsx") -> Path:
    """A zero-byte file."""
    path = folder / name
    path.write_bytes(b"")
    return path


def build_oversized(folder: Path, name: str = "huge.xlsx", megabytes: int = 51) -> Path:
    """A sparse file larger than the workbook size limit (created instantly)."""
    path = folder / name
    with path.open("wb") as handle:
        handle.truncate(megabytes * MB)
    return path


# --------------------------------------------------------------------------- zip batches


def build_clean_batch(folder: Path, name: str = "batch.zip") -> Path:
    """A batch as a trust might zip it on a Mac: a workbook, evidence and OS junk."""
    symlink_mode = (0o120777 << 16) | 0
    return write_raw_zip(
        folder / name,
        [
            RawMember("Trust A/", external_attr=(0o40755 << 16) | 0x10),
            RawMember("Trust A/submission.xlsx", valid_workbook_bytes()),
            RawMember("Trust A/evidence/policy.pdf", b"%PDF-1.7\n% evidence\n"),
            RawMember("Trust A/evidence/minutes.txt", "Minutes – Łukasz\n".encode()),
            RawMember("Trust A/.DS_Store", b"\x00\x00\x00\x01Bud1"),
            RawMember("__MACOSX/Trust A/._submission.xlsx", b"\x00\x05\x16\x07"),
            RawMember("Trust A/shortcut", b"/etc/passwd", external_attr=symlink_mode),
        ],
    )


def build_traversal_batch(folder: Path, member: str, name: str = "traversal.zip") -> Path:
    """A batch with one ordinary file and one member named `member`."""
    return write_raw_zip(
        folder / name,
        [RawMember("ok.txt", b"fine"), RawMember(member, b"pwned")],
    )


def build_encrypted_batch(folder: Path, name: str = "locked.zip") -> Path:
    """A batch whose member is marked as ZipCrypto-encrypted (general purpose flag bit 0)."""
    return write_raw_zip(
        folder / name, [RawMember("submission.xlsx", b"\x00" * 24, flags=0x1, crc=0)]
    )


def build_deflate64_batch(folder: Path, name: str = "deflate64.zip") -> Path:
    """A batch using compression method 9 (Deflate64), which zipfile cannot read."""
    return write_raw_zip(folder / name, [RawMember("submission.xlsx", b"\x00" * 16, method=9)])


def build_duplicate_batch(folder: Path, name: str = "duplicate.zip") -> Path:
    """A batch holding two members whose names differ only in case."""
    return write_raw_zip(
        folder / name,
        [RawMember("Trust/Return.xlsx", b"one"), RawMember("trust/return.xlsx", b"two")],
    )


def build_unicode_text(folder: Path, name: str = "unicode_text.xlsx") -> Path:
    """Excel's 'Unicode Text' export (UTF-16 with BOM, tab-separated) renamed to .xlsx."""
    path = folder / name
    path.write_bytes(b"\xff\xfe" + "Criterion\tScore\r\n1.1\t3\r\n".encode("utf-16-le"))
    return path


def build_xml_spreadsheet_2003(folder: Path, name: str = "spreadsheet2003.xlsx") -> Path:
    """An Excel 2003 XML Spreadsheet renamed to .xlsx."""
    path = folder / name
    path.write_bytes(
        b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        b'<Worksheet ss:Name="Sheet1"/></Workbook>\n'
    )
    return path
