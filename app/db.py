"""The engine and the per-request session.

SQLite is tuned for a web server: WAL so readers never wait for the ingester, a busy timeout
instead of "database is locked", foreign keys on (SQLite leaves them off), and one connection per
session shared across threads (FastAPI runs sync routes in a thread pool).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import create_engine

log = logging.getLogger("goftar.db")

# Connections kept open per process. Sync routes run in a pool of 40 threads; with the
# default 5, a burst of 16 requests opened and closed a connection per request beyond the
# fifth (on SQLite, a file open and four pragmas; on PostgreSQL, a login).
POOL_SIZE = 20
MAX_OVERFLOW = 20

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=5000",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)


def prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        prepare_sqlite_file(url)
        database = make_url(url).database or ":memory:"
        pool = {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW}
        if database == ":memory:":
            pool = {}  # one connection per thread; no pool to size
        engine = create_engine(url, connect_args={"check_same_thread": False}, **pool)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
                if pragma.startswith("PRAGMA journal_mode"):
                    mode = cursor.fetchone()[0]
                    if mode != "wal" and database != ":memory:":
                        # SQLite answers with the mode it could set (e.g. on a network share).
                        log.warning("SQLite kept journal_mode=%s, not WAL: readers may wait", mode)
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)
