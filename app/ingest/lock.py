"""One article write at a time, across threads and processes (API workers, the ingester).

``store_article`` and ``delete_article`` read a speaker's links and then write its totals; two
writers interleaving there would each count without the other's article, and the totals would
be wrong. Every article write therefore begins with this lock, held until its commit. The
annotator runs before it, so the lock covers only the short database work.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

# PostgreSQL: a transaction-level advisory lock, released by commit or rollback.
_PG_KEY = "hashtext('goftar:article-writes')"
_PG_LOCK = text(f"SELECT pg_advisory_xact_lock({_PG_KEY})")
# The seed ingest's first statement: the lock, a commit that will not wait for the WAL to
# reach the disk, and the source of the article already stored under the id, if any.
_PG_SEED_WRITE = text(
    f"SELECT pg_advisory_xact_lock({_PG_KEY}), set_config('synchronous_commit', 'off', true), "
    "(SELECT source FROM article WHERE id = :a)"
)
# SQLite: Python's sqlite3 opens a transaction only at the first write statement, so a write
# that changes nothing takes the database's write lock now (waiting up to busy_timeout) and
# every read after it sees the latest commit.
_SQLITE_LOCK = text("UPDATE article SET source = source WHERE 0")
_SOURCE = text("SELECT source FROM article WHERE id = :a")


def stored_source(session: Session, article_id: str) -> str | None:
    """The source ("seed", "api") of the article stored under ``article_id``, or None."""
    return session.connection().execute(_SOURCE, {"a": article_id}).scalar()  # type: ignore[no-any-return]


def lock_article_writes(session: Session) -> None:
    """Call first in the transaction of an article write."""
    dialect = session.get_bind().dialect.name
    session.connection().execute(_PG_LOCK if dialect == "postgresql" else _SQLITE_LOCK)


def lock_seed_write(session: Session, article_id: str) -> str | None:
    """The seed ingest's :func:`lock_article_writes`: returns the source of the article stored
    under ``article_id`` ("seed", "api"), or None when there is none.

    On PostgreSQL, in one round trip, and the commit will not wait for the WAL to reach the
    disk (a third of the time of a stored article): the transaction stays atomic, a crash can
    only lose the last few articles whole, and their files are ingested at the next start."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        return conn.execute(_PG_SEED_WRITE, {"a": article_id}).one()[2]  # type: ignore[no-any-return]
    conn.execute(_SQLITE_LOCK)
    return stored_source(session, article_id)
