"""The search query language and snippets (the index itself is ``app/store/search_index.py``).

Queries are parsed into search keys by :func:`app.nlp.search_keys.keys`, the function the index
is built with, so every spelling of a word meets. Snippets are cut from the original text, the
matched words marked where the user reads them.

Query language: words are AND; "an exact phrase" (or «…»); OR between alternatives; -word
excludes; word* matches a prefix. Anything else a user types is taken as words, never passed to
the engine as syntax. A query's cost grows with its distinct terms and, far more, with each
prefix (it matches every word that starts so), so both are bounded, and repeated terms count
once: ``«ایران OR ایران OR …»`` is the query «ایران».
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from app.nlp.search_keys import Key, keys

MAX_QUERY = 1000
MAX_TERMS = 16  # distinct words and phrases, excluded ones included
MAX_PREFIXES = 2
MIN_PREFIX = 2  # letters before the *
_SNIPPET_RADIUS = 60
_CHUNK = re.compile(r'(-?)(?:"([^"]*)"?|«([^»]*)»?|(\S+))')


class BadQuery(ValueError):
    """A query with nothing to search for, or more than the engine takes; the message says why."""


@dataclass(frozen=True, slots=True)
class Term:
    keys: tuple[str, ...]  # one key, or a phrase
    prefix: bool = False


@dataclass
class Query:
    groups: list[list[Term]] = field(default_factory=lambda: [[]])  # OR of ANDs
    excluded: list[Term] = field(default_factory=list)

    def highlighted(self) -> list[Term]:
        return [t for g in self.groups for t in g]


def parse(q: str) -> Query:
    """The query a user typed, as terms over search keys. Raises BadQuery when empty."""
    if len(q) > MAX_QUERY:
        raise BadQuery(f"the query is longer than {MAX_QUERY} characters")
    query = Query()
    run: list[str] = []  # plain words, keyed together so «می توان» and «کشور ها» join

    def flush() -> None:
        if run:
            query.groups[-1].extend(Term((k.key,)) for k in keys(" ".join(run)))
            run.clear()

    for m in _CHUNK.finditer(q):
        minus, phrase = m.group(1), m.group(2) if m.group(2) is not None else m.group(3)
        word = m.group(4)
        if phrase is None and word in ("OR", "|"):
            flush()
            query.groups.append([])
            continue
        if phrase is None and not minus and word.upper() in ("AND", "&&"):
            continue
        if phrase is not None:
            flush()
            found = tuple(k.key for k in keys(phrase))
            if found:
                (query.excluded if minus else query.groups[-1]).append(Term(found))
            continue
        if minus or word.endswith("*"):
            flush()
            found = tuple(k.key for k in keys(word))
            prefix = word.endswith("*") and len(found) == 1
            for key in found:
                (query.excluded if minus else query.groups[-1]).append(Term((key,), prefix))
            continue
        run.append(word)
    flush()
    query.groups = _unique([_unique(g) for g in query.groups if g], key=frozenset)
    query.excluded = _unique(query.excluded)
    if not query.groups:
        if query.excluded:
            raise BadQuery("the query only excludes words; add a word to find")
        raise BadQuery("the query has no words to search for")
    _check_cost(query)
    return query


def _unique[T](items: list[T], key=lambda item: item) -> list[T]:  # type: ignore[no-untyped-def]
    """``items`` without repeats, in order (a repeated term or alternative adds nothing)."""
    seen: set[object] = set()
    out = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def _check_cost(query: Query) -> None:
    terms = {t for g in query.groups for t in g} | set(query.excluded)
    if len(terms) > MAX_TERMS:
        raise BadQuery(
            f"the query has {len(terms)} different words and phrases; at most {MAX_TERMS}"
        )
    prefixes = [t for t in terms if t.prefix]
    if len(prefixes) > MAX_PREFIXES:
        raise BadQuery(f"the query has {len(prefixes)} prefixes (word*); at most {MAX_PREFIXES}")
    if any(len(t.keys[0]) < MIN_PREFIX for t in prefixes):
        raise BadQuery(f"a prefix (word*) needs at least {MIN_PREFIX} letters before the *")


@lru_cache(maxsize=4096)
def _snippet_keys(original: str) -> list[Key]:
    """Keys of a text being shown; popular paragraphs come back query after query."""
    return keys(original)


@dataclass(frozen=True, slots=True)
class Snippet:
    html: str
    matches: list[tuple[int, int]]


def _matches(found: list[Key], terms: list[Term]) -> list[tuple[int, int]]:
    """Spans of the words that match a term: one look-up per word for plain words, a
    comparison per word for each prefix and phrase (a query has few of those)."""
    plain = {t.keys[0] for t in terms if len(t.keys) == 1 and not t.prefix}
    prefixes = tuple(t.keys[0] for t in terms if t.prefix)
    phrases = [t.keys for t in terms if len(t.keys) > 1]
    if not prefixes and not phrases:  # the common case: one set look-up per word
        return _merge(sorted((k.start, k.end) for k in found if k.key in plain))
    words = [k.key for k in found]
    spans: list[tuple[int, int]] = []
    for i, word in enumerate(words):
        if word in plain or (prefixes and word.startswith(prefixes)):
            spans.append((found[i].start, found[i].end))
        for phrase in phrases:
            n = len(phrase)
            if word == phrase[0] and tuple(words[i : i + n]) == phrase:
                spans.append((found[i].start, found[i + n - 1].end))
    return _merge(sorted(spans))


def snippet(original: str, query: Query) -> Snippet:
    """Matched words marked in the original spelling; everything else HTML-escaped."""
    matches = _matches(_snippet_keys(original), query.highlighted())
    if not matches:
        window = (0, min(len(original), 2 * _SNIPPET_RADIUS))
    else:
        window = (
            max(0, matches[0][0] - _SNIPPET_RADIUS),
            min(len(original), matches[0][1] + _SNIPPET_RADIUS),
        )
    out = []
    pos = window[0]
    for start, end in matches:
        if start < window[0] or end > window[1]:
            continue
        out.append(html.escape(original[pos:start]))
        out.append("<mark>" + html.escape(original[start:end]) + "</mark>")
        pos = end
    out.append(html.escape(original[pos : window[1]]))
    prefix = "…" if window[0] > 0 else ""
    suffix = "…" if window[1] < len(original) else ""
    return Snippet(prefix + "".join(out) + suffix, matches)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out
