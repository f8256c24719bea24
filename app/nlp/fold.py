"""One folding function for matching Persian text: search index, search query, speaker keys.

Folding maps every spelling of a word to one form: Arabic ي/ى/ك/ة/أ/إ/ؤ/ئ to Persian letters,
diacritics and tatweel removed, Persian and Arabic-Indic digits to ASCII, lower case. The search
variant keeps a map from folded offsets back to the original, so a match found in folded text
is highlighted in the text the user reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
_WS = re.compile(r"\s+")


class _Mapping:
    """A character map applied by one regular expression over the characters it changes.

    ``str.translate`` with a dict looks every character up (60 µs for a paragraph); here the
    scan runs in C and only the few characters that change cost a look-up: ten times faster,
    and folding runs on every paragraph and quote at ingest.
    """

    def __init__(self, mapping: dict[str, str]) -> None:
        self._map = {k: v for k, v in mapping.items() if k != v}
        self._pattern = re.compile("[" + "".join(re.escape(c) for c in self._map) + "]")

    def __call__(self, text: str) -> str:
        return self._pattern.sub(lambda m: self._map[m.group()], text)

    def changes(self, text: str) -> Iterator[re.Match[str]]:
        """The characters of ``text`` the map changes."""
        return self._pattern.finditer(text)

    def replacement(self, char: str) -> str:
        return self._map[char]


_FOLD = _Mapping(_CHAR_MAP)


def fold(text: str) -> str:
    """The folded form of ``text``: ZWNJ becomes a space, runs of spaces become one."""
    return _WS.sub(" ", _FOLD(text).lower()).strip()


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """A key under which two spellings of one name meet (spaces and ZWNJ ignored, and the
    guillemets news marks a name with: «رویترز» is رویترز)."""
    key = fold(text).replace(" ", "")
    return key.replace("«", "").replace("»", "") if "«" in key or "»" in key else key


_SEARCH_MAP = dict(_CHAR_MAP, **{"\u200c": "\u200c", "آ": "ا"})
_SEARCH_FOLD = _Mapping(_SEARCH_MAP)
_DELETED = re.compile("[" + "".join(re.escape(c) for c, v in _SEARCH_MAP.items() if not v) + "]")


def _aligned_search_fold(text: str) -> str | None:
    """The folded text when it maps one-to-one onto the original (nearly always), else None."""
    folded = _SEARCH_FOLD(text).lower()
    return folded if len(folded) == len(text) and not _DELETED.search(text) else None


def search_fold(text: str) -> str:
    """Fold for search keys: ZWNJ kept as a joiner, آ folded to ا."""
    folded = _aligned_search_fold(text)
    if folded is not None:
        return folded
    folded = _SEARCH_FOLD(text)
    if "\u03a3" not in folded:  # lower() is per character but for Greek capital sigma
        return folded.lower()
    return search_fold_with_offsets(text)[0]


def search_fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`search_fold`, keeping for each folded character the offset of its source
    character, so matches map back to the original."""
    folded = _aligned_search_fold(text)
    if folded is not None:  # offsets are the identity
        return folded, list(range(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    at = 0
    for m in _SEARCH_FOLD.changes(text):  # the text between changed characters in runs
        i = m.start()
        _lower_with_offsets(text, at, i, out, offsets)
        replacement = _SEARCH_FOLD.replacement(m.group())
        out.append(replacement)
        offsets.extend([i] * len(replacement))
        at = i + 1
    _lower_with_offsets(text, at, len(text), out, offsets)
    return "".join(out), offsets


def _lower_with_offsets(
    text: str, start: int, end: int, out: list[str], offsets: list[int]
) -> None:
    """``text[start:end]`` lower-cased into ``out``, each character's source into ``offsets``."""
    run = text[start:end]
    lower = run.lower()
    if len(lower) == len(run) and "\u03a3" not in run:  # one character for one
        out.append(lower)
        offsets.extend(range(start, end))
        return
    for i in range(start, end):
        for ch in text[i].lower():
            out.append(ch)
            offsets.append(i)
