"""The search index's writes: an article's paragraphs in, an article's paragraphs out.

The index is plain tables, the same on both backends (``app/models.py``: ``search_doc``,
``search_term``, ``search_posting``, ``search_stats``), so both rank alike: one paragraph is one
document, its search keys (``app.nlp.search_keys``, the function that reads a query) its terms.
Each posting keeps its term's frequency in the paragraph, how often inside a quote's content,
and its impact: the term-frequency part of BM25,

    impact = tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / avglen)),   k1 = 1.2, b = 0.75,

with ``avglen`` the collection's mean paragraph length when the paragraph is indexed (a fixed
40 keys until the collection has 100 paragraphs). A search multiplies it by the term's idf, read
then, so the ranking is BM25's with each paragraph's length normalized as it was when indexed.
A paragraph's terms are its keys and, for phrases, its pairs in a row of two of the commonest
keys (``pair_key``, ``paired``).
Postings are indexed by (term, impact): a term's best paragraphs are read first
(``app/store/search_query.py``). A term's ``max_impact`` only ever grows: it bounds what a
paragraph not read yet can add to a score.

Ids are handed out here, under the article write lock every writer holds, so both backends
number alike and nothing asks the database for generated keys back.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from app.models import ARTICLE, SEARCH_DOC, SEARCH_POSTING, SEARCH_STATS, SEARCH_TERM
from app.nlp.search_lexicon import pair_words
from app.store.index_docs import IndexDoc, index_docs
from app.store.rows import Metadata

# Bump when the search keys change (app/nlp/search_keys.py): startup indexes every article
# at another version again, from its stored paragraphs and quotes.
INDEX_VERSION = 3
# An article whose paragraphs are not in the index yet (``store_article(index=False)``).
UNINDEXED = 0
K1, B = 1.2, 0.75
DEFAULT_AVGLEN, AVGLEN_FROM = 40.0, 100
TERMS_PER_STATEMENT = 5000

_STATS = select(SEARCH_STATS.c.docs, SEARCH_STATS.c.length).where(SEARCH_STATS.c.id == 1)
_ADD_STATS = (
    update(SEARCH_STATS)
    .where(SEARCH_STATS.c.id == 1)
    .values(
        docs=SEARCH_STATS.c.docs + bindparam("n"), length=SEARCH_STATS.c.length + bindparam("l")
    )
)
_NEXT_DOC = select(func.coalesce(func.max(SEARCH_DOC.c.id), 0) + 1)
_NEXT_TERM = select(func.coalesce(func.max(SEARCH_TERM.c.id), 0) + 1)
_TERMS = select(SEARCH_TERM.c.id, SEARCH_TERM.c.key).where(
    SEARCH_TERM.c.key.in_(bindparam("keys", expanding=True))
)
_DOCS_OF = select(SEARCH_DOC.c.id, SEARCH_DOC.c.length).where(
    SEARCH_DOC.c.article_id == bindparam("a")
)
_TERMS_OF = (
    select(SEARCH_POSTING.c.term_id, func.count())
    .where(SEARCH_POSTING.c.doc_id.in_(bindparam("docs", expanding=True)))
    .group_by(SEARCH_POSTING.c.term_id)
)
_LESS_DF = (
    update(SEARCH_TERM)
    .where(SEARCH_TERM.c.id == bindparam("t"))
    .values(df=SEARCH_TERM.c.df - bindparam("n"))
)
_INSERT_POSTING = (
    "INSERT INTO search_posting (doc_id, term_id, tf, quoted, impact) VALUES (?, ?, ?, ?, ?)"
)
_INSERT_TERM = "INSERT INTO search_term (id, key, df, max_impact) VALUES (?, ?, 0, 0.0)"
_GROW_TERM = (
    "UPDATE search_term SET df = df + ?, max_impact = {greatest}(max_impact, ?) WHERE id = ?"
)
_SET_VERSION = (
    update(ARTICLE).where(ARTICLE.c.id == bindparam("a")).values(index_version=INDEX_VERSION)
)
_WAITING = select(ARTICLE.c.id).where(
    ARTICLE.c.id.in_(bindparam("ids", expanding=True)), ARTICLE.c.index_version == UNINDEXED
)
# An article to index: its id, its paragraphs as the index holds them, its metadata.
Pending = tuple[str, Sequence[IndexDoc], Metadata]


def pair_key(first: str, second: str) -> str:
    """The key of two words in a row: a phrase's candidates are the paragraphs that hold its
    pairs, not every paragraph holding its words. Keys hold no space, so a pair is never a
    word; it starts with one, so it sorts before every word and a prefix's range of keys
    holds no pair."""
    return f" {first} {second}"


def paired(first: str, second: str) -> bool:
    """Whether two keys in a row are indexed as a pair: both are among the commonest words
    (``pair_words.txt``). Their phrases are the ones whose words are in so many paragraphs
    that reading a word's postings to find the phrase would cost what the word costs; a
    phrase with a rarer word is found from that word's few postings and checked in the
    paragraph's words. Indexing every pair instead doubles the postings the ingest writes."""
    words = pair_words()
    return first in words and second in words


def _keys(doc: IndexDoc) -> tuple[Counter[str], Counter[str]]:
    """A paragraph's keys and pairs, counted, and how often each is inside a quote's content
    (a pair: both its words)."""
    keys, inside = doc.keys, doc.quoted
    counts = Counter(keys)
    quoted = Counter(itertools.compress(keys, inside)) if True in inside else Counter()
    words = pair_words()  # ``paired``, inline: a paragraph has hundreds of pairs
    for a, b, qa, qb in zip(keys, keys[1:], inside, inside[1:], strict=False):
        if a in words and b in words:
            key = pair_key(a, b)
            counts[key] += 1
            if qa and qb:
                quoted[key] += 1
    return counts, quoted


def _impact(tf: int, length: int, avglen: float) -> float:
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avglen))


def index_article(
    conn: Connection, article_id: str, docs: Sequence[IndexDoc], meta: Metadata
) -> None:
    """Add an article's paragraphs to the index (after ``drop_article`` when it had some).
    The caller holds the article write lock."""
    index_articles(conn, [(article_id, docs, meta)])


def index_articles(conn: Connection, articles: Sequence[Pending]) -> None:
    """Add several articles' paragraphs to the index in the caller's transaction (under the
    article write lock): the ingest indexes its articles in groups, so that a word common to
    the group costs one lookup and one update of its counts, and each index page it touches is
    written once for the group, not once an article. Paragraphs are numbered in the order
    given; the collection's mean length is read once, at the start."""
    conn.execute(_SET_VERSION, [{"a": article_id} for article_id, _, _ in articles])
    groups = [(a, [d for d in docs if d.keys], meta) for a, docs, meta in articles]
    groups = [g for g in groups if g[1]]
    if not groups:
        return
    n, total = conn.execute(_STATS).one()
    avglen = total / n if n >= AVGLEN_FROM else DEFAULT_AVGLEN
    counted = {id(d): _keys(d) for _, docs, _ in groups for d in docs}
    term_ids = _term_ids(conn, {k for counts, _ in counted.values() for k in counts})
    doc_id = conn.execute(_NEXT_DOC).scalar_one()
    doc_rows: list[dict[str, Any]] = []
    postings: list[tuple[int, int, int, int, float]] = []
    best: dict[int, float] = {}
    df: dict[int, int] = {}
    for article_id, docs, meta in groups:
        year = meta.published_at.year if meta.published_at is not None else None
        for doc in docs:
            doc_rows.append({
                "id": doc_id, "article_id": article_id, "paragraph": doc.paragraph,
                "length": len(doc.keys), "words": " ".join(doc.keys), "outlet": meta.outlet,
                "published_at": meta.published_at, "year": year,
            })  # fmt: skip
            counts, quoted = counted[id(doc)]
            # a paragraph's impacts depend on tf alone (most keys are there once): one each
            impacts = {tf: _impact(tf, len(doc.keys), avglen) for tf in set(counts.values())}
            for key, tf in counts.items():
                term = term_ids[key]
                impact = impacts[tf]
                postings.append((doc_id, term, tf, quoted.get(key, 0), impact))
                if impact > best.get(term, 0.0):
                    best[term] = impact
                df[term] = df.get(term, 0) + 1
            doc_id += 1
    conn.execute(insert(SEARCH_DOC), doc_rows)
    _many(conn, _INSERT_POSTING, postings)
    grow = _GROW_TERM.format(greatest="max" if conn.dialect.name == "sqlite" else "greatest")
    _many(conn, grow, [(n, best[t], t) for t, n in sorted(df.items())])
    conn.execute(_ADD_STATS, {"n": len(doc_rows), "l": sum(r["length"] for r in doc_rows)})


def index_waiting(conn: Connection, articles: Sequence[Pending]) -> int:
    """Index those of ``articles`` still stored unindexed, as the ingest wrote them: one
    replaced or deleted since (through the API) is left as it is. Returns how many."""
    ids = [article_id for article_id, _, _ in articles]
    waiting = set(conn.execute(_WAITING, {"ids": ids}).scalars())
    todo = [a for a in articles if a[0] in waiting]
    if todo:
        index_articles(conn, todo)
    return len(todo)


def _many(conn: Connection, statement: str, rows: list[tuple[Any, ...]]) -> None:
    """One statement over many rows of plain values, handed to the driver as they are: an
    article has hundreds of postings, and building SQLAlchemy's per-row parameters cost more
    than the database's own work."""
    if conn.dialect.paramstyle != "qmark":
        statement = statement.replace("?", "%s")
    conn.exec_driver_sql(statement, rows)


def _term_ids(conn: Connection, keys: set[str]) -> dict[str, int]:
    """Every key's term id, the new ones added (with df 0: the caller counts). A group's keys
    are read a slice at a time: a statement takes at most 65,535 parameters on PostgreSQL
    (fewer on some SQLite builds), and a group of articles holds more keys and pairs."""
    ordered = sorted(keys)
    ids: dict[str, int] = {}
    for at in range(0, len(ordered), TERMS_PER_STATEMENT):
        chunk = ordered[at : at + TERMS_PER_STATEMENT]
        ids.update({key: term for term, key in conn.execute(_TERMS, {"keys": chunk})})
    new = [k for k in ordered if k not in ids]
    if new:
        first = conn.execute(_NEXT_TERM).scalar_one()
        rows = [(first + i, k) for i, k in enumerate(new)]
        _many(conn, _INSERT_TERM, rows)
        ids.update({k: term for term, k in rows})
    return ids


def drop_article(conn: Connection, article_id: str) -> None:
    """Remove an article's paragraphs from the index, and their terms' counts."""
    docs = conn.execute(_DOCS_OF, {"a": article_id}).all()
    if not docs:
        return
    ids = [d.id for d in docs]
    terms = conn.execute(_TERMS_OF, {"docs": ids}).all()
    if terms:
        conn.execute(_LESS_DF, [{"t": t, "n": n} for t, n in terms])
    conn.execute(delete(SEARCH_POSTING).where(SEARCH_POSTING.c.doc_id.in_(ids)))
    conn.execute(delete(SEARCH_DOC).where(SEARCH_DOC.c.id.in_(ids)))
    conn.execute(_ADD_STATS, {"n": -len(docs), "l": -sum(d.length for d in docs)})


def reindex_article(conn: Connection, article_id: str, paragraphs: Sequence[str],
                    quotes: Iterable[Any], meta: Metadata) -> None:  # fmt: skip
    """Index an article again from its stored rows (``app/store/backfill.py``)."""
    drop_article(conn, article_id)
    index_article(conn, article_id, index_docs(paragraphs, quotes), meta)


def index_rows(conn: Connection, article_id: str | None = None) -> int:
    """How many paragraphs the index holds (of one article): for checks that the index and
    the tables agree, e.g. after a crash."""
    stmt = select(func.count()).select_from(SEARCH_DOC)
    if article_id is not None:
        stmt = stmt.where(SEARCH_DOC.c.article_id == article_id)
    return int(conn.execute(stmt).scalar_one())
