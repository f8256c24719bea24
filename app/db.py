"""The one way to the database: an engine, and a :class:`Database` that runs store functions.

Every piece of database work is a store function ``fn(conn, *args)`` (``app/store``). Sync
callers (the CLI, the ingester, startup) run it with ``Database.connect()`` or ``begin()``; the
API awaits ``Database.read`` or ``Database.write``, which run the same function in a worker
thread where the connection is checked out, used and returned. A connection therefore never
waits on the event loop for a thread to give it back (that wait deadlocked the server under
load), and each lane of threads (reads, searches, writes, health checks) is bounded, so a burst
of one kind of request leaves the others their threads. The pool holds a connection for every
thread of every lane: checkout waits only when something outside the lanes holds connections,
and then at most ``POOL_TIMEOUT`` before the request is answered 503.

Point reads (``lane="point"``: one indexed lookup of at most a page of rows, whatever the size
of the collection) are a mode of the same path on SQLite, as in Datasette: the same store
function on a pooled connection, run on the event loop itself, because handing it to a thread
and back costs more than SQLite's answer from the page cache. On PostgreSQL (a round trip to
another process), or with ``INLINE_POINT_READS=false``, they run in the read lane. Anything
that can grow with the collection (lists with filters, searches, timelines, counts) always runs
in a lane, so no request waits behind one that is slow.

SQLite is tuned for a web server: WAL so readers never wait for the ingester, a busy timeout
instead of "database is locked", foreign keys on (SQLite leaves them off).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import anyio.to_thread
import psycopg
from anyio import CapacityLimiter
from sqlalchemy import Connection, event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import create_engine

from app.config import Settings

log = logging.getLogger("goftar.db")

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=5000",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
    # An article's search postings touch a page per distinct word, so the write-ahead log fills
    # fast; checkpointing every 10,000 pages instead of 1,000 copies a page written by many
    # articles once, not once per few articles.
    "PRAGMA wal_autocheckpoint=10000",
)
# The page cache of the ingest's connection on SQLite, in KiB. A group of articles adds its
# search postings to an index ordered by term, a page per distinct word all over the file; in
# SQLite's default cache (2 MiB) those pages are evicted between groups and read again.
BULK_CACHE_KIB = 32 * 1024
P = ParamSpec("P")
T = TypeVar("T")
StoreFn = Callable[Concatenate[Connection, P], T]


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL, also in URI form (``sqlite:///file:PATH?mode=ro&
    uri=true``); None in memory or for another backend."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if url.query.get("uri") in ("true", "1") and database.startswith("file:"):
        database = database.removeprefix("file:")
        if url.query.get("mode") == "memory":
            return None
    if not database or database == ":memory:":
        return None
    return Path(database)


def read_only_file(url: URL) -> bool:
    """A SQLite file opened read-only (``mode=ro``): nothing may be created beside it."""
    return sqlite_file(url) is not None and url.query.get("mode") == "ro"


def prepare_sqlite_file(url: URL) -> None:
    """Make the folder of a new database; a read-only one (``mode=ro``) must already exist."""
    path = sqlite_file(url)
    if path is not None and not read_only_file(url):
        path.parent.mkdir(parents=True, exist_ok=True)


# SQLite result codes (primary code in the low byte of sqlite_errorcode) and PostgreSQL
# SQLSTATEs that mean the database can't serve or take writes now, rather than a bug in a
# statement.
_SQLITE_CONDITIONS = {5: "busy", 6: "busy", 8: "read-only", 13: "full", 14: "unavailable"}
_PG_CONDITIONS = {
    "25006": "read-only",  # read_only_sql_transaction (a hot standby)
    "53100": "full",  # disk_full
    "55P03": "busy",  # lock_not_available
    "57P01": "unavailable",  # admin_shutdown (also pg_terminate_backend)
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


def make_engine(url: URL, pool_size: int = 5, pool_timeout: float = 30.0) -> Engine:
    """The engine of ``url``: a pool of ``pool_size`` connections and no overflow."""
    pool: dict[str, Any] = {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": pool_timeout}
    if url.get_backend_name() != "sqlite":
        return create_engine(url, **pool)
    prepare_sqlite_file(url)
    memory = sqlite_file(url) is None
    engine = create_engine(
        url, connect_args={"check_same_thread": False}, **({} if memory else pool)
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
            if pragma.startswith("PRAGMA journal_mode"):
                mode = cursor.fetchone()[0]
                if mode != "wal" and not memory:
                    # SQLite answers with the mode it could set (e.g. on a network share).
                    log.warning("SQLite kept journal_mode=%s, not WAL: readers may wait", mode)
        cursor.close()

    return engine


class Database:
    """The engine and the lanes of threads the API runs store functions in."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.url
        self.dialect = self.url.get_backend_name()
        self._sizes = {
            "read": settings.route_threads,
            "search": settings.search_threads,
            "write": settings.write_threads,
            "health": 1,
        }
        self.inline = settings.inline_point_reads and self.dialect == "sqlite"
        # A connection for every thread, one for the startup work (run once in its own
        # thread) and one for the point reads on the event loop.
        self.engine = make_engine(
            self.url, pool_size=sum(self._sizes.values()) + 2, pool_timeout=settings.pool_timeout
        )
        self._lanes: dict[str, CapacityLimiter] = {}

    def open_lanes(self) -> None:
        """Make the lanes on the event loop that will use them (called by the app's lifespan)."""
        self._lanes = {lane: CapacityLimiter(size) for lane, size in self._sizes.items()}

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def bulk_connect(self) -> Iterator[Connection]:
        """A connection for the ingest's writes: on SQLite with a page cache of
        ``BULK_CACHE_KIB`` while it is out of the pool, its own size again when it returns."""
        with self.engine.connect() as conn:
            if self.dialect != "sqlite":
                yield conn
                return
            size = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
            conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
            conn.commit()  # SQLAlchemy began a transaction for the pragmas: end it
            try:
                yield conn
            finally:
                if not conn.invalidated:
                    conn.rollback()
                    conn.exec_driver_sql(f"PRAGMA cache_size={int(size)}")
                    conn.commit()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction, committed when the block ends without an error."""
        with self.engine.begin() as conn:
            yield conn

    def run_read(self, fn: StoreFn[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn`` on a pooled connection. A read can be repeated: when the connection turns out
        to be dead (the server restarted, or ended it), once more on a new one."""
        try:
            with self.engine.connect() as conn:
                return fn(conn, *args, **kwargs)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
        with self.engine.connect() as conn:
            return fn(conn, *args, **kwargs)

    def run_write(self, fn: StoreFn[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn`` in one transaction: committed when it returns, rolled back if it raises."""
        with self.engine.begin() as conn:
            return fn(conn, *args, **kwargs)

    async def read(self, fn: StoreFn[P, T], *args: Any, lane: str = "read", **kwargs: Any) -> T:
        """:meth:`run_read` in a thread of ``lane`` ("read", "search", "health"); "point": a
        point read, on the event loop on SQLite (see the module's docstring), else in "read"."""
        if lane == "point":
            if self.inline:
                return self.run_read(fn, *args, **kwargs)
            lane = "read"
        call = partial(self.run_read, fn, *args, **kwargs)
        return await anyio.to_thread.run_sync(call, limiter=self._lanes[lane])

    async def write(self, fn: StoreFn[P, T], *args: Any, **kwargs: Any) -> T:
        """:meth:`run_write` in a thread of the write lane."""
        call = partial(self.run_write, fn, *args, **kwargs)
        return await anyio.to_thread.run_sync(call, limiter=self._lanes["write"])

    def dispose(self) -> None:
        self.engine.dispose()
