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
_PG_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('goftar:article-writes'))")
# SQLite: Python's sqlite3 opens a transaction only at the first write statement, so a write
# that changes nothing takes the database's write lock now (waiting up to busy_timeout) and
# every read after it sees the latest commit.
_SQLITE_LOCK = text("UPDATE article SET source = source WHERE 0")


def lock_article_writes(session: Session) -> None:
    """Call first in the transaction of an article write."""
    dialect = session.get_bind().dialect.name
    session.execute(_PG_LOCK if dialect == "postgresql" else _SQLITE_LOCK)
