"""The busiest reads: a stored body or a page of them, by an indexed key, on the event loop.

Each statement is compiled by SQLAlchemy once and then run straight through the driver: a
read of a stored article takes 12 µs that way on SQLite, against 127 µs through a pooled
SQLAlchemy connection (checkout, execution context, result rows, reset on return), and a
request's whole budget at the framework's ceiling is about 300 µs. Handing the read to a
thread cost more still: under load the thread waits for the GIL behind the event loop, and
these routes served half as many requests.

- SQLite: one connection the loop keeps, used synchronously. That is safe because these reads
  are short and never wait: in WAL mode a reader never waits for a writer, and each statement
  is fetched to its end, so no read transaction stays open between requests.
- PostgreSQL: psycopg's async connections (autocommit: each read sees the latest commit),
  kept by the reader and awaited on the loop, since a round trip must not block it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import psycopg
from fastapi import Request
from sqlalchemy import Select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

Rows = Sequence[Sequence[Any]]
# PostgreSQL connections a process's reader keeps at most (besides the engine's pool): one
# event loop gains nothing from more reads in flight than this.
READ_CONNECTIONS = 8
Compiled = tuple[str, tuple[str, ...], dict[str, Any]]


class Reader(Protocol):
    """What a fast read needs: rows of a statement (by position), and the engine for the rare
    read that needs a whole SQLAlchemy connection."""

    engine: Engine

    async def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> Rows: ...

    async def close(self) -> None: ...


class _Statements:
    """Statements compiled once for the engine's dialect: SQL, parameter order, defaults."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._compiled: dict[Select[Any], Compiled] = {}

    def compiled(self, statement: Select[Any]) -> Compiled:
        found = self._compiled.get(statement)
        if found is None:
            done = statement.compile(dialect=self.engine.dialect)
            found = (done.string, tuple(done.positiontup or ()), dict(done.params))
            self._compiled[statement] = found
        return found


class LoopReader(_Statements):
    """SQLite, through one connection used only by the event loop's thread."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self._connection: sqlite3.Connection | None = None

    async def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> Rows:
        sql, order, defaults = self.compiled(statement)
        values = {**defaults, **params}
        args = [values[k] for k in order]
        try:
            return self._fetch(sql, args)
        except sqlite3.Error:
            # A read can be repeated: once more on a new connection (the file was replaced,
            # the connection was closed under us) before the error is the request's.
            self._drop()
            try:
                return self._fetch(sql, args)
            except sqlite3.Error as exc:
                self._drop()
                raise DBAPIError.instance(sql, values, exc, sqlite3.Error) from exc

    def _fetch(self, sql: str, args: list[Any]) -> Rows:
        if self._connection is None:
            self._connection = self._connect()
        return self._connection.execute(sql, args).fetchall()  # to the end: no read stays open

    def _connect(self) -> sqlite3.Connection:
        """A connection of the engine's (so it has the same pragmas), taken out of its pool."""
        pooled = self.engine.raw_connection()
        connection = pooled.driver_connection
        pooled.detach()
        return connection  # type: ignore[no-any-return]

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        self._drop()


class AsyncReader(_Statements):
    """PostgreSQL, through psycopg async connections: at most ``size`` at once, kept between
    requests."""

    def __init__(self, engine: Engine, size: int = READ_CONNECTIONS) -> None:
        super().__init__(engine)
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._idle: list[psycopg.AsyncConnection[Any]] = []
        self._size = size
        self._slots: asyncio.Semaphore | None = None

    async def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> Rows:
        sql, _, defaults = self.compiled(statement)
        values = {**defaults, **params}
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)
        async with self._slots:
            try:
                conn = self._idle.pop() if self._idle else await self._connect()
            except psycopg.Error as exc:
                raise DBAPIError.instance(sql, values, exc, psycopg.Error) from exc
            try:
                # Binary results: a stored body (bytea) arrives as its bytes, not as hex text
                # for both ends to encode and decode (~20% of an article read's time).
                cursor = await conn.execute(sql, values, binary=True)
                rows = await cursor.fetchall()
            except psycopg.Error as exc:
                await conn.close()  # it may be broken: a new one serves the next read
                raise DBAPIError.instance(sql, values, exc, psycopg.Error) from exc
            self._idle.append(conn)
            return rows

    async def _connect(self) -> psycopg.AsyncConnection[Any]:
        return await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)

    async def close(self) -> None:
        """At the app's shutdown: a later start (a test's second client) may run on another
        event loop, which can't use these connections or this semaphore."""
        while self._idle:
            await self._idle.pop().close()
        self._slots = None


def install_reader(engine: Engine) -> Reader:
    return LoopReader(engine) if engine.dialect.name == "sqlite" else AsyncReader(engine)


def reader_of(request: Request) -> Reader:
    """The app's reader (``install_reader``, made with the app)."""
    return request.app.state.reader  # type: ignore[no-any-return]
