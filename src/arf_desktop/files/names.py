"""File names made from people's and organisations' names: ASCII letters and digits, dashes."""

from __future__ import annotations

import re
import unicodedata

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
