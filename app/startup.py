"""Startup work — migrations, then the seed ingest — done once however many processes start.

Uvicorn workers, replicas and containers that start together would all migrate and ingest at
the same moment: Alembic's version table is not a lock, and two ingesters race on the same rows.
So the work runs under one database-wide lock, held where every process can see it: a
PostgreSQL advisory lock, or on SQLite an exclusive transaction on a small lock database next to
the main file (SQLite's own locking, so it holds wherever the database itself can be shared). The
first process does the work; the others wait, then find the schema at head and every seed's
content hash unchanged, which costs them a stat and a hash per file.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

from app import migrate
from app.config import Settings
from app.db import prepare_sqlite_file, sqlite_file
from app.ingest import IngestSummary, ingest_dir
from app.ingest.backfill import fill_missing_bodies
from app.ingest.run import Progress

log = logging.getLogger("goftar.startup")

# pg_advisory_lock takes a bigint; any constant works as long as every goftar process agrees.
ADVISORY_KEY = int.from_bytes(b"goftar", "big")
WAIT_SECONDS = 900  # the first process may be ingesting a large folder


def sqlite_lock_path(url: str) -> Path | None:
    database = sqlite_file(url)
    if database is None:
        return None  # a private database: nobody to wait for
    if make_url(url).query.get("mode") == "ro":
        return None  # opened read-only: no startup work can be done, and its folder may be too
    return Path(f"{database}-startup.lock")


@contextmanager
def _sqlite_lock(url: str) -> Iterator[None]:
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
def _postgres_lock(url: str) -> Iterator[None]:
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
def startup_lock(url: str) -> Iterator[None]:
    """Hold the database-wide startup lock; wait for it while another process has it."""
    started = time.perf_counter()
    lock = _sqlite_lock(url) if url.startswith("sqlite") else _postgres_lock(url)
    with lock:
        waited = time.perf_counter() - started
        if waited > 0.5:
            log.info("waited %.1f s for another process's startup work", waited)
        yield


def run_startup(
    settings: Settings, engine: Engine, progress: Progress | None = None
) -> IngestSummary | None:
    """Migrate to head, store the bodies an older database lacks, then ingest the seeds (if
    INGEST_ON_STARTUP), under the lock."""
    with startup_lock(settings.database_url):
        migrate.upgrade(settings.database_url)
        fill_missing_bodies(engine)
        if not settings.ingest_on_startup:
            return None
        return ingest_dir(
            engine,
            settings.seeds_dir,
            settings.max_article_bytes,
            progress,
            workers=settings.ingest_workers,
        )
