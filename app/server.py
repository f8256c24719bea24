"""Serving the app: uvicorn with limits a public server needs (``python -m app serve``, the
container's command and ``make run`` all start it here).

- ``HEADER_TIMEOUT``: a connection must send a request's headers within this many seconds of
  opening (or of starting the next request), else it is closed. Uvicorn has no such limit: a
  thousand clients dribbling partial headers held a thousand connections for as long as
  they liked.
- ``MAX_CONNECTIONS``: beyond this many connections and requests in flight, uvicorn answers
  503 at once instead of queueing without end.
- Idle keep-alive connections are closed after 5 seconds (uvicorn's ``timeout_keep_alive``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.config import get_settings

log = logging.getLogger("goftar.server")
KEEP_ALIVE_SECONDS = 5


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers don't arrive
    within ``HEADER_TIMEOUT`` seconds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timeout = get_settings().header_timeout
        self._header_timer: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self._header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            log.info(
                "closed a connection that sent no request headers in %s s", self._header_timeout
            )
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()  # the next request on a kept-alive connection

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def serve(host: str, port: int, workers: int = 1) -> None:
    settings = get_settings()
    uvicorn.run(
        "app.main:app",
        host=host,
        port=port,
        workers=workers,
        http="app.server:HeaderTimeoutProtocol",  # by name: each worker process imports it
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        log_level="info",
        # The app logs its own access line (goftar.access, with the request id and duration).
        access_log=False,
    )
