"""The two locks every goftar process agrees on: one article write at a time, and one process
doing the startup work.

Article writes: storing or deleting an article reads a speaker's links and then writes its
totals; two writers interleaving there would each count without the other's article. So every
article write begins with :func:`lock_article_writes`, held until its commit. The annotator
runs before it, so the lock covers only the short database work.

Startup: uvicorn workers, replicas and containers that start together would all migrate and
ingest at the same moment (Alembic's version table is not a lock, and two ingesters race on the
same rows). :func:`startup_lock` is held where every process can see it: a PostgreSQL advisory
lock, or on SQLite an exclusive transaction on a small lock database next to the main file
(SQLite's own locking, so it holds wherever the database itself can be shared). The first
process does the work; the others wait, then find nothing left to do.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from app.db import prepare_sqlite_file, read_only_file, sqlite_file

log = logging.getLogger("goftar.startup")

# PostgreSQL: a transaction-level advisory lock, released by commit or rollback.
_PG_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('goftar:article-writes'))")
# SQLite: Python's sqlite3 opens a transaction only at the first write statement, so a write
# that changes nothing takes the database's write lock now (waiting up to busy_timeout) and
# every read after it sees the latest commit.
_SQLITE_LOCK = text("UPDATE article SET source = source WHERE 0")
_SOURCE = text("SELECT source FROM article WHERE id = :a")
_NO_FLUSH_WAIT = text("SET LOCAL synchronous_commit = off")

# pg_advisory_lock takes a bigint; any constant works as long as every goftar process agrees.
ADVISORY_KEY = int.from_bytes(b"goftar", "big")
WAIT_SECONDS = 900  # the first process may be ingesting a large folder


def lock_article_writes(conn: Connection) -> None:
    """Call first in the transaction of an article write."""
    conn.execute(_PG_LOCK if conn.dialect.name == "postgresql" else _SQLITE_LOCK)


def stored_source(conn: Connection, article_id: str) -> str | None:
    """The source ("seed", "api") of the article stored under ``article_id``, or None."""
    return conn.execute(_SOURCE, {"a": article_id}).scalar()  # type: ignore[no-any-return]


def commit_without_flush_wait(conn: Connection) -> None:
    """PostgreSQL: this transaction's commit does not wait for the WAL to reach the disk. It
    stays atomic; a crash can only lose the last few such transactions whole (the
    ``INGEST_SYNCHRONOUS_COMMIT`` setting). SQLite already commits so in WAL mode."""
    if conn.dialect.name == "postgresql":
        conn.execute(_NO_FLUSH_WAIT)


@contextmanager
def ingest_write(conn: Connection, synchronous_commit: bool) -> Iterator[None]:
    """A transaction of the ingest's: the article write lock first, and on PostgreSQL a commit
    that waits for the disk only when ``synchronous_commit`` (the setting) asks for it."""
    with conn.begin():
        lock_article_writes(conn)
        if not synchronous_commit:
            commit_without_flush_wait(conn)
        yield


def sqlite_lock_path(url: URL) -> Path | None:
    database = sqlite_file(url)
    if database is None or read_only_file(url):
        return None  # private, or opened read-only: nobody to wait for, no work to do
    return Path(f"{database}-startup.lock")


@contextmanager
def _sqlite_lock(url: URL) -> Iterator[None]:
    path = sqlite_lock_path(url)
    if path is None:
        yield
        return
    prepare_sqlite_file(url)
    conn = sqlite3.connect(path, timeout=WAIT_SECONDS, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")  # waits (busy timeout) while another process holds it
        yield
    finally:
        conn.close()  # ends the transaction, releasing the lock


@contextmanager
def _postgres_lock(url: URL) -> Iterator[None]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text(f"SET lock_timeout = '{WAIT_SECONDS}s'"))
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": ADVISORY_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
                conn.commit()
    finally:
        engine.dispose()


@contextmanager
def startup_lock(url: URL) -> Iterator[None]:
    """Hold the database-wide startup lock; wait for it while another process has it."""
    started = time.perf_counter()
    lock = _sqlite_lock(url) if url.get_backend_name() == "sqlite" else _postgres_lock(url)
    with lock:
        waited = time.perf_counter() - started
        if waited > 0.5:
            log.info("waited %.1f s for another process's startup work", waited)
        yield
