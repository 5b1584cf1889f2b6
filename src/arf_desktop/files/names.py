"""File names made from people's and organisations' names, valid on Windows as everywhere."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

_APOSTROPHES = re.compile("['’ʼ]")
_LATIN = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
_CYRILLIC = "а,б,в,г,д,е,ё,ж,з,и,й,к,л,м,н,о,п,р,с,т,у,ф,х,ц,ч,ш,щ,ъ,ы,ь,э,ю,я,є,і,ї,ґ"
_CYRILLIC_LATIN = (
    "a,b,v,g,d,e,e,zh,z,i,i,k,l,m,n,o,p,r,s,t,u,f,kh,ts,ch,sh,shch,,y,,e,yu,ya,ye,i,yi,g"
)
_GREEK = "α,β,γ,δ,ε,ζ,η,θ,ι,κ,λ,μ,ν,ξ,ο,π,ρ,σ,ς,τ,υ,φ,χ,ψ,ω"
_GREEK_LATIN = "a,v,g,d,e,z,i,th,i,k,l,m,n,x,o,p,r,s,s,t,y,f,ch,ps,o"
_LOWER = {
    **_LATIN,
    **dict(zip(_CYRILLIC.split(","), _CYRILLIC_LATIN.split(","), strict=True)),
    **dict(zip(_GREEK.split(","), _GREEK_LATIN.split(","), strict=True)),
}
_FOLD = str.maketrans(_LOWER)
_UPPER = {low.upper(): latin.capitalize() for low, latin in _LOWER.items()}
_FOLD_KEEPING_CASE = str.maketrans(
    {**{up: latin for up, latin in _UPPER.items() if len(up) == 1}, **_LOWER}
)


def slug(text: str, limit: int = 70, keep_case: bool = False) -> str:
    """Letters and digits joined by dashes: "Łódź Children's Trust" → "lodz-childrens-trust".

    Accents are dropped, Polish, Nordic, Cyrillic and Greek letters are spelt in Latin ones,
    apostrophes vanish, and anything else between words becomes one dash. The result is at
    most `limit` characters, lower case unless `keep_case` ("Lodz-Childrens-Trust"), and empty
    when nothing in `text` can be spelt that way (for example an Arabic name).
    """
    if not keep_case:
        text = text.lower()
    plain = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text))
    plain = plain.translate(_FOLD_KEEPING_CASE if keep_case else _FOLD)
    ascii_text = plain.encode("ascii", "ignore").decode("ascii")
    other = r"[^A-Za-z0-9]+" if keep_case else r"[^a-z0-9]+"
    return re.sub(other, "-", ascii_text).strip("-")[:limit].strip("-")


MAX_NAME = 255
MAX_PATH = 260
TEMPORARY_EXTRA = len(".0123abcd.partial")
_NUMBERED = [f"{stem}{n}" for stem in ("COM", "LPT") for n in ("123456789¹²³")]
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *_NUMBERED})
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')


def windows_safe(name: str, fallback: str = "file") -> str:
    """`name` as one file name that Windows (and so every system) accepts.

    Characters Windows refuses (`<>:"/\\|?*` and control characters) become dashes; a
    trailing dot or space is dropped; a reserved device name (CON, PRN, AUX, NUL, COM1–9,
    LPT1–9 — in any case, with any extension, "nul.txt" as much as "NUL") gets a leading
    underscore; and the name is cut to 255 characters, keeping its extension. An empty
    result becomes `fallback`.
    """
    clean = _FORBIDDEN.sub("-", name).strip(" ").rstrip(". ")
    if not clean.strip("-. "):
        clean = fallback
    if clean.split(".")[0].rstrip(" ").upper() in WINDOWS_RESERVED:
        clean = "_" + clean
    if _utf16_length(clean) > MAX_NAME:
        stem, dot, suffix = clean.rpartition(".")
        if not dot or len(suffix) > 16:
            stem, suffix = clean, ""
        tail = f".{suffix}" if suffix else ""
        while _utf16_length(stem + tail) > MAX_NAME:
            stem = stem[:-1]
        clean = stem.rstrip(". ") + tail
    return clean


def name_key(name: str) -> str:
    """How a folder that ignores case and Unicode form (Windows, macOS) compares file names."""
    return unicodedata.normalize("NFC", name).casefold()


def unique_names(entries: Sequence[tuple[K, str]], taken: Iterable[str] = ()) -> dict[K, str]:
    """{key: file name}, no two names alike once case and Unicode form are ignored.

    `entries` come in a fixed order (by organisation id, say): the first holder of a name
    keeps it and each later one gets the first free "-2", "-3"… before the extension, never
    a name another entry holds plainly or one in `taken`; so the same entries always get
    the same names.
    """
    plain = {name_key(name) for _key, name in entries}
    used = {name_key(name) for name in taken}
    found: dict[K, str] = {}
    for key, name in entries:
        if name_key(name) not in used:
            found[key] = name
            used.add(name_key(name))
            continue
        stem, dot, suffix = name.rpartition(".")
        if not dot or not stem or len(suffix) > 16:
            stem, suffix = name, ""
        tail = f".{suffix}" if suffix else ""
        number = 2
        while True:
            candidate = windows_safe(f"{stem[:200]}-{number}{tail}")
            if name_key(candidate) not in used and name_key(candidate) not in plain:
                break
            number += 1
        found[key] = candidate
        used.add(name_key(candidate))
    return found


def long_path_warning(path: str | Path) -> str | None:
    """A warning when `path` is too long for Windows to write, or None when it is fine.

    Windows refuses paths of 260 characters or more unless long paths are switched on, and
    a file is first written beside itself under a name 17 characters longer, so the warning
    comes that much before the limit.
    """
    full = str(Path(path).absolute())
    if len(full) + TEMPORARY_EXTRA < MAX_PATH:
        return None
    return (
        f"The path {full} is {len(full)} characters long; Windows cannot save files whose path "
        f"reaches {MAX_PATH - TEMPORARY_EXTRA} characters here. Choose a folder nearer the top "
        "of the drive (for example C:\\Exports)."
    )


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
