"""Exports: every quote, or every article, as CSV or JSON Lines, streamed.

The filters and orders are the lists' (``/v1/quotes``, ``/v1/articles``). The body is written a
page at a time as it is read (``app/store/export.py``), so the server holds one page whatever
the collection's size, and each page is one read of the read lane: a slow client never holds a
database connection, only its own socket.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from app.api.deps import (
    Outlet,
    PublishedAfter,
    PublishedBefore,
    SortBy,
    db_of,
    list_filters,
)
from app.api.errors import responses
from app.api.quotes import ArticleFilter, KindFilter, MinConfidence, SpeakerFilter
from app.schemas import SortOrder
from app.store import export
from app.store.lists import Filters, Sort

router = APIRouter(prefix="/v1", tags=["export"])
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}
ExportFormat = Annotated[
    Literal["csv", "jsonl"],
    Query(
        alias="format",
        description="`csv`: UTF-8 with a byte order mark, RFC 4180, a header row (Excel and "
        "LibreOffice open it as it is); `jsonl`: one JSON object a line, the same columns.",
    ),
]


def _documented(kind: export.Kind) -> dict[int | str, dict[str, Any]]:
    columns = ", ".join(f"`{c}`" for c in export.COLUMNS[kind])
    example = export.encode(kind, "csv", [], first=True).decode("utf-8-sig")
    return {
        200: {
            "description": f"The {kind}, one a row. Columns: {columns}.",
            "content": {
                MEDIA["csv"]: {"schema": {"type": "string"}, "example": example},
                MEDIA["jsonl"]: {"schema": {"type": "string"}},
            },
        },
        **responses(400, 422),
    }


async def _stream(
    request: Request, kind: export.Kind, fmt: export.Format, filters: Filters, sort: Sort
) -> AsyncIterator[bytes]:
    db = db_of(request)
    after, first = None, True
    while True:
        rows, after = await db.read(export.page, kind, filters, sort, after)
        yield export.encode(kind, fmt, rows, first)
        first = False
        if after is None:
            return


def _response(
    request: Request, kind: export.Kind, fmt: export.Format, filters: Filters, sort: Sort
) -> StreamingResponse:
    headers = {"Content-Disposition": f'attachment; filename="goftar-{kind}.{fmt}"'}
    body = _stream(request, kind, fmt, filters, sort)
    return StreamingResponse(body, media_type=MEDIA[fmt], headers=headers)


@router.get(
    "/quotes/export",
    summary="Export quotes",
    description="Every quote that passes the filters, each with its article's metadata and its "
    "speaker, streamed (constant memory, any size). The filters and orders of `/v1/quotes`.",
    response_class=StreamingResponse,
    responses=_documented("quotes"),
)
async def export_quotes(
    request: Request,
    fmt: ExportFormat = "csv",
    speaker: SpeakerFilter = None,
    article: ArticleFilter = None,
    kind: KindFilter = None,
    outlet: Outlet = None,
    published_after: PublishedAfter = None,
    published_before: PublishedBefore = None,
    min_confidence: MinConfidence = None,
    sort: SortBy = SortOrder.id,
) -> StreamingResponse:
    filters = list_filters(
        outlet,
        published_after,
        published_before,
        speaker=speaker,
        article=article,
        kind=kind,
        min_confidence=min_confidence,
    )
    return _response(request, "quotes", fmt, filters, sort)


@router.get(
    "/articles/export",
    summary="Export articles",
    description="Every article that passes the filters, with its metadata and counts, "
    "streamed. The filters and orders of `/v1/articles`.",
    response_class=StreamingResponse,
    responses=_documented("articles"),
)
async def export_articles(
    request: Request,
    fmt: ExportFormat = "csv",
    outlet: Outlet = None,
    published_after: PublishedAfter = None,
    published_before: PublishedBefore = None,
    sort: SortBy = SortOrder.id,
) -> StreamingResponse:
    filters = list_filters(outlet, published_after, published_before)
    return _response(request, "articles", fmt, filters, sort)
