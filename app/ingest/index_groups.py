"""The ingest's search-index writes: stored articles wait here, then go into the index a group
at a time.

An article's rows are one transaction, and a reader sees the whole article or none of it. The
search index is derived from those rows, and an article's paragraphs touch one index page per
distinct word: written one article at a time, most of an ingest's commits would be those pages,
written again for every article that shares a common word. So the ingest stores each article
unindexed and indexes the waiting ones together, every ``GROUP`` articles and at the end, in
one transaction under the article write lock (``search_index.index_waiting``, which leaves out
any article replaced or deleted through the API meanwhile). Search lags the ingest by at most a
group; an article left unindexed by a crash, or one the database refused to index, is indexed
by the next startup (``app/store/backfill.py``: ``reindex_stale``).
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from app.store import search_index
from app.store.lock import ingest_write
from app.store.rows import ArticleRows

log = logging.getLogger("goftar.ingest")

# Articles indexed per transaction.
GROUP = 256
IDLE_GROUP = 32  # the fewest articles indexed together while the ingest waits


class IndexGroups:
    """Articles stored unindexed by the ingest, until they are indexed."""

    def __init__(self, synchronous_commit: bool, group: int = GROUP) -> None:
        self.synchronous_commit = synchronous_commit
        self.group = group
        self.waiting: list[search_index.Pending] = []

    def add(self, conn: Connection, rows: ArticleRows) -> None:
        """An article stored unindexed: indexed with the others once a group is full."""
        self.waiting.append((rows.article_id, rows.index, rows.meta))
        if len(self.waiting) >= self.group:
            self.flush(conn)

    def idle(self, conn: Connection) -> None:
        """The ingest is waiting for the annotators: index what waits now, if enough does to
        be worth a transaction of its own, so that less is left for the end."""
        if len(self.waiting) >= IDLE_GROUP:
            self.flush(conn)

    def flush(self, conn: Connection) -> None:
        """Index every waiting article. When the group's transaction fails, each article is
        indexed in its own, so that one the database refuses leaves only itself unindexed
        (logged, for the next startup)."""
        waiting, self.waiting = self.waiting, []
        if not waiting or self._index(conn, waiting):
            return
        for article in waiting:
            if not self._index(conn, [article]):
                log.warning(
                    "%s is stored but not in the search index; the next startup indexes it",
                    article[0],
                )

    def _index(self, conn: Connection, articles: list[search_index.Pending]) -> bool:
        """Index ``articles`` in one transaction; False (logged) when the database refused."""
        try:
            with ingest_write(conn, self.synchronous_commit):
                search_index.index_waiting(conn, articles)
        except Exception as exc:  # the articles are stored: the ingest goes on
            reason = exc.orig if isinstance(exc, DBAPIError) else f"{type(exc).__name__}: {exc}"
            log.warning("indexing %d articles for search failed: %s", len(articles), reason)
            return False
        return True
