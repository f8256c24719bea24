"""Search keys: the one form every spelling of a word is indexed and queried under.

Built on :mod:`app.nlp.fold` (Arabic letters, diacritics, digits), and then:
- ZWNJ and space are one separator («رئیس‌جمهور» = «رئیس جمهور»), and a word's detached
  parts join it whatever separates them: «می‌توان» «می توان» «میتوان» → «میتوان»;
  «کشورها» «کشور ها» «کشور‌ها» → «کشور»;
- the paired compounds of «گفت‌وگو» «گفت و گو» «گفتگو» meet (data: ``compounds.txt``);
- آ folds to ا («آمریکا» = «امریکا»), on both sides;
- a light stem: plural «ها/های/هایی» and «ات» come off when a stem of 3 (4 for «ات») letters is
  left, so «کشورهای» ~ «کشور» and «اظهارات» ~ «اظهار», but «تنها» and «حیات» stay whole.

Each key keeps the offsets of the original words it covers, so matches are highlighted in the
text as the user reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from app.nlp.fold import search_fold, search_fold_with_offsets

_WORD = re.compile(r"[^\W_]+")  # ZWNJ separates: «رئیس‌جمهور» = «رئیس جمهور»
_PREFIXES = ("نمی", "می")
_SUFFIXES = ("هایی", "های", "ها", "ترین", "تر", "ای", "ی")  # written apart: «کشور ها»
_EZAFE = ("ای", "ی")  # the ezafe or indefinite yeh: part of the word's span, not of its key
_PLURALS = (("هایی", 3), ("های", 3), ("ها", 3), ("ات", 4))


class Key(NamedTuple):
    key: str
    start: int  # offsets into the original text
    end: int


@cache
def _compounds() -> dict[tuple[str, str], str]:
    """(first, second) → key: «گفت» + «گو» → «گفتگو», whether written with «و» or not."""
    text = resources.files("app.nlp").joinpath("data", "compounds.txt").read_text("utf-8")
    out: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            a, b = line.split()
            out[(a, b)] = a + b
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The indexed form of one joined, folded word."""
    for first, second in _compounds():  # «گفتوگو» written solid with its «و»
        if word.startswith(first + "و" + second):
            word = first + second + word[len(first) + 1 + len(second) :]
            break
    for suffix, least in _PLURALS:
        if word.endswith(suffix) and len(word) - len(suffix) >= least:
            return word[: -len(suffix)]
    if len(word) >= 4 and word.endswith(("وی", "ای")):  # «گفتگوی» «دانشجوی»: the ezafe yeh
        return word[:-1]
    return word


def _solid_compound(first: str, rest: str) -> str | None:
    """«گفت» + «وگوی» → «گفتگوی»: the second half written with its «و» and maybe a suffix."""
    seconds = _compounds_by_first().get(first)
    if not seconds or not rest.startswith("و"):
        return None
    for b, joined in seconds:
        if rest[1:].startswith(b) and rest[1 + len(b) :] in ("", *_SUFFIXES):
            return joined + rest[1 + len(b) :]
    return None


@cache
def _compounds_by_first() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for (a, b), joined in _compounds().items():
        out.setdefault(a, []).append((b, joined))
    return out


@cache
def _compound_firsts() -> frozenset[str]:
    return frozenset(_compounds_by_first())


def _joined(words: list[str]) -> Iterator[tuple[str, int, int]]:
    """Words joined with their detached parts: (the word to stem, index of its first part,
    index of its last part). Keys and the index text both come from here."""
    firsts = _compound_firsts()
    n = len(words)
    i = 0
    while i < n:
        word, first = words[i], i
        nxt = words[i + 1] if i + 1 < n else None
        if nxt is not None and word in _PREFIXES:  # «می توان»
            word += nxt
            i += 1
        elif word in firsts and nxt is not None:
            if i + 2 < n and nxt == "و" and (joined := _solid_compound(word, "و" + words[i + 2])):
                word = joined  # «گفت و گو»
                i += 2
            elif joined := _solid_compound(word, nxt) or _solid_compound(word, "و" + nxt):
                word = joined  # «گفت‌وگوی»، «گفت گو»
                i += 1
        while i + 1 < n and words[i + 1] in _SUFFIXES and len(word) > 1:
            if words[i + 1] not in _EZAFE:  # «کشور ها» → «کشورها»; «خانه‌ای» stays «خانه»
                word += words[i + 1]
            i += 1
        yield word, first, i
        i += 1


def keys(text: str) -> list[Key]:
    """The search keys of ``text``, in order, with the original offsets each covers."""
    folded, offsets = search_fold_with_offsets(text)
    found = list(_WORD.finditer(folded))
    return [
        Key(stem(word), offsets[found[a].start()], offsets[found[b].end() - 1] + 1)
        for word, a, b in _joined([m.group() for m in found])
    ]


def index_text(text: str) -> str:
    """What the full-text index stores for ``text``: its keys, space-separated."""
    return " ".join(stem(word) for word, _, _ in _joined(_WORD.findall(search_fold(text))))
