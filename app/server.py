"""Serving the app: uvicorn with limits a public server needs (``python -m app serve``, the
container's command and ``make run`` all start it here).

- ``HEADER_TIMEOUT``: a connection must send a request's headers within this many seconds of
  opening (or of starting the next request), else it is closed. Uvicorn has no such limit: a
  thousand clients dribbling partial headers held a thousand connections for as long as
  they liked.
- ``MAX_CONNECTIONS``: beyond this many connections and requests in flight, uvicorn answers
  503 at once instead of queueing without end.
- Idle keep-alive connections are closed after 5 seconds (uvicorn's ``timeout_keep_alive``).
- A request that can't be parsed (most often a URL with raw UTF-8, as ``curl 'host/?q=اسد'``
  sends it) is answered like every other error: a 400 problem with an ``X-Request-ID`` and a
  detail that says what to do, where uvicorn wrote a bare ``Invalid HTTP request received.``
  It is refused, not mended: RFC 9112 §3.2 asks a server not to autocorrect an invalid
  request line, which may be crafted to slip past a filter in front.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from app.config import get_settings

log = logging.getLogger("goftar.server")
KEEP_ALIVE_SECONDS = 5
UNPARSABLE = (
    "the request is not valid HTTP/1.1 (RFC 9112). A URL holds ASCII only: percent-encode "
    "anything else as UTF-8, e.g. curl -G http://HOST/v1/speakers --data-urlencode 'q=اسد'"
)


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

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to bytes its parser refused (``msg`` is its generic line), as a
        problem; the connection is closed after it, as uvicorn does."""
        rid = uuid.uuid4().hex
        log.warning(
            "refused a request that is not valid HTTP/1.1 (%s)", msg, extra={"request_id": rid}
        )
        body = json.dumps(
            {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": UNPARSABLE},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        head = [STATUS_LINE[400]]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [
            b"content-type: application/problem+json\r\n",
            b"content-length: %d\r\n" % len(body),
            b"x-request-id: " + rid.encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


def browsable(host: str, port: int) -> str:
    """The base URL to open for a server listening on ``host``: on every address, this
    machine's loopback one."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(host: str, port: int, workers: int = 1) -> None:
    settings = get_settings()
    base = browsable(host, port)
    # Before uvicorn's own lines; the URLs answer once the startup ingest has finished.
    log.info(
        "goftar: the reader at %s/, API docs at %s/docs and %s/redoc, the API under %s/v1",
        base, base, base, base,
    )  # fmt: skip
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
