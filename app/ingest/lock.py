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
# The same, and this transaction's commit will not wait for its WAL to reach the disk.
_PG_LOCK_NO_FLUSH = text(
    "SELECT pg_advisory_xact_lock(hashtext('goftar:article-writes')), "
    "set_config('synchronous_commit', 'off', true)"
)
# SQLite: Python's sqlite3 opens a transaction only at the first write statement, so a write
# that changes nothing takes the database's write lock now (waiting up to busy_timeout) and
# every read after it sees the latest commit.
_SQLITE_LOCK = text("UPDATE article SET source = source WHERE 0")


def lock_article_writes(session: Session, *, wait_for_flush: bool = True) -> None:
    """Call first in the transaction of an article write.

    ``wait_for_flush=False`` (the seed ingest): on PostgreSQL the commit does not wait for the
    WAL to reach the disk, a third of the time of a stored article. The transaction stays
    atomic; a crash can only lose the last few articles whole, and their files are ingested
    again at the next start. Set in the lock's own statement: one round trip, not two."""
    if session.get_bind().dialect.name != "postgresql":
        session.connection().execute(_SQLITE_LOCK)
    else:
        session.connection().execute(_PG_LOCK if wait_for_flush else _PG_LOCK_NO_FLUSH)
