"""The exchange file container: a plain zip in one canonical byte layout, written and checked.

Every part is stored (not compressed) with fixed times and attributes, in a fixed order, so
the same parts always give the same bytes on every platform. Reading rebuilds that layout
from the parts and compares it with the file: a changed byte anywhere (a part, a header, the
zip directory, padding or a trailing comment) is found, not only a change inside a part.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.exchange.sealed import MAX_HEADER_BYTES, Header, Sealing, unseal
from arf_desktop.files.atomic import replacing

LOCAL = struct.Struct("<IHHHHHIIIHH")
CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
END = struct.Struct("<IHHHHIIH")
VERSION = 20
MADE_BY = (3 << 8) | VERSION  # Unix, zip 2.0
DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
FILE_ATTRIBUTES = 0o100644 << 16
MAX_PARTS = 10_000
# zipfile raises all of these on damaged or hostile input
ZIP_ERRORS = (
    zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, struct.error,
    NotImplementedError, RuntimeError, KeyError, IndexError, OverflowError,
)  # fmt: skip
MAX_SIZE = 0xFFFFFFFF - 1  # no zip64: exchange files stay under 4 GB


_SAFE_NAME = re.compile(r"^(?!.*\.\.)[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")


def safe_name(name: str) -> bool:
    """A part name ARF Desktop could have written: plain ASCII path segments, no "..", short."""
    return len(name) <= 200 and bool(_SAFE_NAME.match(name))


class ContainerProblem(UserFacingError):
    """The file is not a readable exchange container; the message says why."""


@dataclass(frozen=True)
class Container:
    """The parts of a container in file order, and whether the bytes are exactly as written."""

    parts: dict[str, bytes]
    layout_problem: str | None


def _headers(entries: Sequence[tuple[str, int, int]]) -> tuple[list[bytes], bytes]:
    """Local headers for (name, crc, size) entries, and the directory plus end record."""
    locals_, central, offset = [], [], 0
    for name, crc, size in entries:
        encoded = name.encode("utf-8")
        local = LOCAL.pack(0x04034B50, VERSION, 0, 0, 0, DOS_DATE, crc, size, size, len(encoded), 0)
        locals_.append(local + encoded)
        fields = (0x02014B50, MADE_BY, VERSION, 0, 0, 0, DOS_DATE, crc, size, size)
        tail = (len(encoded), 0, 0, 0, 0, FILE_ATTRIBUTES, offset)
        central.append(CENTRAL.pack(*fields, *tail) + encoded)
        offset += len(local) + len(encoded) + size
    directory = b"".join(central)
    end = END.pack(0x06054B50, 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return locals_, directory + end


def iter_container(parts: Iterable[tuple[str, bytes]]) -> Iterable[bytes]:
    """The container's bytes in order, part by part (names must be unique, ASCII paths)."""
    entries = []
    total = 0
    for name, data in parts:
        entries.append((name, zlib.crc32(data), len(data)))
        local, _ = _headers(entries[-1:])
        total += len(local[0]) + len(data)
        if total > MAX_SIZE:
            raise ContainerProblem("The exchange file would be larger than 4 GB.")
        yield local[0]
        yield data
    if len({name for name, _, _ in entries}) != len(entries):
        raise ValueError("duplicate part names")
    yield _headers(entries)[1]


def container_bytes(parts: Iterable[tuple[str, bytes]]) -> bytes:
    return b"".join(iter_container(parts))


def write_container(
    path: Path, parts: Iterable[tuple[str, bytes]], sealing: Sealing | None = None
) -> int:
    """Write the exchange file whole or not at all (see files.atomic), encrypted chunk by
    chunk when a sealing is given (see exchange.sealed); return its size."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with replacing(path) as handle:
        if sealing is not None:
            writer = sealing.writer(handle)
            for chunk in iter_container(parts):
                writer.write(chunk)
            return writer.close()
        for chunk in iter_container(parts):
            handle.write(chunk)
            size += len(chunk)
    return size


def read_sealed_file(
    path: Path, content: str, max_bytes: int, key_for: Callable[[Header], bytes], what: str
) -> bytes:
    """Decrypt an encrypted exchange file from disk, chunk by chunk, into memory."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes + max_bytes // 4096 + MAX_HEADER_BYTES:
        raise ContainerProblem(
            f"it is {size / 1_048_576:,.1f} MB, more than an exchange file can be "
            f"({max_bytes / 1_048_576:,.0f} MB)."
        )
    with path.open("rb") as handle:
        return unseal(handle, path.name, content, max_bytes, key_for, what)


def read_file(path: Path, max_bytes: int) -> bytes:
    """Read an exchange file from disk after the zip safety checks every batch gets."""
    from arf_desktop.files.checks import FileProblem, check_zip_batch

    path = Path(path)
    try:
        check_zip_batch(path)
    except FileProblem as problem:
        raise ContainerProblem(problem.message) from None
    size = path.stat().st_size
    if size > max_bytes:
        raise ContainerProblem(
            f"it is {size / 1_048_576:,.1f} MB, more than an exchange file can be "
            f"({max_bytes / 1_048_576:,.0f} MB)."
        )
    return path.read_bytes()


def read_container(data: bytes, allowed: Callable[[str], bool], max_bytes: int) -> Container:
    """Open the container safely in memory: names, methods and sizes are checked before reading."""
    if not data:
        raise ContainerProblem("the file is empty.")
    if len(data) > max_bytes:
        raise ContainerProblem(f"the file is larger than {max_bytes / 1_048_576:,.0f} MB.")
    if not data.startswith(b"PK\x03\x04"):
        raise ContainerProblem("it is not an ARF Desktop exchange file (not a zip file).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except ZIP_ERRORS as error:
        raise ContainerProblem(
            f"the file is damaged or cut short: its zip directory cannot be read ({error})."
        ) from None
    if len(infos) > MAX_PARTS:
        raise ContainerProblem(f"it holds {len(infos):,} parts, more than {MAX_PARTS:,}.")
    seen: set[str] = set()
    declared = 0
    for info in infos:
        shown = ascii(info.filename)[1:-1][:80]
        if not allowed(info.filename) or info.filename in seen:
            raise ContainerProblem(f"it holds an unexpected or repeated part “{shown}”.")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise ContainerProblem("it is password-protected; exchange files never are.")
        if info.compress_type != zipfile.ZIP_STORED or info.file_size != info.compress_size:
            raise ContainerProblem(f"the part “{shown}” is not stored the way ARF Desktop writes.")
        declared += info.file_size
    if declared > len(data):
        raise ContainerProblem("its parts declare more bytes than the file holds.")
    parts: dict[str, bytes] = {}
    for info in infos:
        try:
            parts[info.filename] = archive.read(info)
        except ZIP_ERRORS as error:
            raise ContainerProblem(
                f"the part “{info.filename}” is damaged (its checksum does not match: {error})."
            ) from None
    return Container(parts, _layout_problem(data, parts))


def _layout_problem(data: bytes, parts: dict[str, bytes]) -> str | None:
    expected = container_bytes(parts.items())
    if expected == data:
        return None
    if len(expected) != len(data):
        return (
            f"the file is {len(data):,} bytes where its parts make {len(expected):,}: "
            "bytes were added, removed or changed outside the parts."
        )
    at = next(i for i, (a, b) in enumerate(zip(expected, data, strict=True)) if a != b)
    return f"byte {at:,} of the file was changed (in the zip headers, outside the parts)."
