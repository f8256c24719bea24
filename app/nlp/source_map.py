"""Normalize a paragraph while keeping where every normalized character came from.

The API serves paragraphs as written, but the rules match on hazm's normalized text (ZWNJ,
Arabic ي/ك, spacing). So each step of :meth:`app.nlp.normalize._Normalizer.normalize` is run
here as a substitution that records, for each change, the source span it replaced: every
character of the result carries the source span ``[lo, hi)`` it stands for. A span the rules
find in the normalized text then maps back to the source with no alignment search, in one
pass per step (linear), however long the paragraph.

How a change maps: characters a replacement keeps (a regex group, a common prefix or suffix)
map one for one; a character put in place of one (``"`` → ``«``, space → ZWNJ) maps to it; an
inserted one (a ZWNJ after «می») is a point of zero width; a replacement of another length
(``...`` → ``…``, ``﷽``) is a unit: each of its characters maps to the whole source run, so no
span splits it. A deleted mark (a diacritic, a tatweel) joins the character before it, so a
word's span keeps its marks.

The result must equal :func:`app.nlp.normalize.normalize` exactly; the tests check it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from hazm.constants import (
    DIACRITICS_PATTERNS,
    PERSIAN_STYLE_PATTERNS,
    SPECIAL_CHARS_PATTERNS,
    UNICODE_REPLACEMENTS,
)

from app.nlp.normalize import _SPACES, _SPACES_CHANGE, _VISIBLE, ZWNJ, _Normalizer, _normalizer
from app.nlp.respace import BLANKS, respace

# What a served paragraph loses: C0/C1 control characters become spaces one for one (a bell or
# a NUL served in JSON breaks clients), then blanks and a BOM at its ends go.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What ``\s`` matches (str.isspace: nothing above U+3000) and a BOM, for ``str.strip``.
_EDGES = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\ufeff"
_GROUP_REF = re.compile(r"\\(\d+)|\\g<(\d+)>")
_MI = re.compile(r"\bن?می[آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی]+")

Replacement = str | Callable[[re.Match[str]], str]


def served(line: str) -> str:
    """A source line as the API serves it: control characters as spaces (same length), then
    surrounding whitespace and a BOM removed."""
    return _CONTROL.sub(" ", line).strip(_EDGES)


def _lead(line: str) -> int:
    """Where :func:`served` text starts in ``line``."""
    spaced = _CONTROL.sub(" ", line)
    return len(spaced) - len(spaced.lstrip(_EDGES))


@dataclass(frozen=True, slots=True)
class SourceMap:
    """A served paragraph, its normalized text, and for each normalized character the source
    span ``[lo[i], hi[i])`` it stands for (``lo == hi``: a character the normalizer inserted)."""

    source: str
    text: str
    lo: list[int]
    hi: list[int]
    start: int = 0  # where ``source`` starts in the line it was served from

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the normalized span ``[start, end)``: it covers whole source
        characters, and no blank at either end."""
        if end <= start:
            at = self.lo[start] if start < len(self.lo) else len(self.source)
            return at, at
        s, e = self.lo[start], self.hi[end - 1]
        while s < e and self.source[s].isspace():
            s += 1
        while e > s and self.source[e - 1].isspace():
            e -= 1
        return s, e


class _Tracked:
    """Text being normalized, with each character's source span."""

    __slots__ = ("hi", "lo", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lo = list(range(len(text)))
        self.hi = list(range(1, len(text) + 1))

    def same_length(self, text: str) -> None:
        """A change of characters one for one (a translation table): the spans stay."""
        assert len(text) == len(self.text)
        self.text = text

    def sub(self, pattern: re.Pattern[str], repl: Replacement) -> None:
        """``pattern.sub(repl, text)``, each match's replacement mapped onto what it replaced."""
        text = self.text
        # Most steps match nothing, or words they leave as they are: then nothing moves. A
        # template is checked by one ``sub``; a function's replacements are made once, here.
        if isinstance(repl, str):
            if pattern.sub(repl, text) == text:
                return
            template: tuple[str | int, ...] | None = _template(repl)
            found = [(m, "") for m in pattern.finditer(text)]
        else:
            template = None
            found = [(m, repl(m)) for m in pattern.finditer(text)]
            if all(new == m.group() for m, new in found):
                return
        lo, hi = self.lo, self.hi
        out: list[str] = []
        new_lo: list[int] = []
        new_hi: list[int] = []
        at = 0
        for m, replaced in found:
            a, b = m.span()
            if a > at:
                out.append(text[at:a])
                new_lo += lo[at:a]
                new_hi += hi[at:a]
            if template is None:
                self._align(a, b, replaced, out, new_lo, new_hi)
            else:
                self._expand(m, template, out, new_lo, new_hi)
            at = b
        if at < len(text):
            out.append(text[at:])
            new_lo += lo[at:]
            new_hi += hi[at:]
        self.text, self.lo, self.hi = "".join(out), new_lo, new_hi

    def _expand(
        self,
        m: re.Match[str],
        template: tuple[str | int, ...],
        out: list[str],
        new_lo: list[int],
        new_hi: list[int],
    ) -> None:
        """A template's groups map one for one; the literal text between two groups replaces
        the matched text between them."""
        pos, end = m.span()
        literal = ""
        for item in template:
            if isinstance(item, str):
                literal += item
                continue
            gs, ge = m.span(item)
            if gs < 0:  # a group that took no part: expands to nothing
                continue
            self._align(pos, gs, literal, out, new_lo, new_hi)
            literal = ""
            out.append(self.text[gs:ge])
            new_lo += self.lo[gs:ge]
            new_hi += self.hi[gs:ge]
            pos = ge
        self._align(pos, end, literal, out, new_lo, new_hi)

    def _align(
        self, a: int, b: int, new: str, out: list[str], new_lo: list[int], new_hi: list[int]
    ) -> None:
        """``text[a:b]`` replaced by ``new``: a common prefix and suffix map one for one, the
        middle one for one when of the same length, else as a unit, an insertion or a deletion."""
        old = self.text[a:b]
        if old == new:
            out.append(new)
            new_lo += self.lo[a:b]
            new_hi += self.hi[a:b]
            return
        out.append(new)
        k = 0
        limit = min(len(old), len(new))
        while k < limit and old[k] == new[k]:
            k += 1
        j = 0
        while j < limit - k and old[-1 - j] == new[-1 - j]:
            j += 1
        lo, hi = self.lo, self.hi
        new_lo += lo[a : a + k]
        new_hi += hi[a : a + k]
        p, q = a + k, b - j  # the middle of the source
        width = len(new) - k - j  # the middle of the replacement
        if width == q - p:
            new_lo += lo[p:q]
            new_hi += hi[p:q]
        elif width == 0:  # a deletion: marks join the character before them
            if new_hi and not (set(old[k : len(old) - j]) & BLANKS) and _ends_in_word(out):
                new_hi[-1] = max(new_hi[-1], hi[q - 1])
        elif q == p:  # an insertion: a point
            point = lo[p] if p < len(lo) else (hi[-1] if hi else 0)
            new_lo += [point] * width
            new_hi += [point] * width
        else:
            new_lo += [lo[p]] * width
            new_hi += [hi[q - 1]] * width
        new_lo += lo[b - j : b]
        new_hi += hi[b - j : b]

    def strip(self) -> None:
        """``text.strip()``."""
        text = self.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        if start or end < len(text):
            self.text = text[start:end]
            self.lo, self.hi = self.lo[start:end], self.hi[start:end]


def _ends_in_word(out: list[str]) -> bool:
    """Whether the text built so far ends in a character a mark may belong to."""
    for piece in reversed(out):
        if piece:
            return not piece[-1].isspace() and piece[-1] != ZWNJ
    return False


@cache
def _template(repl: str) -> tuple[str | int, ...]:
    """A replacement template as literal strings and group numbers."""
    items: list[str | int] = []
    at = 0
    for m in _GROUP_REF.finditer(repl):
        if m.start() > at:
            items.append(repl[at : m.start()])
        items.append(int(m.group(1) or m.group(2)))
        at = m.end()
    if at < len(repl):
        items.append(repl[at:])
    assert all(isinstance(i, int) or "\\" not in i for i in items), repl
    return tuple(items)


@cache
def _compiled(patterns: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p), r) for p, r in patterns]


def _replace_all(t: _Tracked, patterns: list[tuple[str, str]]) -> None:
    """hazm's ``regex_replace``."""
    for pattern, repl in _compiled(tuple(patterns)):
        t.sub(pattern, repl)


def source_map(line: str) -> SourceMap:
    """The served form of ``line``, its normalized text (``normalize(served(line))``) and the
    map between them; ``text`` is "" when nothing in the line is visible."""
    source = served(line)
    t = _Tracked(source)
    if _SPACES_CHANGE.search(source):
        t.sub(_SPACES, " ")
    t.strip()
    if not _VISIBLE.search(t.text):
        return SourceMap(source, "", [], [], _lead(line))
    _normalize(t, _normalizer())
    t.strip()
    return SourceMap(source, t.text, t.lo, t.hi, _lead(line) if source != line else 0)


def _normalize(t: _Tracked, n: _Normalizer) -> None:
    """The steps of ``_Normalizer.normalize`` (persian_numbers is off), in its order."""
    t.same_length(n.translate(t.text))
    _replace_all(t, PERSIAN_STYLE_PATTERNS)
    _replace_all(t, DIACRITICS_PATTERNS)
    _correct_spacing(t, n)
    for old, new in UNICODE_REPLACEMENTS:  # str.replace: the pattern is literal
        if old in t.text:
            t.sub(re.compile(re.escape(old)), lambda _m, new=new: new)
    _replace_all(t, SPECIAL_CHARS_PATTERNS)
    _decrease_repeated(t, n)
    t.sub(_MI, lambda m: _separate_mi(m.group(), n))


def _correct_spacing(t: _Tracked, n: _Normalizer) -> None:
    """hazm's ``correct_spacing`` on one line, run as it is, then mapped (``respace``)."""
    if "\n" in t.text:
        raise ValueError("a paragraph has no line break")
    new = n.correct_spacing(t.text)
    t.lo, t.hi = respace(t.text, t.lo, t.hi, new)
    t.text = new


def _decrease_repeated(t: _Tracked, n: _Normalizer) -> None:
    """hazm's ``decrease_repeated_chars``: a word with a letter three times or more, unknown to
    hazm's word list, loses the repeats (to one or two letters, whichever is a word)."""
    words = n._words

    def replace(m: re.Match[str]) -> str:
        word = m.group()
        if not words or word in words:
            return word
        no_repeat = n.more_than_two_repeat_pattern.sub(r"\1", word)
        two_repeat = n.more_than_two_repeat_pattern.sub(r"\1\1", word)
        if (no_repeat in words) != (two_repeat in words):
            return no_repeat if no_repeat in words else two_repeat
        return two_repeat

    # A word the pattern takes holds a letter three times in a row: most paragraphs hold none,
    # and that is a far cheaper search than the pattern's own.
    if n.more_than_two_repeat_pattern.search(t.text):
        t.sub(n.repeated_chars_pattern, replace)


def _separate_mi(word: str, n: _Normalizer) -> str:
    """hazm's ``seperate_mi`` for one match: «می»/«نمی» apart when that makes a known verb.
    A match of ``_MI`` opens with «نمی» or «می», so the ZWNJ goes in after it by slicing, not
    by hazm's substitution of ``^(ن?می)`` (a regex run on every such word of every paragraph)."""
    k = 3 if word.startswith("نمی") else 2
    r = word[:k] + ZWNJ + word[k:]
    return r if n._verbs and r in n._verbs else word
