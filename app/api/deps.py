"""What the routes share: the app's database and annotators, and cursor pagination.

A cursor is the key of the last item of a page (``app/store/read.Page.after``), as base64url
JSON: opaque to clients, checked on the way back in (the types of this list's key, text that
the database can hold, integers its columns can), so a cursor the API did not give out is a
400 problem, never a query that fails.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.exceptions import RequestValidationError

from app.api import examples
from app.api.errors import BadRequest
from app.api.operations import unknown_query
from app.dates import parse_date
from app.db import Database
from app.ingest.prepare import Annotators
from app.schemas import SortOrder
from app.store.lists import Filters
from app.store.read import Page
from app.store.rows import dumps, page_json

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
CURSOR_PATTERN = "^[A-Za-z0-9_-]+$"
_NOT_OURS = "cursor is not one this API gave out"


async def known_query(request: Request) -> None:
    """Every route's dependency: a query parameter its operation does not read is a 400
    problem naming it, not a silent default (``sortt=published_at``)."""
    names = set(request.query_params.keys())
    if not names:
        return
    unknown = unknown_query(request.app, request.method, request.url.path, names)
    if unknown:
        listed = ", ".join(repr(u) for u in unknown)
        raise BadRequest(f"unknown query parameter {listed}: see /docs for this route's")


def db_of(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


def annotators_of(request: Request) -> Annotators:
    return request.app.state.annotators  # type: ignore[no-any-return]


def encode_cursor(values: tuple[Any, ...] | None) -> str | None:
    """A key as a cursor (a datetime as its ISO text, as the database gave it)."""
    if values is None:
        return None
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    raw = json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def page_body(page: Page) -> bytes:
    """A page's JSON: its items (JSON-ready, or already serialized) and its cursor."""
    items = [i if isinstance(i, bytes) else dumps(i) for i in page.items]
    return page_json(items, encode_cursor(page.after))


def _sane(value: Any) -> bool:
    """A key value the database can take: text without NUL (PostgreSQL can't hold it) or a
    lone surrogate (it can't be encoded), an integer within the 32-bit columns."""
    if value is None:
        return True
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return "\x00" not in value
    return isinstance(value, int) and -(2**31) <= value < 2**31


def decode_cursor(cursor: str | None, *types: type | tuple[type, ...]) -> tuple[Any, ...] | None:
    """The key a cursor holds, checked against the types of this list's key (a type, or a
    tuple of the types a value may have; a datetime travels as ISO text); None for none."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(types):
            raise ValueError
        return tuple(
            _value(v, t if isinstance(t, tuple) else (t,))
            for v, t in zip(values, types, strict=True)
        )
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest(_NOT_OURS) from None


def _value(value: Any, types: tuple[type, ...]) -> Any:
    if datetime in types and isinstance(value, str):
        return datetime.fromisoformat(value)  # ValueError: not ours
    if type(value) not in types or not _sane(value):
        raise ValueError
    return value


# The ``{speaker_id}`` of every speaker route, reading and correcting alike.
SpeakerId = Annotated[
    str,
    Path(
        max_length=40,
        description="A speaker id as the lists give it: `sp_` and 12 hex digits.",
        openapi_examples=examples.SPEAKER,
    ),
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1–{MAX_LIMIT}).")]
Cursor = Annotated[
    str | None,
    Query(
        max_length=500,
        pattern=CURSOR_PATTERN,
        description="The `next_cursor` of the previous page (a cursor the API did not give out "
        "is a 400 problem).",
    ),
]


Outlet = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=200,
        description="Only articles of this outlet, as their source names it.",
        openapi_examples={
            "a channel": {"summary": "A Telegram channel", "value": "VahidOnline"},
            "an agency": {"summary": "خبرگزاری فارس", "value": "خبرگزاری فارس"},
        },
    ),
]
_DATES = (
    "ISO 8601 (`2026-05-23`, `2026-05-23T10:00:00+03:30`: UTC without an offset) or Jalali "
    "(`1405/03/02`, `۲ خرداد ۱۴۰۵`, `02 Khordad 1405`: Tehran time without one); a bare date "
    "is its midnight."
)
PublishedAfter = Annotated[
    str | None,
    Query(
        max_length=100,
        description=f"Only articles published at or after this moment: {_DATES}",
        openapi_examples={
            "Jalali": {"summary": "۱ خرداد ۱۴۰۵", "value": "1405/03/01"},
            "ISO 8601": {"summary": "22 May 2026, UTC", "value": "2026-05-22"},
        },
    ),
]
PublishedBefore = Annotated[
    str | None,
    Query(
        max_length=100,
        description=f"Only articles published before this moment: {_DATES}",
        openapi_examples={
            "ISO 8601": {"summary": "1 June 2026, UTC", "value": "2026-06-01"},
            "Jalali in words": {"summary": "۱۱ خرداد ۱۴۰۵", "value": "۱۱ خرداد ۱۴۰۵"},
        },
    ),
]
SortBy = Annotated[
    SortOrder,
    Query(
        description="`id`: the list's own order; `published_at` / `-published_at`: by date, "
        "oldest or newest first, ties in the list's own order; undated items come last.",
    ),
]


def list_filters(
    outlet: str | None,
    published_after: str | None,
    published_before: str | None,
    **quote_filters: Any,
) -> Filters:
    """The filters of a list, its dates read as every date is (``app/dates.py``); a date that
    can't be read is a 422 naming its parameter."""
    bounds = {}
    for name, value in (
        ("published_after", published_after),
        ("published_before", published_before),
    ):
        if value is None:
            continue
        try:
            bounds[name] = parse_date(value)
        except ValueError as exc:
            error = {"type": "value_error", "loc": ("query", name), "msg": str(exc), "input": value}
            raise RequestValidationError([error]) from None
    return Filters(outlet=outlet, **bounds, **quote_filters)
