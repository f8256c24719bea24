"""Every error is ``application/problem+json`` (RFC 9457), and nothing a client sends is a 500.

FastAPI answers errors with its own JSON shape; these handlers replace it for HTTP errors,
validation errors and the app's own errors, and a last handler turns anything unexpected into
a 500 problem without a stack trace or SQL in the body.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from app.api.operations import allowed_methods
from app.db import storage_condition
from app.ingest.prepare import Busy
from app.store.search_time import SearchTimeout

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("goftar.api")


class ApiError(Exception):
    """An error the app raises on purpose, with the status and detail the client gets, and
    optionally response headers (``WWW-Authenticate``) and extension members of the problem."""

    def __init__(
        self,
        status: int,
        detail: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


class NotFound(ApiError):
    def __init__(self, detail: str) -> None:
        super().__init__(404, detail)


class BadRequest(ApiError):
    def __init__(self, detail: str) -> None:
        super().__init__(400, detail)


def problem(status: int, detail: str, request: Request, **extra: Any) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _validation_detail(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    errors = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e.get("loc", ()))
        errors.append({"loc": where, "msg": e.get("msg", "")})
    detail = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors) or "invalid request"
    return detail, errors


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        response = problem(exc.status, exc.detail, request, **exc.extra)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        headers = dict(exc.headers or {})
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no route matches {request.url.path}"
        if exc.status_code == 405:
            # The API's paths from its document; others (the reader's pages) from the route.
            allowed = allowed_methods(request.app, request.url.path) or sorted(
                {m.strip() for m in headers.get("Allow", "").split(",") if m.strip()} | {"HEAD"}
            )
            headers["Allow"] = ", ".join(allowed)
            detail = f"{request.method} is not allowed here; this resource takes {headers['Allow']}"
        response = problem(exc.status_code, detail, request)
        response.headers.update(headers)
        return response

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect) -> JSONResponse:
        # The client left while its body was read: nothing was done, and nobody will read this.
        log.info(
            "%s %s: the client disconnected before its request was read",
            request.method,
            request.url.path,
        )
        return problem(400, "the client disconnected", request)

    @app.exception_handler(PoolTimeout)
    async def _pool(request: Request, exc: PoolTimeout) -> JSONResponse:
        log.error(
            "%s %s: no database connection came free in time", request.method, request.url.path
        )
        return _retry_later(problem(503, "the server is busy; try again", request))

    @app.exception_handler(SearchTimeout)
    async def _slow_search(request: Request, exc: SearchTimeout) -> JSONResponse:
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        return _retry_later(problem(503, f"{exc}; narrow the query", request))

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy) -> JSONResponse:
        detail = "every annotator is busy with other writes; try again"
        return _retry_later(problem(503, detail, request))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, errors = _validation_detail(exc)
        return problem(422, detail, request, errors=errors)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        condition = storage_condition(exc)
        if condition is None:
            raise exc  # a bug, not a state of the database: the 500 handler logs it
        status, detail = STORAGE_PROBLEMS[condition]
        log.error("%s %s: %s (%s)", request.method, request.url.path, detail, exc.orig)
        response = problem(status, detail, request)
        return _retry_later(response) if status == 503 else response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette runs this handler outside every middleware (ServerErrorMiddleware), so the
        # request id comes from the request state and the header is set here.
        rid = getattr(request.state, "request_id", "-")
        log.error(
            "unhandled error on %s %s (request %s)",
            request.method,
            request.url.path,
            rid,
            exc_info=exc,
            extra={"request_id": rid},
        )
        response = problem(500, f"internal error; it has been logged as request {rid}", request)
        response.headers["X-Request-ID"] = rid
        return response


def _retry_later(response: JSONResponse) -> JSONResponse:
    response.headers["Retry-After"] = "5"
    return response


# What a client is told when the database can't take a write now (app.db.storage_condition):
# 503 for states that pass (try later), 507 (RFC 4918's Insufficient Storage) for a full disk.
STORAGE_PROBLEMS = {
    "read-only": (503, "the database is read-only; try again later"),
    "busy": (503, "the database is busy; try again"),
    "unavailable": (503, "the database is unavailable; try again"),
    "full": (507, "the database has no space left; nothing was written"),
}


# An example problem for each status a route documents, as this API words them.
EXAMPLES: dict[int, dict[str, Any]] = {
    400: {"detail": "cursor is not one this API gave out"},
    401: {"detail": "the bearer token is not this server's API_KEY"},
    403: {"detail": "writes are disabled on this server: no API_KEY is configured"},
    404: {"detail": "no article with id 'nope'"},
    409: {
        "detail": "an article with id 'budget-2026-press' already exists",
        "article_id": "budget-2026-press",
    },
    413: {"detail": "the body is larger than 2,000,000 bytes (MAX_ARTICLE_BYTES)"},
    415: {
        "detail": "send the article as application/json or text/plain; charset=utf-8"
        " (got 'application/xml')"
    },
    422: {
        "detail": "query.limit: Input should be less than or equal to 100",
        "errors": [{"loc": "query.limit", "msg": "Input should be less than or equal to 100"}],
    },
    503: {"detail": "the database is busy; try again"},
    507: {"detail": "the database has no space left; nothing was written"},
}
_HEADERS = {
    401: {
        "WWW-Authenticate": {"description": '`Bearer realm="goftar"`', "schema": {"type": "string"}}
    },
    503: {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
}
# Every error response names this one component (added to the document by app/api/openapi.py),
# rather than a copy of the schema per route and status that client generators would each
# turn into a class of their own.
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def responses(
    *statuses: int, details: dict[int, str] | None = None
) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry of a route: each error status documented as a Problem, with
    an example (``details`` words it for this route)."""
    documented: dict[int | str, dict[str, Any]] = {}
    for s in statuses:
        example = {"type": "about:blank", "title": HTTPStatus(s).phrase, "status": s, **EXAMPLES[s]}
        if details and s in details:
            example["detail"] = details[s]
        documented[s] = {
            "description": HTTPStatus(s).phrase,
            "content": {PROBLEM_JSON: {"schema": PROBLEM_REF, "example": example}},
        }
        if s in _HEADERS:
            documented[s]["headers"] = _HEADERS[s]
    return documented
