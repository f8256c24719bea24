"""Ranked search: BM25 over the index's own statistics, each query term's best paragraphs
read first, and facets over every match.

A query (``app.search.Query``) is an OR of groups; a group is an AND of slots (a word; each word
of a phrase, which the paragraph must also hold in a row; a prefix: any of the words it starts,
at most ``PREFIX_WORDS`` of the commonest), minus the excluded terms. A paragraph's score for
a group is BM25, Σ idf(t) · impact(t, d) over the group's words (a prefix: its best word); for
the query, its best group's. It is reported divided by the group's best possible score
(Σ idf · (k1 + 1)): a number in (0, 1], comparable across queries.

Top-k without scoring every match: a group's candidates come from its rarest slot, whose
postings are read in impact order a chunk at a time; the other slots are looked up by
(paragraph, term) for each chunk. Once k paragraphs are held and the next posting, with the
other slots at their best (``max_impact``), could not beat the k-th, the search stops: a common
word costs what its best paragraphs cost, however many hold it. Filters that name a few
paragraphs (an article, a speaker) are read from those paragraphs instead.

Facets (``facets=speaker,outlet,year``) count every matching paragraph; they cost what the
matches cost, so they are asked for, not computed by default. They count a phrase's words
together, not in a row.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, literal, or_, select

from app.models import QUOTE, SEARCH_DOC, SEARCH_POSTING, SEARCH_STATS, SEARCH_TERM
from app.search import Query, Term
from app.store.search_index import K1, pair_key, paired
from app.store.search_time import SearchTimeout, time_limit

CHUNK = 800  # postings read at most at once
FIRST_CHUNK = 40
NARROWED = 1000  # an article's or speaker's paragraphs scored at once
PREFIX_WORDS = 50
FACET_SIZE = 20


@dataclass
class Slot:
    """One word, a prefix's words (any of them, the best counts) or a phrase's pairs (all of
    them, ``every``: the least counts) of a group: term id → (idf, max_impact). ``lead``: the
    term whose postings give the slot's candidates when every term is needed (the rarest)."""

    terms: dict[int, tuple[float, float]]
    df: int
    every: bool = False
    lead: int | None = None

    def best(self) -> float:
        tops = [idf * top for idf, top in self.terms.values()]
        return (min if self.every else max)(tops, default=0.0)

    def value(self, found: dict[int, tuple[float, int]], quoted_only: bool) -> float:
        """The slot's part of a paragraph's score (0: the paragraph does not match it), from
        the paragraph's postings: term → (impact, quoted)."""
        values = []
        for t, (idf, _) in self.terms.items():
            hit = found.get(t)
            if hit is not None and (hit[1] or not quoted_only):
                values.append(idf * hit[0])
            elif self.every:
                return 0.0
        return (min if self.every else max)(values, default=0.0)

    def required(self) -> list[list[int]]:
        """The sets of terms a paragraph must hold one of, to match the slot."""
        return [[t] for t in self.terms] if self.every else [list(self.terms)]


@dataclass
class _Group:
    slots: list[Slot]
    phrases: list[tuple[str, ...]] = field(default_factory=list)

    def ceiling(self) -> float:
        return sum(max(idf for idf, _ in s.terms.values()) * (K1 + 1) for s in self.slots)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A paragraph named by a filter, before any of its postings are read."""

    doc_id: int


@dataclass(frozen=True, slots=True)
class Ranked:
    doc_id: int
    score: float  # in (0, 1]


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


_LOOKUP = (
    select(
        SEARCH_STATS.c.docs,
        SEARCH_TERM.c.id,
        SEARCH_TERM.c.key,
        SEARCH_TERM.c.df,
        SEARCH_TERM.c.max_impact,
    )
    .select_from(
        SEARCH_STATS.outerjoin(
            SEARCH_TERM,
            and_(SEARCH_TERM.c.key.in_(bindparam("keys", expanding=True)), SEARCH_TERM.c.df > 0),
        )
    )
    .where(SEARCH_STATS.c.id == 1)
)


def _lookup(conn: Connection, keys: set[str]) -> tuple[int, dict[str, tuple[int, int, float]]]:
    """The collection's paragraph count and each found key's (id, df, max_impact), in one
    statement: the statistics row joined to the terms (a row even when no key is known)."""
    rows = conn.execute(_LOOKUP, {"keys": sorted(keys) or [""]}).all()
    n = max(rows[0].docs, 1)
    return n, {r.key: (r.id, r.df, r.max_impact) for r in rows if r.key is not None}


def _prefix_slot(conn: Connection, key: str, n: int) -> Slot:
    t = SEARCH_TERM.c
    stop = key[:-1] + chr(ord(key[-1]) + 1)
    stmt = (
        select(t.id, t.df, t.max_impact)
        .where(t.key >= key, t.key < stop, t.df > 0, ~t.key.startswith(" "))  # not a pair
        .order_by(t.df.desc())
        .limit(PREFIX_WORDS)
    )
    rows = conn.execute(stmt).all()
    return Slot({r.id: (_idf(n, r.df), r.max_impact) for r in rows}, sum(r.df for r in rows))


def _as_pairs(term: Term) -> bool:
    """Whether a phrase is looked up by its pairs: every pair of its words is in the index."""
    return all(paired(a, b) for a, b in itertools.pairwise(term.keys))


def _parts(term: Term) -> list[str]:
    """The keys a term is looked up by: a word's own; a phrase's pairs, or its words when one
    of them is too rare to be paired (the paragraphs then show whether they stand in a row)."""
    if len(term.keys) > 1 and _as_pairs(term):
        return [pair_key(a, b) for a, b in itertools.pairwise(term.keys)]
    return list(term.keys)


def _checked(term: Term) -> bool:
    """Whether a phrase must be looked for in its paragraphs' words: its pairs do not say
    that the paragraph holds it (more than two words), or it is looked up by its words."""
    return len(term.keys) > 2 or (len(term.keys) == 2 and not _as_pairs(term))


def _slot(term: Term, found: dict[str, tuple[int, int, float]], n: int) -> Slot:
    """A word's slot; a phrase's is its parts (pairs or words), every one needed, the
    phrase's words' idf times its least part's impact: the parts' frequency stands for the
    phrase's (for pairs, exact for two words and whenever each pair is there once), and the
    least is never more than the lead part's, so the lead's impact bounds the phrase's score
    as a word's does."""
    if len(term.keys) == 1:
        if term.keys[0] not in found:
            return Slot({}, 0)
        term_id, df, top = found[term.keys[0]]
        return Slot({term_id: (_idf(n, df), top)}, df)
    parts = [found.get(k) for k in _parts(term)]
    if not all(parts):
        return Slot({}, 0, every=True)
    idf = sum(_idf(n, found[k][1]) for k in term.keys)
    lead = min(parts, key=lambda p: p[1])  # type: ignore[index]
    return Slot({p[0]: (idf, p[2]) for p in parts}, lead[1], every=True, lead=lead[0])  # type: ignore[index]


def groups_of(conn: Connection, query: Query) -> tuple[int, list[_Group], list[Slot], list[Any]]:
    """The collection's paragraph count, the query's groups (those that can match at all), its
    excluded terms (words, and two-word phrases by their pair), and its excluded phrases that
    are looked for in the paragraphs' words."""
    plain = [t for g in query.groups for t in g if not t.prefix]
    short = [t for t in query.excluded if not t.prefix and not _checked(t)]
    keys = {k for t in plain + short for k in (*_parts(t), *t.keys)}
    n, found = _lookup(conn, keys)
    groups = []
    for terms in query.groups:
        slots = [
            _prefix_slot(conn, t.keys[0], n) if t.prefix else _slot(t, found, n) for t in terms
        ]
        if all(s.terms for s in slots):
            groups.append(_Group(slots, [t.keys for t in terms if _checked(t)]))
    excluded = [_slot(t, found, n) for t in short]
    excluded += [_prefix_slot(conn, t.keys[0], n) for t in query.excluded if t.prefix]
    return (
        n,
        groups,
        [s for s in excluded if s.terms],
        [t.keys for t in query.excluded if _checked(t)],
    )


def _has_phrase(keys: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(keys[i : i + n]) == phrase for i, k in enumerate(keys) if k == phrase[0])


class _Scorer:
    """Scores candidate paragraphs of one group, a chunk at a time."""

    def __init__(self, conn: Connection, group: _Group, excluded: list[Slot],
                 excluded_phrases: list[Any], filters: dict[str, Any]) -> None:  # fmt: skip
        self.conn, self.group, self.filters = conn, group, filters
        self.excluded = {t for s in excluded for t in s.terms}
        self.excluded_phrases = excluded_phrases
        self.wanted = {t for s in group.slots for t in s.terms} | self.excluded
        self.read_docs = bool(group.phrases or excluded_phrases or _doc_filters(filters))
        self.quoted_only = filters.get("type") == "quote" or bool(filters.get("speaker"))
        self.ceiling = group.ceiling()

    def score(self, rows: list[Any], term: int | None) -> list[tuple[float, int]]:
        """``rows``: candidates with ``doc_id`` (and, read with them, ``term``'s ``impact`` and
        ``quoted``, and the paragraph's columns when the group needs them). The other wanted
        terms' postings are read here, in one statement, when there are any."""
        found: dict[int, dict[int, tuple[float, int]]] = {}
        for r in rows:
            found[r.doc_id] = {term: (r.impact, r.quoted)} if term is not None else {}
        others = self.wanted - {term}
        if others:
            p = SEARCH_POSTING.c
            stmt = select(p.doc_id, p.term_id, p.impact, p.quoted).where(
                p.doc_id.in_(list(found)), p.term_id.in_(others)
            )
            for doc, t, impact, quoted in self.conn.execute(stmt):
                found[doc][t] = (impact, quoted)
        docs: dict[int, Any] = {}
        if self.read_docs:
            docs = {r.doc_id: r for r in rows} if term is not None else self._docs(list(found))
        out = []
        for doc, terms in found.items():
            if self.excluded and self.excluded & terms.keys():
                continue
            total = 0.0
            for slot in self.group.slots:
                value = slot.value(terms, self.quoted_only)
                if not value:
                    break
                total += value
            else:
                if not self.read_docs or self._keeps(docs.get(doc)):
                    out.append((total / self.ceiling, doc))
        return out

    def _docs(self, docs: list[int]) -> dict[int, Any]:
        d = SEARCH_DOC.c
        stmt = select(d.id.label("doc_id"), d.words, d.outlet, d.published_at)
        return {r.doc_id: r for r in self.conn.execute(stmt.where(d.id.in_(docs)))}

    def _keeps(self, row: Any) -> bool:
        if row is None:
            return False
        keys = row.words.split()
        if not all(_has_phrase(keys, ph) for ph in self.group.phrases):
            return False
        if any(_has_phrase(keys, ph) for ph in self.excluded_phrases):
            return False
        return _passes(row, self.filters)


def _doc_filters(filters: dict[str, Any]) -> bool:
    return any(
        filters.get(k) is not None for k in ("outlet", "published_after", "published_before")
    )


def _passes(row: Any, filters: dict[str, Any]) -> bool:
    if filters.get("outlet") is not None and row.outlet != filters["outlet"]:
        return False
    published = row.published_at
    if published is not None and published.tzinfo is None:  # SQLite keeps UTC without a zone
        published = published.replace(tzinfo=UTC)
    after, before = filters.get("published_after"), filters.get("published_before")
    if (after or before) and published is None:
        return False
    return not ((after and published < after) or (before and published >= before))


@functools.cache
def _chunk(docs: bool, quoted: bool, after: bool) -> Select[Any]:
    """The statement of a chunk of a term's postings, built once per shape. ``quoted`` is read
    only when the search keeps matches inside quotes: the (term, impact, paragraph) index then
    answers alone, without a look-up into the postings for each row."""
    p, d = SEARCH_POSTING.c, SEARCH_DOC.c
    stmt = select(p.doc_id, p.impact, p.quoted if quoted else literal(1).label("quoted"))
    if docs:
        stmt = stmt.add_columns(d.words, d.outlet, d.published_at).join(
            SEARCH_DOC, d.id == p.doc_id
        )
    stmt = stmt.where(p.term_id == bindparam("term"))
    if after:
        impact, doc = bindparam("impact"), bindparam("doc")
        stmt = stmt.where(or_(p.impact < impact, and_(p.impact == impact, p.doc_id < doc)))
    return stmt.order_by(p.impact.desc(), p.doc_id.desc()).limit(bindparam("n"))


def _postings(conn: Connection, term: int, after: tuple[float, int] | None, n: int,
              scorer: _Scorer) -> list[Any]:  # fmt: skip
    """A chunk of ``term``'s postings, best impact first, after ``after``; with the paragraphs'
    words, outlet and date when the group needs them (one statement for both)."""
    stmt = _chunk(scorer.read_docs, scorer.quoted_only, after is not None)
    params: dict[str, Any] = {"term": term, "n": n}
    if after is not None:
        params.update(impact=after[0], doc=after[1])
    return conn.execute(stmt, params).all()


def _narrowed(conn: Connection, filters: dict[str, Any]) -> Iterator[list[int]] | None:
    """The paragraphs an article or speaker filter names, a chunk at a time; None without."""
    d, q = SEARCH_DOC.c, QUOTE.c
    if filters.get("article"):
        stmt = select(d.id).where(d.article_id == filters["article"])
    elif filters.get("speaker"):
        on = and_(q.article_id == d.article_id, q.paragraph == d.paragraph)
        stmt = select(d.id).join(QUOTE, on).where(q.speaker_id == filters["speaker"]).distinct()
    else:
        return None
    ids = [r[0] for r in conn.execute(stmt.order_by(d.id))]
    return (ids[i : i + NARROWED] for i in range(0, len(ids), NARROWED))


def _top(conn: Connection, group: _Group, scorer: _Scorer, need: int, deadline: float,
         narrowed: Iterator[list[int]] | None) -> list[tuple[float, int]]:  # fmt: skip
    # A min-heap of (score, doc): among equal scores the newer paragraph (the larger id) wins,
    # the order postings of equal impact are read in.
    held: list[tuple[float, int]] = []

    def keep(scored: list[tuple[float, int]]) -> None:
        for score, doc in scored:
            item = (score, doc)
            if len(held) < need:
                heapq.heappush(held, item)
            elif item > held[0]:
                heapq.heapreplace(held, item)

    if narrowed is not None:
        for docs in narrowed:
            _check(deadline)
            keep(scorer.score([_Candidate(d) for d in docs], None))
        return held
    rare = min(group.slots, key=lambda s: s.df)
    others = sum(s.best() for s in group.slots if s is not rare)
    seen: set[int] = set()
    ceiling = group.ceiling()
    leads = sorted(rare.terms.items(), key=lambda kv: -kv[1][0] * kv[1][1])
    if rare.lead is not None:  # every term needed: the rarest one's postings are enough
        leads = [(rare.lead, rare.terms[rare.lead])]
    for term, (idf, _) in leads:
        after = None
        size = max(2 * need, FIRST_CHUNK)  # a page's worth first, then more as needed
        while True:
            _check(deadline)
            # No posting after ``after`` has a larger impact than it: stop before reading
            # a chunk that cannot change the page.
            bound = math.inf if after is None else (idf * after[0] + others) / ceiling
            if len(held) == need and held[0][0] >= bound:
                break
            rows = _postings(conn, term, after, size, scorer)
            if not rows:
                break
            fresh = [r for r in rows if r.doc_id not in seen]
            seen.update(r.doc_id for r in fresh)
            if fresh:
                keep(scorer.score(fresh, term))
            after = (rows[-1].impact, rows[-1].doc_id)
            if len(rows) < size:
                break
            size = min(2 * size, CHUNK)
    return held


def _check(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise SearchTimeout("the search took longer than its time limit")


def ranked(conn: Connection, query: Query, filters: dict[str, Any], limit: int, offset: int,
           timeout_ms: int) -> list[Ranked]:  # fmt: skip
    """A page of paragraphs, best first (ties: the newer paragraph first)."""
    deadline = time.monotonic() + timeout_ms / 1000
    with time_limit(conn, timeout_ms):
        _, groups, excluded, excluded_phrases = groups_of(conn, query)
        best: dict[int, float] = {}
        for group in groups:
            scorer = _Scorer(conn, group, excluded, excluded_phrases, filters)
            narrowed = _narrowed(conn, filters)
            for score, doc in _top(conn, group, scorer, offset + limit, deadline, narrowed):
                best[doc] = max(score, best.get(doc, 0.0))
    ordered = sorted(best.items(), key=lambda kv: (-kv[1], -kv[0]))
    return [Ranked(doc, score) for doc, score in ordered[offset : offset + limit]]
