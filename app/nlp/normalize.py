"""Text normalization and tokenization, built on hazm objects made once per process.

hazm's Normalizer fixes ZWNJ, Arabic ي/ك, spacing and ASCII quotes; we keep digits as written
(``persian_numbers=False``) because the API serves the text and users quote figures from it.
Tokens carry code-point offsets, which hazm's tokenizers do not give, so we tokenize the
normalized text with one regular expression whose word class matches hazm's own (letters, digits
and ZWNJ inside a word).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache
from itertools import accumulate, islice, repeat
from pathlib import Path
from typing import NamedTuple

import hazm
from hazm.constants import TRANSLATION_DST, TRANSLATION_SRC
from hazm.lemmatizer import Conjugation
from hazm.utils import default_verbs, maketrans

from app.nlp.spacing import correct_spacing

ZWNJ = "\u200c"
# A word holds at least one letter or digit: a run of ZWNJs alone is no token.
_TOKEN = re.compile(r"\u200c*\w[\w\u200c]*|[^\w\s\u200c]")
# Spaces, bidi marks and embeddings, and C0/C1 control characters (a bell or a form feed in a
# seed file): none is text a reader sees, and a control character served in JSON breaks
# clients that print it.
_OTHER_SPACES = r"\t\u00a0\u200f\u200e\u202a-\u202e\u2066-\u2069\x00-\x1f\x7f-\x9f"
_SPACES = re.compile(f"[ {_OTHER_SPACES}]+")
# Where ``_SPACES`` changes a text: anything of it but one plain space (most paragraphs hold
# none, and a search is cheaper than a substitution that gives the text back).
_SPACES_CHANGE = re.compile(f"[{_OTHER_SPACES}]|  ")


# Anything but spaces and the invisible format characters (ZWSP to RLM, soft hyphen, word
# joiner, BOM).
_VISIBLE = re.compile(r"[^\s\u200b-\u200f\u00ad\u2060\ufeff]")


class Token(NamedTuple):
    """A word or punctuation mark (a tuple: paragraphs make thousands of them)."""

    text: str
    start: int
    end: int


class _Normalizer(hazm.Normalizer):
    """hazm's Normalizer, with its character table built once instead of on every call, and
    its spacing patterns tried only where they can match (``app/nlp/spacing.py``).

    hazm 0.12's ``normalize`` rebuilds a translation dict per call, a sixth of the annotator's
    time; this runs the same steps in the same order (a test compares it with hazm's own).
    """

    _TABLE = maketrans(TRANSLATION_SRC, TRANSLATION_DST)
    # The characters the table changes: most paragraphs hold none, and a search for one is far
    # cheaper than translating a paragraph character by character through the table.
    _TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in _TABLE) + "]")

    def __init__(self) -> None:
        # hazm builds a whole Lemmatizer here (a second tokenizer that reads the 190,000-line
        # word list again, a stemmer) only to keep its verb forms: 40% of the 0.8 s every
        # annotating process spent before its first article.
        super().__init__(persian_numbers=False, seperate_mi=False)
        self._seperate_mi = True
        self._verbs = verb_forms()

    def translate(self, text: str) -> str:
        """``text.translate`` through hazm's character table."""
        return text.translate(self._TABLE) if self._TRANSLATED.search(text) else text

    def correct_spacing(self, text: str) -> str:
        return correct_spacing(self, text)

    def normalize(self, text: str) -> str:
        text = self.translate(text)
        if self._persian_style:
            text = self.persian_style(text)
        if self._persian_number:
            text = self.persian_number(text)
        if self._remove_diacritics:
            text = self.remove_diacritics(text)
        if self._correct_spacing:
            text = self.correct_spacing(text)
        if self._unicodes_replacement:
            text = self.unicodes_replacement(text)
        if self._remove_specials_chars:
            text = self.remove_specials_chars(text)
        if self._decrease_repeated_chars:
            text = self.decrease_repeated_chars(text)
        if self._seperate_mi:
            text = self.seperate_mi(text)
        return text


def verb_forms() -> set[str]:
    """What hazm's Normalizer keeps of ``Lemmatizer(joined_verb_parts=False)``: every
    conjugated form of the verbs in hazm's verb list."""
    conjugation = Conjugation()
    forms = {"است"}
    with Path(default_verbs).open(encoding="utf-8") as lines:
        for verb in lines:
            forms.update(conjugation.get_all(verb.strip()))
    return forms


@cache
def _normalizer() -> hazm.Normalizer:
    return _Normalizer()


def normalize(text: str) -> str:
    """Normalize one paragraph the way every span offset will refer to it; "" when nothing in
    it is visible (a line of ZWNJs or soft hyphens is no paragraph)."""
    text = _SPACES.sub(" ", text).strip()
    if not _VISIBLE.search(text):
        return ""
    return _normalizer().normalize(text).strip()


_new_token = tuple.__new__
_SPLIT = re.compile(f"({_TOKEN.pattern})")


def _tokens(text: str, start: int, end: int) -> list[Token]:
    """The tokens of ``text[start:end]``, made without a Python call per token (every
    paragraph is tokenized): ``re.split`` gives each gap and token, their lengths add up to the
    offsets, and each token is made as the tuple it is."""
    parts = _SPLIT.split(text[start:end])
    at = list(accumulate(map(len, parts), initial=start))
    return list(map(_new_token, repeat(Token), zip(parts[1::2], at[1:-1:2], at[2::2], strict=True)))


@lru_cache(maxsize=16)
def _paragraph_tokens(text: str) -> tuple[list[Token], list[int]]:
    tokens = _tokens(text, 0, len(text))
    return tokens, [t.start for t in tokens]


def _scans(text: str, start: int, end: int) -> bool:
    """Whether ``tokenize`` scans the region itself rather than slicing the paragraph's tokens."""
    return len(text) > 4 * max(end - start, 500)  # a short region of a long text: scan just it


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words and punctuation of ``text[start:end]`` with offsets into ``text``.

    The rules ask for many regions of the same paragraph, so the paragraph is tokenized once
    and each region is a slice of it (a token must lie wholly inside the region).
    """
    end = len(text) if end is None else end
    if _scans(text, start, end):
        return _tokens(text, start, end)
    tokens, starts = _paragraph_tokens(text)
    i, j = _slice(tokens, starts, start, end)
    return tokens[i:j]


def paragraph_tokens(text: str) -> list[Token]:
    """All of ``text``'s tokens, made once per paragraph (cached: do not change the list)."""
    return _paragraph_tokens(text)[0]


def token_range(text: str, start: int, end: int) -> range | None:
    """Where ``tokenize(text, start, end)`` lies in ``paragraph_tokens(text)``, found by
    bisection instead of copied; None when ``tokenize`` would scan the region and its edge cuts
    a word (the scan keeps the cut pieces, the paragraph's tokens do not)."""
    tokens, starts = _paragraph_tokens(text)
    i, j = _slice(tokens, starts, start, end)
    cut = (i > 0 and tokens[i - 1].end > start) or (j < len(tokens) and tokens[j].start < end)
    return None if cut and _scans(text, start, end) else range(i, j)


def first_tokens(text: str, start: int, end: int, count: int) -> list[Token]:
    """``tokenize(text, start, end)[:count]``, without tokenizing the rest of the region.

    A rule that reads the first few words after a cue must not cost the length of the
    sentence: a paragraph of thousands of cues would make it quadratic.
    """
    if _scans(text, start, end):
        matches = islice(_TOKEN.finditer(text, start, end), count)
        return [_new_token(Token, (m.group(), m.start(), m.end())) for m in matches]
    tokens, starts = _paragraph_tokens(text)
    i, j = _slice(tokens, starts, start, end)
    return tokens[i : min(j, i + count)]


def _slice(tokens: list[Token], starts: list[int], start: int, end: int) -> tuple[int, int]:
    """The paragraph's tokens that lie wholly inside ``[start, end)``, as an index range."""
    i = bisect_left(starts, start)
    j = bisect_left(starts, end, lo=i)
    while j > i and tokens[j - 1].end > end:
        j -= 1
    return i, j
