"""Stored bodies rendered again when they are not in today's shapes (``rows.BODY_VERSION``).

Run by the startup work, after the migrations: an article whose stored JSON was rendered by
other builders (or never, before revision 0003) gets it rendered from its rows, one article per
transaction under the write lock, so the read routes serve today's shapes.
"""

from __future__ import annotations

import logging

from sqlalchemy import bindparam, or_, select
from sqlalchemy.exc import DBAPIError

from app.db import Database, storage_condition
from app.models import ARTICLE
from app.store.lock import lock_article_writes
from app.store.read import render_article
from app.store.rows import BODY_VERSION
from app.store.write import render_body

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


def render_stale_bodies(db: Database) -> int:
    """Render the bodies that are not at ``BODY_VERSION``; how many were rendered. A
    read-only database (a replica) is left as it is, with a warning: its primary renders them."""
    stale = stale_articles(db)
    for n, article_id in enumerate(stale):
        try:
            db.run_write(_render, article_id)
        except DBAPIError as exc:
            if storage_condition(exc) != "read-only":
                raise
            log.warning(
                "%d articles have bodies of another version; the database is read-only", len(stale)
            )
            return n
    if stale:
        log.info("rendered the stored bodies of %d articles again", len(stale))
    return len(stale)
