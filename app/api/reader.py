"""The busiest reads: a stored body or a page of them, by an indexed key.

On SQLite they run on the event loop, through one connection the loop keeps, straight through
the driver: the statement is compiled by SQLAlchemy once, and each read is the driver's own
execute and fetch. A read of a stored article takes 12 µs that way, against 127 µs through a
pooled SQLAlchemy connection (checkout, execution context, result rows, reset on return),
and a request's whole budget at the framework's ceiling is about 300 µs. Handing the read to
a thread cost more still: under load the thread waits for the GIL behind the event loop.

Running on the loop is safe because these reads are short and never wait: in WAL mode a
reader never waits for a writer, and each statement is fetched to its end, so no read
transaction stays open between requests (each request sees the latest commit).

On PostgreSQL a read waits on the network, so it runs in a thread, through a pooled
SQLAlchemy connection, as every other route's does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from fastapi import Request
from sqlalchemy import Select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

Rows = Sequence[Sequence[Any]]


class Reader(Protocol):
    """What a fast read needs: rows of a statement (by position), and the engine for the rare
    read that needs a whole SQLAlchemy connection."""

    engine: Engine

    def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> Rows: ...


class PooledReader:
    """Through a pooled SQLAlchemy connection (PostgreSQL, in a thread)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> Rows:
        with self.engine.connect() as conn:
            return conn.execute(statement, dict(params)).all()

    def close(self) -> None:
        """Nothing of its own to close: its connections go back to the engine's pool."""


class LoopReader:
    """Through the driver, on one SQLite connection used only by the event loop's thread."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: sqlite3.Connection | None = None
        self._compiled: dict[Select[Any], tuple[str, tuple[str, ...], dict[str, Any]]] = {}

    def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> Rows:
        sql, order, defaults = self._compile(statement)
        values = {**defaults, **params}
        args = [values[k] for k in order]
        try:
            return self._fetch(sql, args)
        except sqlite3.Error:
            # A read can be repeated: once more on a new connection (the file was replaced,
            # the connection was closed under us) before the error is the request's.
            self.close()
            try:
                return self._fetch(sql, args)
            except sqlite3.Error as exc:
                self.close()
                raise DBAPIError.instance(sql, values, exc, sqlite3.Error) from exc

    def _fetch(self, sql: str, args: list[Any]) -> Rows:
        if self._connection is None:
            self._connection = self._connect()
        return self._connection.execute(sql, args).fetchall()  # to the end: no read stays open

    def _compile(self, statement: Select[Any]) -> tuple[str, tuple[str, ...], dict[str, Any]]:
        found = self._compiled.get(statement)
        if found is None:
            compiled = statement.compile(dialect=self.engine.dialect)
            found = (compiled.string, tuple(compiled.positiontup or ()), dict(compiled.params))
            self._compiled[statement] = found
        return found

    def _connect(self) -> sqlite3.Connection:
        """A connection of the engine's (so it has the same pragmas), taken out of its pool."""
        pooled = self.engine.raw_connection()
        connection = pooled.driver_connection
        pooled.detach()
        return connection  # type: ignore[no-any-return]

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def install_reader(engine: Engine) -> LoopReader | PooledReader:
    return LoopReader(engine) if engine.dialect.name == "sqlite" else PooledReader(engine)


async def read[T](request: Request, work: Callable[[Reader], T]) -> T:
    """``work`` with the app's reader: on the event loop for SQLite, in a thread otherwise."""
    reader = request.app.state.reader
    if isinstance(reader, LoopReader):
        return work(reader)
    return await run_in_threadpool(work, reader)
