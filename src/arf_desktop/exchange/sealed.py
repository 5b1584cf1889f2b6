"""Encrypted exchange files: AES-256-GCM in authenticated chunks under a small clear header.

Layout: MAGIC, the header's length (2 bytes, big-endian), the header (canonical JSON), then
the chunks. Every chunk but the last holds `chunk` bytes of the plain file; each is sealed
with AES-256-GCM under a nonce made of the header's 7-byte prefix, the chunk's number
(4 bytes) and a final-chunk flag (1 byte), with the whole header as associated data. So a
changed header, a changed, removed, repeated or reordered chunk, a file cut short at any
point and bytes added after the end all fail authentication. The key comes from a
passphrase through scrypt (work packs) or from the pack's return key through HKDF (score
returns). Reading checks the header's bounds before any key is derived.
"""

from __future__ import annotations

import json
import os
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from arf_desktop.domain.errors import Refused, UserFacingError

MAGIC = b"\x89ARFENC\n"  # binary first byte, then a newline: damage by text-mode copies shows
ENVELOPE = 1
CIPHER = "aes-256-gcm"
SCRYPT = "scrypt"
RETURN_KEY = "return-key"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1  # 64 MB and about half a second per derivation
SCRYPT_N_RANGE = (2**14, 2**17)  # what a reader agrees to run: at most 128 MB of memory
SCRYPT_R_MAX = 8
CHUNK_BYTES = 1024 * 1024
CHUNK_RANGE = (1024, 16 * 1024 * 1024)
TAG_BYTES = 16
MAX_HEADER_BYTES = 2048
MIN_PASSPHRASE = 8
_LENGTH = struct.Struct(">H")
_HEADER_KEYS = {"envelope", "content", "cipher", "kdf", "nonce", "chunk"}


class SealProblem(UserFacingError):
    """An encrypted exchange file that cannot be opened; the message says why, in one line."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}; nothing was imported.")
        self.file = file
        self.reason = reason


class WrongPassphrase(SealProblem):
    """The key did not open the file's first chunk: a wrong passphrase, or a changed file."""

    def __init__(self, file: str, what: str = "wrong passphrase") -> None:
        super().__init__(file, f"{what}, or the file was changed")


@dataclass(frozen=True)
class Header:
    """The clear header of an encrypted file, checked against every bound."""

    raw: bytes  # the associated data: magic, length and header text exactly as read
    content: str  # the plain file's format, e.g. "arf-work-pack"
    kdf: dict[str, Any]
    nonce: bytes
    chunk: int

    @property
    def key_id(self) -> str | None:
        """The pack whose return key opens this file (None: a passphrase opens it)."""
        return self.kdf.get("key_id") if self.kdf["name"] == RETURN_KEY else None


def _normal(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect a pack sent by e-mail or on a stick."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise Refused(
            f"The passphrase must have at least {MIN_PASSPHRASE} characters; a phrase of a few "
            "unrelated words is easy to pass on by telephone and hard to guess."
        )


def _scrypt(passphrase: str, kdf: dict[str, Any]) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    salt = bytes.fromhex(kdf["salt"])
    return Scrypt(salt=salt, length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]).derive(
        _normal(passphrase)
    )


def _hkdf(secret_hex: str, kdf: dict[str, Any]) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    info = f"arf-desktop return encryption {kdf['key_id']}".encode()
    return HKDF(hashes.SHA256(), 32, bytes.fromhex(kdf["salt"]), info).derive(
        bytes.fromhex(secret_hex)
    )


@dataclass(frozen=True)
class Sealing:
    """A header and the key that seals the chunks written under it."""

    header: bytes
    key: bytes
    chunk: int
    nonce: bytes

    @classmethod
    def _make(cls, content: str, kdf: dict[str, Any], key_of: Callable, chunk: int) -> Sealing:
        nonce = os.urandom(7)
        fields = {
            "envelope": ENVELOPE,
            "content": content,
            "cipher": CIPHER,
            "kdf": kdf,
            "nonce": nonce.hex(),
            "chunk": chunk,
        }
        text = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("ascii")
        return cls(MAGIC + _LENGTH.pack(len(text)) + text, key_of(kdf), chunk, nonce)

    @classmethod
    def with_passphrase(cls, content: str, passphrase: str, chunk: int = CHUNK_BYTES) -> Sealing:
        """Seal with a key derived from the passphrase (scrypt, fresh random salt)."""
        kdf = {"name": SCRYPT, "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
        kdf["salt"] = os.urandom(16).hex()
        return cls._make(content, kdf, lambda k: _scrypt(passphrase, k), chunk)

    @classmethod
    def with_return_key(
        cls, content: str, key_id: str, secret_hex: str, chunk: int = CHUNK_BYTES
    ) -> Sealing:
        """Seal with a key derived from a pack's return key (HKDF-SHA256, fresh salt)."""
        kdf = {"name": RETURN_KEY, "key_id": key_id, "salt": os.urandom(16).hex()}
        return cls._make(content, kdf, lambda k: _hkdf(secret_hex, k), chunk)

    def writer(self, handle: BinaryIO) -> ChunkWriter:
        return ChunkWriter(self, handle)


def _nonce(prefix: bytes, index: int, final: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if final else 0)


class ChunkWriter:
    """Buffers at most one chunk of plain bytes; writes each sealed chunk as it fills."""

    def __init__(self, sealing: Sealing, handle: BinaryIO) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(sealing.key)
        self._sealing = sealing
        self._handle = handle
        self._prefix = sealing.nonce
        self._buffer = bytearray()
        self._index = 0
        self.size = len(sealing.header)
        handle.write(sealing.header)

    def _emit(self, data: bytes, final: bool) -> None:
        sealed = self._aead.encrypt(
            _nonce(self._prefix, self._index, final), data, self._sealing.header
        )
        self._handle.write(sealed)
        self.size += len(sealed)
        self._index += 1

    def write(self, data: bytes) -> None:
        """Add plain bytes; a full chunk is sealed only once more bytes follow it."""
        view, chunk = memoryview(data), self._sealing.chunk
        while len(view):
            if len(self._buffer) == chunk:
                self._emit(bytes(self._buffer), False)
                self._buffer.clear()
            take = chunk - len(self._buffer)
            self._buffer += view[:take]
            view = view[take:]

    def close(self) -> int:
        """Write the final chunk (possibly empty); return the file's size."""
        self._emit(bytes(self._buffer), True)
        self._buffer.clear()
        return self.size


def is_sealed(head: bytes) -> bool:
    return head.startswith(MAGIC)


def _bad(file: str, why: str) -> SealProblem:
    return SealProblem(file, why)


def _check_kdf(kdf: Any, file: str) -> dict[str, Any]:
    """The key derivation the header asks for, refused unless it is within safe bounds."""
    if not isinstance(kdf, dict) or not isinstance(kdf.get("salt"), str):
        raise _bad(file, "its encryption header is damaged (no key derivation)")
    if len(kdf["salt"]) != 32 or not all(c in "0123456789abcdef" for c in kdf["salt"]):
        raise _bad(file, "its encryption header is damaged (the salt)")
    if kdf.get("name") == SCRYPT and set(kdf) == {"name", "n", "r", "p", "salt"}:
        n, r, p = kdf["n"], kdf["r"], kdf["p"]
        low, high = SCRYPT_N_RANGE
        whole = all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p))
        if not whole or not (low <= n <= high and n & (n - 1) == 0) or not 1 <= r <= SCRYPT_R_MAX:
            raise _bad(
                file,
                f"its encryption header asks for a key derivation outside the safe bounds "
                f"(scrypt n={n!r}, r={r!r}); it was not run",
            )
        if p != 1:
            raise _bad(file, f"its encryption header asks for scrypt p={p!r}; it was not run")
        return kdf
    returned = kdf.get("name") == RETURN_KEY and set(kdf) == {"name", "key_id", "salt"}
    if returned and isinstance(kdf["key_id"], str) and 0 < len(kdf["key_id"]) <= 64:
        return kdf
    raise _bad(file, f"it uses a key derivation this version cannot read ({kdf.get('name')!r})")


def read_header(handle: BinaryIO, file: str) -> Header:
    """Read and check the clear header; nothing expensive runs for a hostile one."""
    start = handle.read(len(MAGIC) + _LENGTH.size)
    if not is_sealed(start) or len(start) < len(MAGIC) + _LENGTH.size:
        raise _bad(file, "it is not an encrypted ARF Desktop exchange file")
    (length,) = _LENGTH.unpack(start[len(MAGIC) :])
    if length > MAX_HEADER_BYTES:
        raise _bad(file, f"its encryption header is {length:,} bytes, more than any ever written")
    text = handle.read(length)
    try:
        fields = json.loads(text.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad(file, "its encryption header is damaged or cut short") from None
    if not isinstance(fields, dict) or set(fields) != _HEADER_KEYS:
        raise _bad(file, "its encryption header is damaged (unexpected fields)")
    if fields["envelope"] != ENVELOPE or fields["cipher"] != CIPHER:
        raise _bad(
            file,
            f"it was encrypted by a newer version of ARF Desktop (envelope "
            f"{fields['envelope']!r}, {fields['cipher']!r}); install that version to open it",
        )
    chunk = fields["chunk"]
    if not isinstance(chunk, int) or not CHUNK_RANGE[0] <= chunk <= CHUNK_RANGE[1]:
        raise _bad(file, f"its encryption header names a chunk size of {chunk!r} bytes")
    nonce = fields["nonce"]
    if not isinstance(nonce, str) or len(nonce) != 14:
        raise _bad(file, "its encryption header is damaged (the nonce)")
    try:
        prefix = bytes.fromhex(nonce)
    except ValueError:
        raise _bad(file, "its encryption header is damaged (the nonce)") from None
    content = fields["content"]
    if not isinstance(content, str):
        raise _bad(file, "its encryption header is damaged (the content)")
    return Header(start + text, content, _check_kdf(fields["kdf"], file), prefix, chunk)


def passphrase_key(header: Header, passphrase: str, file: str) -> bytes:
    if header.kdf["name"] != SCRYPT:
        raise _bad(file, "it is not opened with a passphrase")
    return _scrypt(passphrase, header.kdf)


def return_key(header: Header, secret_hex: str, file: str) -> bytes:
    if header.kdf["name"] != RETURN_KEY:
        raise _bad(file, "it is not encrypted with the return key of a work pack")
    return _hkdf(secret_hex, header.kdf)


def open_chunks(
    handle: BinaryIO,
    header: Header,
    key: bytes,
    file: str,
    max_bytes: int,
    what: str = "wrong passphrase",
    first_only: bool = False,
) -> bytes:
    """Decrypt and authenticate every chunk into memory; any failure refuses the whole file."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    block = header.chunk + TAG_BYTES
    pieces: list[bytes] = []
    total = index = 0
    current = handle.read(block)
    while True:
        following = handle.read(block) if len(current) == block else b""
        final = not following
        try:
            plain = aead.decrypt(_nonce(header.nonce, index, final), current, header.raw)
        except (InvalidTag, ValueError):
            if index == 0:
                raise WrongPassphrase(file, what) from None
            raise _bad(
                file,
                f"it was changed, cut short or reordered after it was written (chunk "
                f"{index + 1} does not authenticate)",
            ) from None
        total += len(plain)
        if total > max_bytes:
            raise _bad(file, f"it holds more than {max_bytes / 1_048_576:,.0f} MB")
        pieces.append(plain)
        if final or first_only:
            return b"".join(pieces)
        current, index = following, index + 1


NOUNS = {"arf-work-pack": "a work pack", "arf-score-return": "a score return"}


class KeyNeeded(UserFacingError):
    """An encrypted file was given without the passphrase that opens it."""


def unseal(
    handle: BinaryIO,
    file: str,
    content: str,
    max_bytes: int,
    key_for: Callable[[Header], bytes],
    what: str = "wrong passphrase",
) -> bytes:
    """The plain bytes of an encrypted file, every chunk authenticated, or a clear refusal."""
    header = read_header(handle, file)
    if header.content != content:
        found = NOUNS.get(header.content, repr(header.content))
        raise _bad(file, f"it holds {found}, not {NOUNS.get(content, content)}")
    return open_chunks(handle, header, key_for(header), file, max_bytes, what)


def sealed_file(path: Any) -> bool:
    """Whether the file at `path` starts like an encrypted exchange file."""
    try:
        with open(path, "rb") as handle:
            return is_sealed(handle.read(len(MAGIC)))
    except OSError:
        return False
