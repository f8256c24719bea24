"""Search keys: the one form every spelling of a word is indexed and queried under.

The same code reads the index's text and the query, so a word's key must not depend on whether
it was written with a ZWNJ, a space or nothing between its parts. Built on
:mod:`app.nlp.fold` (Arabic letters, diacritics, digits; آ folds to ا), and then:

- ZWNJ and space separate parts alike («رئیس‌جمهوری» = «رئیس جمهوری»), and a word's detached
  parts join it whatever separates them: «می‌توان» «می توان» «میتوان» → «میتوان»;
- a word typed solid that hazm's word list writes with a ZWNJ is split where the ZWNJ stands,
  so it gets the keys of its ZWNJ spelling: «هستهای» → «هسته» + «ای» (so «هسته», never the
  verb «هست»), «خامنهای» → «خامنه», «کشتیرانی» → «کشتی» «رانی». Where hazm's list also has
  the solid spelling as a word of its own, that solid word is the key instead, of the ZWNJ
  spelling too: «هم‌زمان» → «همزمان»; and «بهروز» is never split;
- names and compounds whose parts mean something else (``joined_words.txt``: «احمدی‌نژاد»
  «کی‌روش» «رئیس‌جمهوری» «بین‌المللی» «آتش‌بس») are one key, joined from ZWNJ, space or nothing,
  and the paired compounds «گفت‌وگو» «گفت و گو» «گفتگو» meet (``compounds.txt``);
- a plural written apart is a plural: «تن‌ها» → «تن» (bodies), while «تنها» (only) stays;
  «کشورها» «کشور ها» «کشور‌ها» → «کشور»; a detached ezafe «ای»/«ی» is not part of the key;
- a light stem of a solid word: «ها/های/هایی», «ات», and the ezafe «ی» after a vowel come
  off («کشورهای» ~ «کشور», «اظهارات» ~ «اظهار», «آقای» ~ «آقا»), except from a word hazm's
  list knows as a word of its own («تنها» «انتها» «مالیات» «دیپلمات» «لغوی» «پیشروی»), from
  an «-یات» word («عملیات» is not «عملی»), and «های/هایی» keep a «ها» that belongs to such a
  word («تنهایی» → «تنها»).

Why compounds keep their parts, and only a list of them is joined: a head word must still find
its compounds («اعلام» finds «اعلام‌شده»), and a space cannot be told from a word boundary, so
joining every pair that forms a compound would join phrases («اعلام شده است»). The parts of
the listed words mean something else, so as parts they would find the wrong texts («کی» and
«روش» anywhere in a paragraph, «رئیس مجلس … جمهوری اسلامی» for «رئیس‌جمهوری»).

Why not split any solid word that is two dictionary words: hazm's word list has no verb forms
and few plurals, so «کنند» would split into «کن» + «ند» and «خواهد» into «خو» + «اهد»; on the
corpus most such splits are wrong. Words split only where a list says so.

Keys are read from the text as the annotator normalizes it (hazm's normalizer, ZWNJ and
spacing: «این که» → «این‌که»), through the source map of ``app/nlp/source_map.py``: paragraphs
are stored as written, and their keys must be those the normalized text had, for the text and
for the query alike. Each key keeps the offsets of the original words it covers, so matches are
highlighted in the text as the user reads it. Word-level results are cached: a text costs one
look-up per word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from app.nlp.fold import search_fold, search_fold_with_offsets
from app.nlp.normalize import normalize
from app.nlp.search_lexicon import (
    is_own_word,
    paired_compounds,
    solid_word,
    units,
    written_parts,
)
from app.nlp.source_map import SourceMap, source_map

_RUN = re.compile(r"[^\W_]+(?:\u200c[^\W_]+)*")  # letters and digits, parts joined by ZWNJ
PREFIXES = ("نمی", "می")
SUFFIXES = ("هایی", "های", "ها", "ترین", "تر", "ای", "ی")  # written apart: «کشور ها»
_PLURALS = ("هایی", "های", "ها")
_EZAFE = ("ای", "ی")  # the ezafe or indefinite yeh: part of the word's span, not of its key
_SUFFIX_SET = frozenset(SUFFIXES)
_SOLID_SUFFIXES = ("هایی", "های", "ها", "ای")  # after a listed word typed solid
_CACHE = 1 << 17
# A key is cut here, at index and query time alike: a "word" longer than this is a run of
# letters with no spaces (a pasted URL, a keyboard held down) that must still fit the term
# column on every backend, and stays findable by its beginning.
MAX_KEY = 64


class Key(NamedTuple):
    key: str
    start: int  # offsets into the original text
    end: int


@lru_cache(maxsize=_CACHE)
def stem(word: str) -> str:
    """The indexed form of one joined, folded word."""
    parts = written_parts(word)
    if parts and parts[-1] in _EZAFE and not _plural_of_word(word):  # «هستهای» → «هسته»
        word = "".join(parts[:-1])
    word = _paired_solid(word)
    if is_own_word(word):  # «تنها» «انتها» «مالیات» «پهلوی»: not inflections
        return word
    for suffix in _PLURALS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            base = word[: -len(suffix)]
            if suffix != "ها" and is_own_word(base + "ها"):  # «تنهایی» → «تنها»
                return base + "ها"
            return base
    if word.endswith("ات") and len(word) >= 6 and word[-3] != "ی":  # not «عملیات» → «عملی»
        return word[:-2]
    if len(word) >= 4 and word.endswith(("وی", "ای")):  # «گفتگوی» «دانشجوی»: the ezafe yeh
        return word[:-1]
    return word


def _paired_solid(word: str) -> str:
    """«گفتوگو…» written solid with its «و» → «گفتگو…»."""
    for first, second in paired_compounds():
        if word.startswith(first + "و" + second):
            return first + second + word[len(first) + 1 + len(second) :]
    return word


@lru_cache(maxsize=_CACHE)
def _run_parts(run: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The parts of one run of letters joined by ZWNJ, and the offset of each in the run:
    pieces that hazm's list writes solid are joined, solid words it writes with a ZWNJ split."""
    pieces: list[tuple[str, int]] = []
    at = 0
    for piece in run.split("\u200c"):
        pieces.append((piece, at))
        at += len(piece) + 1
    merged: list[tuple[str, int]] = []
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + 3), i + 1, -1):  # «کتاب‌خانه» → «کتابخانه»
            joined = "".join(p for p, _ in pieces[i:j])
            if solid_word(joined):
                merged.append((joined, pieces[i][1]))
                i = j
                break
        else:
            merged.append(pieces[i])
            i += 1
    words: list[str] = []
    starts: list[int] = []
    for piece, start in merged:
        for part in _split_solid(piece):
            words.append(part)
            starts.append(start)
            start += len(part)
    return tuple(words), tuple(starts)


def _split_solid(piece: str) -> tuple[str, ...]:
    """A solid piece as the parts it has when written with its ZWNJ («کشتیرانی» → «کشتی»
    «رانی»), a listed word keeping its suffix apart («تفاهمنامههای» → «تفاهمنامه» «های»)."""
    joined = units()[0]
    if piece in joined or _plural_of_word(piece):
        return (piece,)
    if parts := _written_parts(piece):
        return parts
    for suffix in _SOLID_SUFFIXES:
        base = piece[: -len(suffix)]
        if piece.endswith(suffix) and len(base) > 1:
            if base in joined:
                return base, suffix
            if parts := _written_parts(base):
                return *parts, suffix
    return (piece,)


def _written_parts(piece: str) -> tuple[str, ...] | None:
    """hazm's ZWNJ spelling of a solid piece, unless it starts with a suffix, which would join
    the word before it («ایپد» is not «ای» + «پد»)."""
    parts = written_parts(piece)
    return parts if parts and parts[0] not in _SUFFIX_SET else None


def _plural_of_word(piece: str) -> bool:
    """«رویدادهای» is «رویداد» + «های», whatever a rare compound of hazm's list says; «هستهای»
    is not «هست» + «های»: a verb has no plural."""
    return any(piece.endswith(p) and is_own_word(piece[: -len(p)]) for p in _PLURALS)


def _joined(words: list[str], spans: list[tuple[int, int]] | None = None) -> list[str]:
    """The keys of ``words``, each word joined with its detached parts; with ``spans``, the
    (first, last) index of the words each key covers is appended to it. Keys and the index
    text both come from here."""
    special = _joiners()
    unit_words, unit_prefixes = units()
    out: list[str] = []
    n = len(words)
    i = 0
    while i < n:
        word, first = words[i], i
        if word in special and i + 1 < n:
            nxt = words[i + 1]
            if word in PREFIXES:  # «می توان»
                word += nxt
                i += 1
            else:
                if word in unit_prefixes:  # «احمدی نژاد»، «سی ان ان»
                    word, i = _unit(words, i, unit_words, unit_prefixes)
                if i == first:
                    word, i = _paired(words, i)
        plural = False
        while i + 1 < n and words[i + 1] in _SUFFIX_SET and len(word) > 1:
            suffix = words[i + 1]
            if suffix in _PLURALS:  # «تن‌ها» is «تن», whatever «تنها» means
                plural = True
            elif suffix not in _EZAFE and not plural:  # «بزرگ ترین» → «بزرگترین»
                word += suffix
            i += 1  # «خانه‌ای» stays «خانه»
        out.append(_paired_solid(word) if plural else stem(word))
        if spans is not None:
            spans.append((first, i))
        i += 1
    return out


@cache
def _joiners() -> frozenset[str]:
    """Words that may join the word after them."""
    return frozenset(PREFIXES) | units()[1] | frozenset(_compounds_by_first())


def _unit(
    words: list[str], i: int, unit_words: frozenset[str], unit_prefixes: frozenset[str]
) -> tuple[str, int]:
    """The longest listed word starting at ``words[i]`` and the index of its last part, that
    part maybe with a suffix typed solid («رئیس جمهورهای»); the word alone when none is."""
    best = (words[i], i)
    joined = words[i]
    for j in range(i + 1, len(words)):
        joined += words[j]
        if joined in unit_words:
            best = (joined, j)
        else:
            for suffix in _SOLID_SUFFIXES:
                if joined.endswith(suffix) and joined[: -len(suffix)] in unit_words:
                    # a plural is taken off by stem, an ezafe is not part of the key
                    best = (joined[: -len(suffix)] if suffix in _EZAFE else joined, j)
                    break
        if joined not in unit_prefixes:
            break
    return best


def _paired(words: list[str], i: int) -> tuple[str, int]:
    """A paired compound starting at ``words[i]`` and the index of its last part."""
    word = words[i]
    if i + 1 >= len(words) or word not in _compounds_by_first():
        return word, i
    nxt = words[i + 1]
    if i + 2 < len(words) and nxt == "و" and (joined := _solid_compound(word, "و" + words[i + 2])):
        return joined, i + 2  # «گفت و گو»
    if joined := _solid_compound(word, nxt) or _solid_compound(word, "و" + nxt):
        return joined, i + 1  # «گفت‌وگوی»، «گفت گو»
    return word, i


def _solid_compound(first: str, rest: str) -> str | None:
    """«گفت» + «وگوی» → «گفتگوی»: the second half written with its «و» and maybe a suffix."""
    seconds = _compounds_by_first().get(first)
    if not seconds or not rest.startswith("و"):
        return None
    for b, joined in seconds:
        if rest[1:].startswith(b) and rest[1 + len(b) :] in ("", *SUFFIXES):
            return joined + rest[1 + len(b) :]
    return None


@cache
def _compounds_by_first() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for (a, b), joined in paired_compounds().items():
        out.setdefault(a, []).append((b, joined))
    return out


def keys(text: str) -> list[Key]:
    """The search keys of ``text``, in order, with the original offsets each covers: the keys
    of its normalized form, mapped back onto ``text``."""
    mapped = source_map(text)
    return [Key(k.key, mapped.start + k.start, mapped.start + k.end) for k in mapped_keys(mapped)]


def mapped_keys(mapped: SourceMap) -> list[Key]:
    """The search keys of a paragraph already mapped (the annotator's map of it), with offsets
    into its served text ``mapped.source``."""
    return [Key(key, s, e) for key, s, e in _mapped(mapped)]


def keys_within(
    mapped: SourceMap, runs: Sequence[tuple[int, int]]
) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The keys of :func:`mapped_keys` without their offsets, and for each whether it lies
    inside one of ``runs``: source spans, disjoint and in order (a paragraph's quotes). One
    sweep over both, however many runs there are."""
    found: list[str] = []
    inside: list[bool] = []
    i, n = 0, len(runs)
    for key, s, e in _mapped(mapped):
        while i < n and runs[i][1] <= s:
            i += 1
        found.append(key)
        inside.append(i < n and runs[i][0] <= s and e <= runs[i][1])
    return tuple(found), tuple(inside)


def _mapped(mapped: SourceMap) -> Iterator[tuple[str, int, int]]:
    """Each key of a mapped paragraph with its source span: the key's first and last
    normalized character mapped back (as :meth:`SourceMap.span` does, inline: a paragraph has
    hundreds of keys)."""
    text, source, lo, hi = mapped.text, mapped.source, mapped.lo, mapped.hi
    folded, offsets = search_fold_with_offsets(text)
    starts: list[int] = []
    words = _words(folded, starts)
    covered: list[tuple[int, int]] = []
    found = _joined(words, covered)
    for key, (a, b) in zip(found, covered, strict=True):
        s = lo[offsets[starts[a]]]
        e = hi[offsets[starts[b] + len(words[b]) - 1]]
        while s < e and source[s].isspace():
            s += 1
        while e > s and source[e - 1].isspace():
            e -= 1
        yield key[:MAX_KEY], s, e


def mapped_words(mapped: SourceMap) -> list[str]:
    """The keys of :func:`mapped_keys` without their offsets, for a paragraph whose keys need
    none (no quote in it to say which keys stand inside): mapping each key back to the source
    is most of the keys' cost."""
    return [key[:MAX_KEY] for key in _joined(_words(search_fold(mapped.text)))]


def _words(folded: str, starts: list[int] | None = None) -> list[str]:
    """The words of a folded text, runs split and joined by hazm's list (``_run_parts``);
    with ``starts``, each word's offset in ``folded`` is appended to it."""
    if starts is None:
        return [word for run in _RUN.findall(folded) for word in _run_parts(run)[0]]
    words: list[str] = []
    for m in _RUN.finditer(folded):
        parts, at = _run_parts(m.group())
        words += parts
        starts += (m.start(),) if len(at) == 1 else [m.start() + a for a in at]
    return words


@lru_cache(maxsize=4096)
def index_text(text: str) -> str:
    """What the full-text index stores for ``text``: its keys, space-separated. Asked for
    speakers' names, which come back article after article."""
    return normalized_index_text(normalize(text))


@lru_cache(maxsize=4096)
def normalized_index_text(text: str) -> str:
    """:func:`index_text` of a text the annotator has normalized already (the names it finds
    in its normalized paragraphs): normalizing them again is most of the cost of their keys."""
    return " ".join(_joined(_words(search_fold(text))))
