"""Full-text search: paragraphs ranked by BM25, each with its article, the quotes a match
stands in, and a highlighted snippet; facets over every match on request.

Searches run in their own lane of threads (``SEARCH_THREADS``) and under a time limit
(``SEARCH_TIMEOUT_MS``, then 503): however costly the queries clients send, they never take
the threads or the time the other routes need. docs/search.md says how the index answers.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from app.schemas import SearchPage
from app.store import search_hits, search_query
from app.store.rows import hit_json, search_page_json

router = APIRouter(prefix="/v1/search", tags=["search"])


MAX_OFFSET = 1000  # deeper pages: narrow the query instead


def _page(
    conn: Connection,
    query: search.Query,
    filters: dict[str, Any],
    limit: int,
    offset: int,
    timeout_ms: int,
    wanted: list[str],
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The hits with their snippets, and the facets asked for, built in the search's thread
    (not on the event loop)."""
    ranked = search_query.ranked(conn, query, filters, limit, offset, timeout_ms)
    hits = []
    for passage in search_hits.passages(conn, ranked):
        snip = search.snippet(passage["text"], query)
        hits.append(hit_json(passage, snip.html, snip.matches))
    counted = search_hits.facets(conn, query, filters, wanted, timeout_ms) if wanted else None
    return hits, counted


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What narrows a search, as the client sent it (dates as text)."""

    type: str | None = None
    speaker: str | None = None
    article: str | None = None
    outlet: str | None = None
    published_after: str | None = None
    published_before: str | None = None


async def search_results(
    request: Request,
    q: str,
    limit: int,
    cursor: str | None,
    narrow: SearchFilters,
    wanted: list[str],
) -> tuple[list[dict[str, Any]], str | None, dict[str, Any] | None]:
    """One page of a search: its hits (``SearchHit`` dicts), the next page's cursor and the
    facets asked for. The API's route and the reader's page both search through here; a query
    with nothing to find, a bad cursor or date is an ``ApiError`` (400/422)."""
    try:
        query = search.parse(q)
    except search.BadQuery as exc:
        raise BadRequest(str(exc)) from None
    after = decode_cursor(cursor, int)
    offset = 0 if after is None else after[0]
    if not 0 <= offset <= MAX_OFFSET:
        raise BadRequest("cursor is not one this API gave out")
    dates = list_filters(narrow.outlet, narrow.published_after, narrow.published_before)
    filters = {
        "type": narrow.type,
        "speaker": narrow.speaker,
        "article": narrow.article,
        "outlet": narrow.outlet,
        "published_after": dates.published_after,
        "published_before": dates.published_before,
    }
    timeout = request.app.state.settings.search_timeout_ms
    db = db_of(request)
    hits, counted = await db.read(
        _page, query, filters, limit + 1, offset, timeout, wanted, lane="search"
    )
    deeper = len(hits) > limit and offset + limit <= MAX_OFFSET
    next_cursor = encode_cursor((offset + limit,)) if deeper else None
    return hits[:limit], next_cursor, counted


@router.get(
    "",
    summary="Search paragraphs and quotes",
    operation_id="search",
    description=(
        "All words must match (folded: Arabic and Persian letters, digits and diacritics meet; "
        "ZWNJ, space or nothing between a word's parts). One result per paragraph, ranked by "
        "BM25 (a score in (0, 1]), with its article, the quotes a match stands in and a snippet "
        "with the matches in `<mark>`; `facets=speaker,outlet,year` adds counts over every "
        "match. "
        f"A query takes at most {search.MAX_TERMS} different words and phrases and "
        f"{search.MAX_PREFIXES} prefixes of at least {search.MIN_PREFIX} letters (else 400); "
        "a search that runs too long is stopped (503)."
    ),
    response_model=SearchPage,
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
        Query(description="`quote`: only matches inside a quote's content; `paragraph`: any."),
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
    facets: Annotated[
        str | None,
        Query(
            max_length=40,
            pattern=r"^(speaker|outlet|year)(,(speaker|outlet|year))*$",
            description="Counts over every match: any of `speaker`, `outlet`, `year`, "
            "comma-separated (who talks about it, where, when).",
            openapi_examples={
                "who and where": {"summary": "speaker,outlet", "value": "speaker,outlet"}
            },
        ),
    ] = None,
) -> Response:
    wanted = sorted(set(facets.split(","))) if facets else []
    hits, next_cursor, counted = await search_results(
        request,
        q,
        limit,
        cursor,
        SearchFilters(type, speaker, article, outlet, published_after, published_before),
        wanted,
    )
    return json_response(request, search_page_json(hits, next_cursor, counted))
