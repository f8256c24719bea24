"""All quotes, filtered by speaker, article and kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import DEFAULT_LIMIT, Cursor, Limit, PageParams
from app.api.errors import responses
from app.api.queries import quote_page
from app.api.reader import reader_of
from app.schemas import ArticleQuoteOut, Page, QuoteKind

router = APIRouter(prefix="/v1/quotes", tags=["quotes"])


@router.get(
    "",
    summary="List quotes",
    description="Quotes in article and paragraph order. Filters combine with AND.",
    response_model=Page[ArticleQuoteOut],
    responses=responses(400, 422),
)
async def list_quotes(
    request: Request,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    speaker: Annotated[str | None, Query(max_length=40, description="A speaker id.")] = None,
    article: Annotated[str | None, Query(max_length=200, description="An article id.")] = None,
    kind: QuoteKind | None = None,
) -> Response:
    given = {"speaker": speaker, "article": article, "kind": kind}
    filters = {k: v for k, v in given.items() if v is not None}
    body = await quote_page(reader_of(request), filters, PageParams(limit, cursor))
    return Response(body, media_type="application/json")
