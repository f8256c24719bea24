"""A time limit for a search's statements: a SQLite progress handler, PostgreSQL's
``statement_timeout``. One costly search is stopped with :class:`SearchTimeout` rather than
holding a connection and a thread for as long as it likes."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

# SQLite calls the progress handler every this many virtual-machine instructions.
_PROGRESS_STEPS = 1000
_PG_CANCELED = "57014"  # query_canceled: statement_timeout


class SearchTimeout(Exception):
    """The search ran past its time limit and was stopped."""


@contextmanager
def time_limit(conn: Connection, timeout_ms: int) -> Iterator[None]:
    """Stop the statements of the block after ``timeout_ms`` (:class:`SearchTimeout`)."""
    if conn.dialect.name == "postgresql":
        # SET LOCAL lasts until the transaction ends: the connection goes back to the pool
        # with its rollback, and without the limit.
        conn.execute(text(f"SET LOCAL statement_timeout = {int(timeout_ms)}"))
        try:
            yield
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == _PG_CANCELED:
                raise SearchTimeout(f"the search took longer than {timeout_ms} ms") from None
            raise
        return
    driver = conn.connection.driver_connection
    deadline = time.monotonic() + timeout_ms / 1000
    stopped = False

    def progress() -> int:
        nonlocal stopped
        stopped = time.monotonic() > deadline
        return int(stopped)  # non-zero interrupts the statement

    driver.set_progress_handler(progress, _PROGRESS_STEPS)  # type: ignore[union-attr]
    try:
        yield
    except DBAPIError as exc:
        if stopped and isinstance(exc.orig, sqlite3.OperationalError):
            raise SearchTimeout(f"the search took longer than {timeout_ms} ms") from None
        raise
    finally:
        driver.set_progress_handler(None, 0)  # type: ignore[union-attr]
