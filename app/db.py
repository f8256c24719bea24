"""The engine and the per-request session.

SQLite is tuned for a web server: WAL so readers never wait for the ingester, a busy timeout
instead of "database is locked", foreign keys on (SQLite leaves them off), and one connection per
session shared across threads (FastAPI runs sync routes in a thread pool).
"""

from __future__ import annotations

import logging
from pathlib import Path

import psycopg
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


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL, also in URI form (``sqlite:///file:PATH?mode=ro&
    uri=true``); None in memory."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.query.get("uri") in ("true", "1") and database.startswith("file:"):
        database = database.removeprefix("file:")
        if parsed.query.get("mode") == "memory":
            return None
    if not database or database == ":memory:":
        return None
    return Path(database)


def prepare_sqlite_file(url: str) -> None:
    """Make the folder of a new database; a read-only one (``mode=ro``) must already exist."""
    path = sqlite_file(url)
    if path is not None and make_url(url).query.get("mode") != "ro":
        path.parent.mkdir(parents=True, exist_ok=True)


# SQLite result codes (primary code in the low byte of sqlite_errorcode) and PostgreSQL
# SQLSTATEs that mean the database can't serve or take writes now, rather than a bug in a
# statement.
_SQLITE_CONDITIONS = {5: "busy", 6: "busy", 8: "read-only", 13: "full", 14: "unavailable"}
_PG_CONDITIONS = {
    "25006": "read-only",  # read_only_sql_transaction (a hot standby)
    "53100": "full",  # disk_full
    "55P03": "busy",  # lock_not_available
    "57P01": "unavailable",  # admin_shutdown
    "57P02": "unavailable",  # crash_shutdown
    "57P03": "unavailable",  # cannot_connect_now (the server is starting or stopping)
}


def storage_condition(exc: BaseException) -> str | None:
    """What a database error says of the database: "read-only", "full", "busy" or
    "unavailable" (can't connect, shutting down); None when it is a bug in a statement."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return _SQLITE_CONDITIONS.get(code & 0xFF)
    state = getattr(orig, "sqlstate", None) or ""
    if state.startswith("08") or getattr(exc, "connection_invalidated", False):
        return "unavailable"  # connection_exception class, or SQLAlchemy saw the link drop
    if isinstance(orig, psycopg.OperationalError) and not state:
        return "unavailable"  # raised by the client: refused, timed out, or the link broke
    return _PG_CONDITIONS.get(state)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        prepare_sqlite_file(url)
        database = str(sqlite_file(url) or ":memory:")
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
