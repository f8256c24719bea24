"""Pure ASGI middleware: a request id in and out, one access line per request, URLs with NUL
characters and Host headers the server does not answer for (``ALLOWED_HOSTS``) refused before
any route sees them; and CORS whose refusals are problems.

Pure ASGI rather than Starlette's ``BaseHTTPMiddleware``: that one runs the app in a second
task and copies every response through a stream, which costs on each request of a read API.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app import logs
from app.api.errors import PROBLEM_JSON, problem

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HEADER = "X-Request-ID"
_HEADER_KEY = b"x-request-id"
# What a client may choose: short, and safe to print in a log line or echo in a header.
_SANE = re.compile(r"[A-Za-z0-9._-]{1,128}")

access_log = logging.getLogger("goftar.access")
# A path is decoded: a %0A in it must not start a forged log line.
_ESCAPE_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(32), 127)}


def incoming_id(scope: Scope) -> str | None:
    """The client's X-Request-ID if it is sane, else None (a new one is made)."""
    for name, value in scope.get("headers", ()):
        if name == _HEADER_KEY:
            text = value.decode("latin-1")
            return text if _SANE.fullmatch(text) else None
    return None


def has_nul(scope: Scope) -> bool:
    """PostgreSQL text can't hold NUL: a path or query with one would fail inside a query."""
    return "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b"")


def host_allowed(scope: Scope, allowed: list[str]) -> bool:
    """The Host header names one of ``allowed`` ("*.example.org": its subdomains), or the
    list is empty. Absolute URLs the app builds (``Location``) come from this header."""
    if not allowed:
        return True
    host = Headers(scope=scope).get("host", "").lower()
    host = host.rsplit(":", 1)[0] if not host.endswith("]") else host  # drop the port
    for pattern in allowed:
        pattern = pattern.lower()
        if host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
            return True
    return False


class RequestContext:
    def __init__(self, app: ASGIApp, allowed_hosts: list[str] | None = None) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts or []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = incoming_id(scope) or uuid.uuid4().hex
        # The 500 handler runs outside this middleware (Starlette's ServerErrorMiddleware),
        # so the id also travels in the request state, where it can read it.
        scope.setdefault("state", {})["request_id"] = rid
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                headers.append((_HEADER_KEY, rid.encode()))
                message["headers"] = headers
            await send(message)

        token = logs.request_id.set(rid)  # every line logged while serving names the request
        try:
            refusal = None
            if has_nul(scope):
                refusal = "NUL characters are not allowed in URLs"
            elif not host_allowed(scope, self.allowed_hosts):
                refusal = "the Host header names a host this server does not answer for"
            if refusal is not None:
                await problem(400, refusal, Request(scope))(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            ms = (time.perf_counter() - started) * 1000
            path = scope["path"].translate(_ESCAPE_CONTROLS)
            access_log.info(
                "%s %s %d %.1fms",
                scope["method"],
                path,
                status,
                ms,
                extra={"request_id": rid},  # also for handlers that lack the filter
            )
            logs.request_id.reset(token)


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered as a problem like every other 4xx."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        body = {
            "type": "about:blank",
            "title": "Bad Request",
            "status": 400,
            "detail": bytes(response.body).decode(),  # "Disallowed CORS origin, method"
        }
        headers = {
            k: v for k, v in response.headers.items() if k.lower().startswith(("access-", "vary"))
        }
        return JSONResponse(body, status_code=400, media_type=PROBLEM_JSON, headers=headers)
