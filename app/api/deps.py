"""What the routes share: the app's database and annotators, and cursor pagination.

A cursor is the key of the last item of a page (``app/store/read.Page.after``), as base64url
JSON: opaque to clients, checked on the way back in (the types of this list's key, text that
the database can hold, integers its columns can), so a cursor the API did not give out is a
400 problem, never a query that fails.
"""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any

from fastapi import Query, Request

from app.api.errors import BadRequest
from app.db import Database
from app.ingest.prepare import Annotators
from app.store.read import Page
from app.store.rows import dumps, page_json

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
CURSOR_PATTERN = "^[A-Za-z0-9_-]+$"
_NOT_OURS = "cursor is not one this API gave out"


def db_of(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


def annotators_of(request: Request) -> Annotators:
    return request.app.state.annotators  # type: ignore[no-any-return]


def encode_cursor(values: tuple[Any, ...] | None) -> str | None:
    if values is None:
        return None
    raw = json.dumps(list(values), ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def page_body(page: Page) -> bytes:
    """A page's JSON: its items (JSON-ready, or already serialized) and its cursor."""
    items = [i if isinstance(i, bytes) else dumps(i) for i in page.items]
    return page_json(items, encode_cursor(page.after))


def _sane(value: Any) -> bool:
    """A key value the database can take: text without NUL (PostgreSQL can't hold it) or a
    lone surrogate (it can't be encoded), an integer within the 32-bit columns."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return "\x00" not in value
    return isinstance(value, int) and -(2**31) <= value < 2**31


def decode_cursor(cursor: str | None, *types: type) -> tuple[Any, ...] | None:
    """The key a cursor holds, checked against the types of this list's key; None for none."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest(_NOT_OURS) from None
    if (
        not isinstance(values, list)
        or len(values) != len(types)
        or not all(type(v) is t and _sane(v) for v, t in zip(values, types, strict=True))
    ):
        raise BadRequest(_NOT_OURS)
    return tuple(values)


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
