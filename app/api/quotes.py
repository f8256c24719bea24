"""All quotes, filtered by speaker, article and kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api import examples
from app.api.caching import CACHED, IF_NONE_MATCH, json_response
from app.api.deps import DEFAULT_LIMIT, Cursor, Limit, db_of, decode_cursor, page_body
from app.api.errors import responses
from app.schemas import ArticleQuoteOut, Page, QuoteKind
from app.store import read

router = APIRouter(prefix="/v1/quotes", tags=["quotes"])


@router.get(
    "",
    summary="List quotes",
    description="Quotes in article and paragraph order. Filters combine with AND.",
    response_model=Page[ArticleQuoteOut],
    responses={**responses(400, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def list_quotes(
    request: Request,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    speaker: Annotated[
        str | None,
        Query(
            max_length=40,
            description="Only quotes by this speaker (a speaker id).",
            openapi_examples=examples.SPEAKER,
        ),
    ] = None,
    article: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Only quotes in this article (an article id).",
            openapi_examples=examples.ARTICLE,
        ),
    ] = None,
    kind: Annotated[
        QuoteKind | None,
        Query(
            description="`direct` «…», `indirect` (گفت که …) or `according_to` (به گزارش …).",
            openapi_examples={"according to": {"summary": "به گزارش …", "value": "according_to"}},
        ),
    ] = None,
) -> Response:
    after = decode_cursor(cursor, str, int, int)
    given = {"speaker": speaker, "article": article, "kind": kind}
    filters = {k: v for k, v in given.items() if v is not None}
    page = await db_of(request).read(read.quote_page, filters, limit, after)
    return json_response(request, page_body(page))
