"""A query's terms as the index holds them: each word, phrase and prefix of a group looked up
in ``search_term`` and made a slot, with its idf and its best impact (``max_impact``).

A query (``app.search.Query``) is an OR of groups; a group is an AND of slots (a word; a
phrase: its pairs of common words, or its words, and the paragraph must hold it in a row; a
prefix: any of the words it starts, at most ``PREFIX_WORDS`` of the commonest), minus the
excluded terms. A paragraph's score for a group is BM25, Σ idf(t) · impact(t, d) over the
group's words (a prefix: its best word; a phrase: its words' idf times its least part's
impact); for the query, its best group's. It is reported divided by the group's best possible
score (Σ idf · (k1 + 1)): a number in (0, 1], comparable across queries.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, select

from app.models import SEARCH_STATS, SEARCH_TERM
from app.search import Query, Term
from app.store.search_index import K1, pair_key, paired

PREFIX_WORDS = 50


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
class Group:
    slots: list[Slot]
    phrases: list[tuple[str, ...]] = field(default_factory=list)

    def ceiling(self) -> float:
        return sum(max(idf for idf, _ in s.terms.values()) * (K1 + 1) for s in self.slots)


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


def groups_of(conn: Connection, query: Query) -> tuple[int, list[Group], list[Slot], list[Any]]:
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
            groups.append(Group(slots, [t.keys for t in terms if _checked(t)]))
    excluded = [_slot(t, found, n) for t in short]
    excluded += [_prefix_slot(conn, t.keys[0], n) for t in query.excluded if t.prefix]
    return (
        n,
        groups,
        [s for s in excluded if s.terms],
        [t.keys for t in query.excluded if _checked(t)],
    )


def in_row(phrase: tuple[str, ...]) -> str:
    """A phrase as it stands in a paragraph's ``words`` padded with a space at each end: keys
    hold no space, nor the ``%`` and ``_`` of a LIKE pattern (``app.nlp.search_keys._RUN``),
    so the padded words contain it exactly when the keys hold the phrase in a row."""
    return f" {' '.join(phrase)} "
