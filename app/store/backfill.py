"""What startup brings up to date from the rows: stored bodies not in today's shapes
(``rows.BODY_VERSION``) and search index rows not of today's keys
(``search_index.INDEX_VERSION``).

Run after the migrations: an article whose stored JSON was rendered by other builders (or
never, before revision 0003) gets it rendered again, and an article indexed with other search
keys (or by another index, before revision 0006) is indexed again, each from the article's own
rows, one article per transaction under the write lock.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import bindparam, or_, select
from sqlalchemy.exc import DBAPIError

from app.db import Database, storage_condition
from app.models import ARTICLE, PARAGRAPH, QUOTE
from app.store import search_index
from app.store.lock import lock_article_writes
from app.store.read import render_article
from app.store.rows import BODY_VERSION, Metadata
from app.store.speaker_rows import render_body

log = logging.getLogger("goftar.ingest")

# Two ranges of the body_version index, both empty once every body is rendered: startup's
# look for work reads nothing rather than the whole table.
_STALE = select(ARTICLE.c.id).where(
    or_(ARTICLE.c.body_version < bindparam("v"), ARTICLE.c.body_version > bindparam("v"))
)


def stale_articles(db: Database) -> list[str]:
    """Sorted here: an ORDER BY in the statement would make SQLite walk the id index, every
    row of it, to avoid a sort of nothing."""
    with db.connect() as conn:
        return sorted(conn.execute(_STALE, {"v": BODY_VERSION}).scalars())


def _render(conn, article_id: str) -> None:  # type: ignore[no-untyped-def]
    lock_article_writes(conn)
    rendered = render_article(conn, article_id)
    if rendered is not None:  # not deleted meanwhile
        render_body(conn, article_id, *rendered)


_UNINDEXED = select(ARTICLE.c.id).where(
    or_(ARTICLE.c.index_version < bindparam("v"), ARTICLE.c.index_version > bindparam("v"))
)
_INDEX_SOURCE = select(ARTICLE.c.outlet, ARTICLE.c.published_at).where(
    ARTICLE.c.id == bindparam("a")
)
_PARAGRAPH_TEXTS = (
    select(PARAGRAPH.c.text)
    .where(PARAGRAPH.c.article_id == bindparam("a"))
    .order_by(PARAGRAPH.c.position)
)
_QUOTE_SPANS = select(QUOTE.c.paragraph, QUOTE.c.content_start, QUOTE.c.content_end).where(
    QUOTE.c.article_id == bindparam("a")
)


def _reindex(conn, article_id: str) -> None:  # type: ignore[no-untyped-def]
    lock_article_writes(conn)
    source = conn.execute(_INDEX_SOURCE, {"a": article_id}).first()
    if source is None:  # deleted meanwhile
        return
    texts = list(conn.execute(_PARAGRAPH_TEXTS, {"a": article_id}).scalars())
    quotes = [r._mapping for r in conn.execute(_QUOTE_SPANS, {"a": article_id})]
    meta = Metadata(outlet=source.outlet, published_at=_utc(source.published_at))
    search_index.reindex_article(conn, article_id, texts, quotes, meta)


def _utc(value: datetime | None) -> datetime | None:
    """A stored date, aware (SQLite gives it back without its zone, which is UTC)."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _each(db: Database, ids: list[str], work, what: str) -> int:  # type: ignore[no-untyped-def]
    """``work`` for each article in its own transaction; a read-only database (a replica) is
    left as it is, with a warning: its primary does the work."""
    for n, article_id in enumerate(ids):
        try:
            db.run_write(work, article_id)
        except DBAPIError as exc:
            if storage_condition(exc) != "read-only":
                raise
            log.warning("%d articles need %s; the database is read-only", len(ids), what)
            return n
    if ids:
        log.info("%d articles: %s", len(ids), what)
    return len(ids)


def reindex_stale(db: Database) -> int:
    """Index again the articles indexed with other search keys; how many were."""
    with db.connect() as conn:
        ids = sorted(conn.execute(_UNINDEXED, {"v": search_index.INDEX_VERSION}).scalars())
    return _each(db, ids, _reindex, "their search index rows built again")


def render_stale_bodies(db: Database) -> int:
    """Render the bodies that are not at ``BODY_VERSION``; how many were rendered."""
    return _each(db, stale_articles(db), _render, "their stored bodies rendered again")
