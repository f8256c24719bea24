"""The search index: its writes and its ranked queries, on each backend.

Both backends keep one row per indexed text in ``search_doc`` (an article's paragraphs, then its
quotes' contents: ``article_id``, ``paragraph``, ``quote_id``), so an article's index rows are
found and deleted by an indexed column. What is indexed is the text's search keys
(``app.nlp.search_keys``), the same function that reads a query, so every spelling meets:

- SQLite: an FTS5 table ``search_fts`` whose rowid is the ``search_doc`` id, paragraphs' and
  quotes' keys in two columns (``type=`` is then a column filter), ranked by BM25;
- PostgreSQL: a ``tsvector`` of the keys in ``search_doc`` itself (GIN index), ranked by
  ``ts_rank_cd``.

A query runs under a time limit (a SQLite progress handler, PostgreSQL's
``statement_timeout``): one costly search is stopped with :class:`SearchTimeout` rather than
holding a connection and a thread for as long as it likes.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, DateTime, bindparam, text
from sqlalchemy.exc import DBAPIError

from app.search import Query

FTS_TABLE = "search_fts"
DOC_TABLE = "search_doc"
# SQLite calls the progress handler every this many virtual-machine instructions.
_PROGRESS_STEPS = 1000
_PG_CANCELED = "57014"  # query_canceled: statement_timeout


class SearchTimeout(Exception):
    """The search ran past its time limit and was stopped."""


def is_search_table(name: str) -> bool:
    """The index's tables (and FTS5's shadow tables, ``search_fts_data`` …) belong to the
    migrations, not to the models."""
    return name in (FTS_TABLE, DOC_TABLE) or name.startswith(FTS_TABLE + "_")


@dataclass(frozen=True, slots=True)
class Hit:
    type: str  # "paragraph" | "quote"
    article_id: str
    paragraph: int
    quote_id: str | None
    score: float  # higher is better
    text: str  # the paragraph, or the quote's content
    speaker_id: str | None
    speaker_name: str | None


def index_article(
    conn: Connection,
    article_id: str,
    paragraphs: int,
    quotes: Sequence[dict[str, Any]],
    keys: Sequence[str],
) -> None:
    """Add an article's ``paragraphs`` (how many) and ``quotes`` (rows) to the index, with
    their search keys in that order. The caller holds the article write lock."""
    if len(keys) != paragraphs + len(quotes):
        raise ValueError(f"article {article_id!r}: {len(keys)} index keys for other texts")
    docs = [{"a": article_id, "p": n, "q": None, "k": k} for n, k in enumerate(keys, start=1)]
    for doc, q in zip(docs[paragraphs:], quotes, strict=True):
        doc.update(p=q["paragraph"], q=q["id"])
    if not docs:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(_PG_INSERT, docs)
        return
    first = conn.execute(_NEXT_ID).scalar_one()
    for d, doc in enumerate(docs, start=first):
        doc.update(d=d, pk="" if doc["q"] else doc["k"], qk=doc["k"] if doc["q"] else "")
    conn.execute(_DOC_INSERT, docs)
    conn.execute(_FTS_INSERT, docs)


_PG_INSERT = text(
    "INSERT INTO search_doc (keys, article_id, paragraph, quote_id) "
    "VALUES (to_tsvector('simple', :k), :a, :p, :q)"
)
_NEXT_ID = text("SELECT coalesce(max(id), 0) + 1 FROM search_doc")
_DOC_INSERT = text(
    "INSERT INTO search_doc (id, article_id, paragraph, quote_id) VALUES (:d, :a, :p, :q)"
)
_FTS_INSERT = text(
    "INSERT INTO search_fts (rowid, paragraph_keys, quote_keys) VALUES (:d, :pk, :qk)"
)
_FTS_DROP = text(
    "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_doc WHERE article_id = :a)"
)
_DOC_DROP = text("DELETE FROM search_doc WHERE article_id = :a")
_COUNT = "SELECT count(*) FROM search_doc"


def drop_article(conn: Connection, article_id: str) -> None:
    """Remove an article's rows from the index."""
    if conn.dialect.name == "sqlite":
        conn.execute(_FTS_DROP, {"a": article_id})
    conn.execute(_DOC_DROP, {"a": article_id})


def index_rows(conn: Connection, article_id: str | None = None) -> int:
    """How many texts the index holds (of one article): for checks that the index and the
    tables agree, e.g. after a crash."""
    if article_id is None:
        return int(conn.execute(text(_COUNT)).scalar_one())
    return int(
        conn.execute(text(_COUNT + " WHERE article_id = :a"), {"a": article_id}).scalar_one()
    )


def search(
    conn: Connection,
    query: Query,
    filters: dict[str, str | None],
    limit: int,
    offset: int,
    timeout_ms: int,
) -> list[Hit]:
    """A page of hits, best first; ``filters``: ``type``, ``article``, ``speaker``, ``outlet``,
    ``published_after``, ``published_before`` (None: any)."""
    params: dict[str, Any] = {"lim": limit, "off": offset}
    where = []
    if filters.get("article"):
        where.append("d.article_id = :article")
        params["article"] = filters["article"]
    if filters.get("speaker"):
        where.append("d.quote_id IN (SELECT id FROM quote WHERE speaker_id = :speaker)")
        params["speaker"] = filters["speaker"]
    for name, test in _OF_ARTICLE.items():
        if filters.get(name) is not None:
            where.append(f"d.article_id IN (SELECT id FROM article WHERE {test})")
            params[name] = filters[name]
    if conn.dialect.name == "sqlite":
        params["match"] = query.fts(filters.get("type"))
        page = (
            "SELECT d.id AS r, d.article_id, d.paragraph, d.quote_id, -f.rank AS score "
            "FROM search_fts f JOIN search_doc d ON d.id = f.rowid "
            f"WHERE {' AND '.join(['search_fts MATCH :match', *where])} "
            "ORDER BY f.rank, d.id LIMIT :lim OFFSET :off"
        )
    else:
        params["tsq"] = query.tsquery()
        if filters.get("type") == "paragraph":
            where.append("d.quote_id IS NULL")
        elif filters.get("type") == "quote":
            where.append("d.quote_id IS NOT NULL")
        page = (
            "SELECT d.id AS r, d.article_id, d.paragraph, d.quote_id, "
            "ts_rank_cd(d.keys, to_tsquery('simple', :tsq)) AS score FROM search_doc d "
            f"WHERE {' AND '.join(["d.keys @@ to_tsquery('simple', :tsq)", *where])} "
            "ORDER BY score DESC, d.id LIMIT :lim OFFSET :off"
        )
    statement = text(_WITH_TEXT.format(page=page)).bindparams(
        *(bindparam(n, type_=DateTime(timezone=True)) for n in _DATES if n in params)
    )
    with _time_limit(conn, timeout_ms):
        rows = conn.execute(statement, params).all()
    return [
        Hit("paragraph" if r[3] is None else "quote", r[1], int(r[2]), r[3], float(r[4]),
            r[5] or "", r[6], r[7])
        for r in rows
    ]  # fmt: skip


# Filters on the hit's article, each a condition on its row.
_OF_ARTICLE = {
    "outlet": "outlet = :outlet",
    "published_after": "published_at >= :published_after",
    "published_before": "published_at < :published_before",
}
_DATES = ("published_after", "published_before")
# The ranked page, joined to its text and speaker: the join runs on the page's rows only.
_WITH_TEXT = (
    "WITH page AS ({page}) "
    "SELECT page.r, page.article_id, page.paragraph, page.quote_id, page.score, "
    "coalesce(q.content_text, p.text), q.speaker_id, s.name FROM page "
    "LEFT JOIN quote q ON q.id = page.quote_id "
    "LEFT JOIN paragraph p ON page.quote_id IS NULL "
    "AND p.article_id = page.article_id AND p.position = page.paragraph "
    "LEFT JOIN speaker s ON s.id = q.speaker_id "
    "ORDER BY page.score DESC, page.r"
)


@contextmanager
def _time_limit(conn: Connection, timeout_ms: int) -> Iterator[None]:
    """Stop the statements of the block after ``timeout_ms`` (:class:`SearchTimeout`)."""
    if conn.dialect.name == "postgresql":
        # SET LOCAL lasts until the transaction ends: the connection goes back to the pool
        # with its rollback, and without the limit.
        conn.execute(text(f"SET LOCAL statement_timeout = {int(timeout_ms)}"))
        try:
            yield
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == _PG_CANCELED:
                raise SearchTimeout(f"the search took longer than {timeout_ms} ms") from None
            raise
        return
    driver = conn.connection.driver_connection
    deadline = time.monotonic() + timeout_ms / 1000
    stopped = False

    def progress() -> int:
        nonlocal stopped
        stopped = time.monotonic() > deadline
        return int(stopped)  # non-zero interrupts the statement

    driver.set_progress_handler(progress, _PROGRESS_STEPS)  # type: ignore[union-attr]
    try:
        yield
    except DBAPIError as exc:
        if stopped and isinstance(exc.orig, sqlite3.OperationalError):
            raise SearchTimeout(f"the search took longer than {timeout_ms} ms") from None
        raise
    finally:
        driver.set_progress_handler(None, 0)  # type: ignore[union-attr]
