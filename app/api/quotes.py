"""All quotes, filtered by speaker, article and kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import PageDep, reading
from app.api.errors import responses
from app.api.queries import json_response, quote_page
from app.schemas import ArticleQuoteOut, Page, QuoteKind

router = APIRouter(prefix="/v1/quotes", tags=["quotes"])


@router.get(
    "",
    summary="List quotes",
    description="Quotes in article and paragraph order. Filters combine with AND.",
    response_model=Page[ArticleQuoteOut],
    responses=responses(400, 422),
)
def list_quotes(
    request: Request,
    page: PageDep,
    speaker: Annotated[str | None, Query(max_length=40, description="A speaker id.")] = None,
    article: Annotated[str | None, Query(max_length=200, description="An article id.")] = None,
    kind: QuoteKind | None = None,
) -> Response:
    filters = {"speaker": speaker, "article": article, "kind": kind}
    with reading(request) as conn:
        body = quote_page(conn, {k: v for k, v in filters.items() if v is not None}, page)
    return json_response(body)
