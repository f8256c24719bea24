"""Full-text search over paragraphs and quotes, ranked, with highlighted snippets.

Searches run in their own lane of threads (``SEARCH_THREADS``) and under a time limit
(``SEARCH_TIMEOUT_MS``, then 503): however costly the queries clients send, they never take
the threads or the time the other routes need.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import Connection

from app import search
from app.api import examples
from app.api.caching import CACHED, IF_NONE_MATCH, json_response
from app.api.deps import (
    DEFAULT_LIMIT,
    Cursor,
    Limit,
    Outlet,
    PublishedAfter,
    PublishedBefore,
    db_of,
    decode_cursor,
    encode_cursor,
    list_filters,
)
from app.api.errors import BadRequest, responses
from app.schemas import Page, SearchHit
from app.store import search_index
from app.store.rows import dumps, hit_json, page_json

router = APIRouter(prefix="/v1/search", tags=["search"])


def _page(
    conn: Connection,
    query: search.Query,
    filters: dict[str, str | None],
    limit: int,
    offset: int,
    timeout_ms: int,
) -> list[dict[str, Any]]:
    """The hits with their snippets, built in the search's thread (not on the event loop)."""
    hits = search_index.search(conn, query, filters, limit, offset, timeout_ms)
    out = []
    for hit in hits:
        snip = search.snippet(hit.text, query)
        out.append(hit_json(hit, snip.html, snip.matches))
    return out


@router.get(
    "",
    summary="Search paragraphs and quotes",
    operation_id="search",
    description=(
        "All words must match (folded: Arabic and Persian letters, digits and diacritics meet). "
        "Results are ranked by BM25; each has a snippet with the matches in `<mark>`. "
        f"A query takes at most {search.MAX_TERMS} different words and phrases and "
        f"{search.MAX_PREFIXES} prefixes of at least {search.MIN_PREFIX} letters (else 400); "
        "a search that runs too long is stopped (503)."
    ),
    response_model=Page[SearchHit],
    responses={**responses(400, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def search_route(
    request: Request,
    q: Annotated[
        str,
        Query(
            min_length=1,
            description=(
                'Words (AND), "a phrase" or «a phrase», OR, -excluded, prefix*. '
                f"At most {search.MAX_QUERY} characters."
            ),
            openapi_examples={
                "a word": {"summary": "سوریه", "value": "سوریه"},
                "a phrase, a word excluded": {
                    "summary": '"جبهه مقاومت" -آمریکا',
                    "value": '"جبهه مقاومت" -آمریکا',
                },
                "a prefix": {"summary": "کشور* (کشورها، کشوری…)", "value": "کشور*"},
            },
        ),
    ],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    type: Annotated[
        Literal["paragraph", "quote"] | None,
        Query(description="Only paragraphs, or only quotes (their content)."),
    ] = None,
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
            description="Only this article's paragraphs and quotes (an article id).",
            openapi_examples=examples.ARTICLE,
        ),
    ] = None,
    outlet: Outlet = None,
    published_after: PublishedAfter = None,
    published_before: PublishedBefore = None,
) -> Response:
    try:
        query = search.parse(q)
    except search.BadQuery as exc:
        raise BadRequest(str(exc)) from None
    after = decode_cursor(cursor, int)
    offset = 0 if after is None else after[0]
    if offset < 0:
        raise BadRequest("cursor is not one this API gave out")
    dates = list_filters(outlet, published_after, published_before)
    filters = {
        "type": type,
        "speaker": speaker,
        "article": article,
        "outlet": outlet,
        "published_after": dates.published_after,
        "published_before": dates.published_before,
    }
    timeout = request.app.state.settings.search_timeout_ms
    db = db_of(request)
    hits = await db.read(_page, query, filters, limit + 1, offset, timeout, lane="search")
    more = encode_cursor((offset + limit,)) if len(hits) > limit else None
    return json_response(request, page_json([dumps(h) for h in hits[:limit]], more))
