"""Ranked search: BM25 over the index's own statistics (``app/store/search_terms.py``), each
query term's best paragraphs read first, and facets over every match.

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
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, func, literal, or_, select

from app.models import QUOTE, SEARCH_DOC, SEARCH_POSTING
from app.search import Query
from app.store.search_terms import Group, Slot, groups_of, in_row
from app.store.search_time import SearchTimeout, time_limit

CHUNK = 800  # postings read at most at once
FIRST_CHUNK = 40
NARROWED = 1000  # an article's or speaker's paragraphs scored at once
FACET_SIZE = 20


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A paragraph named by a filter, before any of its postings are read."""

    doc_id: int


@dataclass(frozen=True, slots=True)
class Ranked:
    doc_id: int
    score: float  # in (0, 1]


class _Scorer:
    """Scores candidate paragraphs of one group, a chunk at a time."""

    def __init__(self, conn: Connection, group: Group, excluded: list[Slot],
                 excluded_phrases: list[Any], filters: dict[str, Any]) -> None:  # fmt: skip
        self.conn, self.group, self.filters = conn, group, filters
        self.excluded = {t for s in excluded for t in s.terms}
        self.excluded_phrases = excluded_phrases
        self.wanted = {t for s in group.slots for t in s.terms} | self.excluded
        self.read_docs = bool(group.phrases or excluded_phrases or _doc_filters(filters))
        self.quoted_only = filters.get("type") == "quote" or bool(filters.get("speaker"))
        self.ceiling = group.ceiling()
        # the phrase tests' parameters (``_phrase_tests``), the same for every statement
        self.phrase_params = {f"phrase{i}": in_row(ph) for i, ph in enumerate(group.phrases)}
        self.phrase_params.update(
            {f"banned{i}": in_row(ph) for i, ph in enumerate(excluded_phrases)}
        )

    def score(self, rows: list[Any], term: int | None) -> list[tuple[float, int]]:
        """``rows``: candidates with ``doc_id`` (and, read with them, ``term``'s ``impact`` and
        ``quoted``, and the paragraph's columns when the group needs them). The other wanted
        terms' postings are read here, in one statement, for the candidates that pass their
        paragraph's tests."""
        docs: dict[int, Any] = {}
        if self.read_docs:
            docs = {r.doc_id: r for r in rows} if term is not None else self._docs(rows)
            rows = [r for r in rows if self._keeps(docs.get(r.doc_id))]
        found: dict[int, dict[int, tuple[float, int]]] = {}
        for r in rows:
            found[r.doc_id] = {term: (r.impact, r.quoted)} if term is not None else {}
        others = self.wanted - {term}
        if others and found:
            p = SEARCH_POSTING.c
            stmt = select(p.doc_id, p.term_id, p.impact, p.quoted).where(
                p.doc_id.in_(list(found)), p.term_id.in_(others)
            )
            for doc, t, impact, quoted in self.conn.execute(stmt):
                found[doc][t] = (impact, quoted)
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
                out.append((total / self.ceiling, doc))
        return out

    def _docs(self, rows: list[Any]) -> dict[int, Any]:
        d = SEARCH_DOC.c
        tests = _phrase_tests(
            self.conn.dialect.name, len(self.group.phrases), len(self.excluded_phrases)
        )
        stmt = select(d.id.label("doc_id"), d.outlet, d.published_at).where(
            d.id.in_([r.doc_id for r in rows]), *tests
        )
        return {r.doc_id: r for r in self.conn.execute(stmt, self.phrase_params)}

    def _keeps(self, row: Any) -> bool:
        """A candidate the database returned (its phrases hold) passes the filters."""
        return row is not None and _passes(row, self.filters)


def _phrase_tests(dialect: str, phrases: int, banned: int) -> list[Any]:
    """A paragraph holds each phrase in a row and none of the excluded ones: tested by the
    database on its padded words (``in_row``), so a paragraph that fails costs no row, and no
    paragraph's words are sent back to be split and searched here. A position (``instr``,
    ``strpos``), not ``LIKE``: PostgreSQL's planner takes a ``LIKE '%…%'`` on an expression for
    almost no row and then reads and sorts every posting of the term instead of walking the
    (term, impact) index best first; a position > 0 it takes for a third of the rows."""
    padded = literal(" ") + SEARCH_DOC.c.words + literal(" ")
    find = func.strpos if dialect == "postgresql" else func.instr
    holds = [find(padded, bindparam(f"phrase{i}")) > 0 for i in range(phrases)]
    return holds + [find(padded, bindparam(f"banned{i}")) == 0 for i in range(banned)]


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
def _chunk(dialect: str, docs: bool, quoted: bool, after: bool, phrases: int,
           banned: int) -> Select[Any]:  # fmt: skip
    """The statement of a chunk of a term's postings, built once per shape. ``quoted`` is read
    only when the search keeps matches inside quotes: the (term, impact, paragraph) index then
    answers alone, without a look-up into the postings for each row. With ``docs``, the
    paragraph's outlet and date are joined to each posting, and its phrase tests
    (``_phrase_tests``) must hold."""
    p, d = SEARCH_POSTING.c, SEARCH_DOC.c
    stmt = select(p.doc_id, p.impact, p.quoted if quoted else literal(1).label("quoted"))
    if docs:
        stmt = stmt.add_columns(d.outlet, d.published_at).join(SEARCH_DOC, d.id == p.doc_id)
        stmt = stmt.where(*_phrase_tests(dialect, phrases, banned))
    stmt = stmt.where(p.term_id == bindparam("term"))
    if after:
        impact, doc = bindparam("impact"), bindparam("doc")
        stmt = stmt.where(or_(p.impact < impact, and_(p.impact == impact, p.doc_id < doc)))
    return stmt.order_by(p.impact.desc(), p.doc_id.desc()).limit(bindparam("n"))


def _postings(conn: Connection, term: int, after: tuple[float, int] | None, n: int,
              scorer: _Scorer) -> list[Any]:  # fmt: skip
    """A chunk of ``term``'s postings, best impact first, after ``after``; with the paragraphs'
    outlet, date and phrase tests when the group needs them (one statement for both)."""
    phrases, banned = len(scorer.group.phrases), len(scorer.excluded_phrases)
    docs = scorer.read_docs
    dialect = conn.dialect.name
    stmt = _chunk(dialect, docs, scorer.quoted_only, after is not None, phrases, banned)
    params: dict[str, Any] = {"term": term, "n": n, **(scorer.phrase_params if docs else {})}
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


def _top(conn: Connection, group: Group, scorer: _Scorer, need: int, deadline: float,
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
