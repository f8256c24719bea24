"""Text normalization and tokenization, built on hazm objects made once per process.

hazm's Normalizer fixes ZWNJ, Arabic ي/ك, spacing and ASCII quotes; we keep digits as written
(``persian_numbers=False``) because the API serves the text and users quote figures from it.
Tokens carry code-point offsets, which hazm's tokenizers do not give, so we tokenize the
normalized text with one regular expression whose word class matches hazm's own (letters, digits
and ZWNJ inside a word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import hazm

ZWNJ = "\u200c"
_TOKEN = re.compile(r"[\w\u200c]+|[^\w\s\u200c]")
_SPACES = re.compile(r"[ \t\u00a0\u200f\u200e\u202a-\u202e\u2066-\u2069]+")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


@cache
def _normalizer() -> hazm.Normalizer:
    return hazm.Normalizer(persian_numbers=False)


def normalize(text: str) -> str:
    """Normalize one paragraph the way every span offset will refer to it."""
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return ""
    return _normalizer().normalize(text).strip()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words and punctuation of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    return [
        Token(m.group(), m.start(), m.end())
        for m in _TOKEN.finditer(text, start, end)
        if m.group().strip(ZWNJ)
    ]
