"""Errors on the reader's pages: the API's problem, shown as an HTML page.

The app has one error shape (``app/api/errors.py``): every handler there words the problem
(status, detail, headers such as ``Retry-After``). A reader page gets that same problem with the
same status and headers, rendered for a person instead of sent as JSON; the API's routes keep
their ``application/problem+json`` whatever ``Accept`` says.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from app.api.errors import PROBLEM_JSON

Handler = Callable[[Request, Exception], Awaitable[Response]]
# The paths the reader answers (and anything under them); the API, the docs, the probes and the
# static files keep their own answers.
PAGES = ("/articles", "/speakers", "/search")


def is_page(path: str) -> bool:
    return path == "/" or any(path == p or path.startswith(p + "/") for p in PAGES)


def _as_page(handler: Handler, templates: Jinja2Templates) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        response = await handler(request, exc)
        if not is_page(request.url.path) or response.media_type != PROBLEM_JSON:
            return response
        problem: dict[str, Any] = json.loads(bytes(response.body))
        page = templates.TemplateResponse(
            request, "error.html", {"problem": problem}, status_code=response.status_code
        )
        for name, value in response.headers.items():
            if name.lower() not in ("content-type", "content-length"):
                page.headers[name] = value
        return page

    return handle


def install(app: FastAPI, templates: Jinja2Templates) -> None:
    """Wrap every error handler the app has (call after ``app.api.errors.install``)."""
    for key, handler in list(app.exception_handlers.items()):
        app.exception_handlers[key] = _as_page(handler, templates)
