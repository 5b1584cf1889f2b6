"""Checking JSON from outside before it is parsed: its size, how many values it holds, its depth.

A few kilobytes of brackets can nest deeper than any parser recurses, and megabytes of `{},`
become gigabytes of objects once parsed; both are counted with byte operations first.
"""

from __future__ import annotations

import re
from itertools import accumulate
from pathlib import Path
from typing import NoReturn

from arf_desktop.files import limits
from arf_desktop.files.opening import (
    FileProblem,
    check_not_empty,
    check_regular_file,
    megabytes,
    open_for_reading,
)

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def check_json(
    data: bytes, name: str, part: str | None = None, max_bytes: int = limits.MAX_JSON_PART_BYTES
) -> None:
    """Raise FileProblem (naming the file, and the part within it) if `data` is too costly."""
    what = f"its part {part}" if part else "it"
    if len(data) > max_bytes:
        _refuse(name, f"{what} is {megabytes(len(data))} (the limit is {megabytes(max_bytes)})")
    bare = _STRING.sub(b"0", data)  # strings hold no structure; "a,b" is one value
    values = sum(bare.count(mark) for mark in (b",", b":", b"[", b"{")) + 1
    if values > limits.MAX_JSON_VALUES:
        _refuse(name, f"{what} holds more than {limits.MAX_JSON_VALUES:,} values")
    steps = bare.translate(_STEP, _NOT_BRACKETS)
    depth = max(accumulate(1 if step == 1 else -1 for step in steps), default=0)
    if depth > limits.MAX_JSON_DEPTH:
        _refuse(name, f"{what} nests {depth:,} levels deep (the limit is {limits.MAX_JSON_DEPTH})")


def read_json_file(path: Path, name: str | None = None) -> bytes:
    """The bytes of a JSON file someone sent, after the size, count and depth checks."""
    path = Path(path)
    name = name or path.name
    size = check_regular_file(path, name)
    check_not_empty(size, name)
    if size > limits.MAX_JSON_FILE_BYTES:
        message = f"it is {megabytes(size)} (the limit is {megabytes(limits.MAX_JSON_FILE_BYTES)})"
        _refuse(name, message)
    with open_for_reading(path, name) as handle:
        data = handle.read(limits.MAX_JSON_FILE_BYTES + 1)
    check_json(data, name, max_bytes=limits.MAX_JSON_FILE_BYTES)
    return data


def _refuse(name: str, what: str) -> NoReturn:
    raise FileProblem(
        name,
        f"This file is not safe to read: {what}, far more than any ARF file needs. It may be "
        "damaged or deliberately malicious, so it has not been read.",
        "too_big",
    )
