"""One folding function for matching Persian text: search index, search query, speaker keys.

Folding maps every spelling of a word to one form: Arabic ي/ى/ك/ة/أ/إ/ؤ/ئ to Persian letters,
diacritics and tatweel removed, Persian and Arabic-Indic digits to ASCII, lower case. The search
variant keeps a map from folded offsets back to the original, so a match found in folded text
is highlighted in the text the user reads.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CHAR_MAP = {
    "ي": "ی",
    "ى": "ی",
    "ئ": "ی",
    "ك": "ک",
    "ة": "ه",
    "ۀ": "ه",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
    "\u200c": " ",
    "\u200d": "",
    "\u0640": "",  # tatweel
    "\u0670": "",  # superscript alef
    "\u0654": "",  # hamza above
    "\u0655": "",  # hamza below
}
_CHAR_MAP.update({chr(c): "" for c in range(0x064B, 0x0653)})  # harakat
_CHAR_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Persian digits
_CHAR_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_TABLE = str.maketrans(_CHAR_MAP)
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """The folded form of ``text``: ZWNJ becomes a space, runs of spaces become one."""
    return _WS.sub(" ", text.translate(_TABLE).lower()).strip()


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """A key under which two spellings of one name meet (spaces and ZWNJ ignored)."""
    return fold(text).replace(" ", "")


_SEARCH_MAP = dict(_CHAR_MAP, **{"\u200c": "\u200c", "آ": "ا"})
_SEARCH_TABLE = str.maketrans(_SEARCH_MAP)
_DELETED = re.compile("[" + "".join(re.escape(c) for c, v in _SEARCH_MAP.items() if not v) + "]")


def search_fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold for search keys (ZWNJ kept as a joiner, آ folded to ا), keeping for each folded
    character the offset of its source character, so matches map back to the original."""
    folded = text.translate(_SEARCH_TABLE).lower()
    if len(folded) == len(text) and not _DELETED.search(text):  # offsets are the identity
        return folded, list(range(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        for m in ch.translate(_SEARCH_TABLE).lower():
            out.append(m)
            offsets.append(i)
    return "".join(out), offsets
