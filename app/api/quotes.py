"""All quotes, filtered by speaker, article and kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api import examples
from app.api.caching import CACHED, IF_NONE_MATCH, json_response
from app.api.deps import (
    DEFAULT_LIMIT,
    Cursor,
    Limit,
    Outlet,
    PublishedAfter,
    PublishedBefore,
    SortBy,
    db_of,
    decode_cursor,
    list_filters,
    page_body,
)
from app.api.errors import responses
from app.schemas import ArticleQuoteOut, Page, QuoteKind, SortOrder
from app.store import lists, read

SpeakerFilter = Annotated[
    str | None,
    Query(
        max_length=40,
        description="Only quotes by this speaker (a speaker id).",
        openapi_examples=examples.SPEAKER,
    ),
]
ArticleFilter = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Only quotes in this article (an article id).",
        openapi_examples=examples.ARTICLE,
    ),
]
KindFilter = Annotated[
    QuoteKind | None,
    Query(
        description="`direct` «…», `indirect` (گفت که …) or `according_to` (به گزارش …).",
        openapi_examples={"according to": {"summary": "به گزارش …", "value": "according_to"}},
    ),
]
MinConfidence = Annotated[
    float | None,
    Query(ge=0, le=1, description="Only quotes the rules are at least this sure of (0–1)."),
]

router = APIRouter(prefix="/v1/quotes", tags=["quotes"])


@router.get(
    "",
    summary="List quotes",
    description="Quotes in article and paragraph order, or by their article's date. Filters "
    "combine with AND.",
    response_model=Page[ArticleQuoteOut],
    responses={**responses(400, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def list_quotes(
    request: Request,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    speaker: SpeakerFilter = None,
    article: ArticleFilter = None,
    kind: KindFilter = None,
    outlet: Outlet = None,
    published_after: PublishedAfter = None,
    published_before: PublishedBefore = None,
    min_confidence: MinConfidence = None,
    sort: SortBy = SortOrder.id,
) -> Response:
    filters = list_filters(
        outlet,
        published_after,
        published_before,
        speaker=speaker,
        article=article,
        kind=kind,
        min_confidence=min_confidence,
    )
    after = decode_cursor(cursor, *lists.key_types(lists.QUOTES, sort))
    page = await db_of(request).read(read.quote_page, filters, sort, limit, after)
    return json_response(request, page_body(page))
