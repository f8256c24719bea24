"""HEAD answered wherever GET is: the GET's status and headers, without its body (RFC 9110
§9.3.2), so ``curl -I`` and link checkers get what a GET would, never a 405.

FastAPI's routes take the methods they declare and nothing more, and declaring HEAD on each
would put a second operation per read in the OpenAPI document. So this pure ASGI middleware
hands the app a GET (a copy of the scope: the server's own still says HEAD, so it sends no
body either) and drops the body on the way out; the GET's Content-Length and ETag stay, as
the RFC allows. The access line and the Allow of a 405 say HEAD (``errors.allowed_methods``).
"""

from __future__ import annotations

from app.api.middleware import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
