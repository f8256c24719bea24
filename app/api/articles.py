"""Articles and their paragraphs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

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
from app.api.errors import NotFound, responses
from app.schemas import ArticleOut, ArticleSummary, Page, ParagraphDetail, ParagraphOut, SortOrder
from app.store import lists, read
from app.store.rows import dumps

router = APIRouter(prefix="/v1/articles", tags=["articles"])
ArticleId = Annotated[
    str,
    Path(
        max_length=200,
        description="The article id: its seed file's stem, or the id it was written under.",
        openapi_examples=examples.ARTICLE,
    ),
]


@router.get(
    "",
    summary="List articles",
    description="Every article with its metadata and counts, by id or by date; filters "
    "combine with AND.",
    response_model=Page[ArticleSummary],
    responses={**responses(400, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def list_articles(
    request: Request,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    outlet: Outlet = None,
    published_after: PublishedAfter = None,
    published_before: PublishedBefore = None,
    sort: SortBy = SortOrder.id,
) -> Response:
    filters = list_filters(outlet, published_after, published_before)
    after = decode_cursor(cursor, *lists.key_types(lists.ARTICLES, sort))
    page = await db_of(request).read(read.article_page, filters, sort, limit, after)
    return json_response(request, page_body(page))


@router.get(
    "/{article_id}",
    summary="One article, annotated",
    description=(
        "Paragraphs (the text as written), the speakers the article quotes with the aliases it "
        "uses for them, and every quote with code-point spans into its paragraph. "
        "`python -m app annotate` prints exactly this shape."
    ),
    response_model=ArticleOut,
    responses={**responses(404, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def get_article(request: Request, article_id: ArticleId) -> Response:
    body = await db_of(request).read(read.article_body, article_id, lane="point")
    if body is None:
        raise NotFound(f"no article with id {article_id!r}")
    return json_response(request, body)


@router.get(
    "/{article_id}/paragraphs",
    summary="An article's paragraphs",
    description="Paragraphs in order; positions are numbered from 1.",
    response_model=Page[ParagraphOut],
    responses={**responses(400, 404, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def list_paragraphs(
    request: Request, article_id: ArticleId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    after = decode_cursor(cursor, int)
    page = await db_of(request).read(read.paragraph_page, article_id, limit, after, lane="point")
    if page is None:
        raise NotFound(f"no article with id {article_id!r}")
    return json_response(request, page_body(page))


@router.get(
    "/{article_id}/paragraphs/{position}",
    summary="One paragraph with its quotes",
    description="The paragraph's text as written and the quotes whose cue stands in it.",
    response_model=ParagraphDetail,
    responses={**responses(404, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def get_paragraph(
    request: Request,
    article_id: ArticleId,
    position: Annotated[
        int,
        Path(
            ge=1,
            le=1_000_000,
            description="The paragraph's position, numbered from 1.",
            openapi_examples={"according to": {"summary": "«به گزارش …»", "value": 7}},
        ),
    ],
) -> Response:
    found = await db_of(request).read(read.paragraph, article_id, position, lane="point")
    if found == "article":
        raise NotFound(f"no article with id {article_id!r}")
    if found == "paragraph":
        raise NotFound(f"article {article_id!r} has no paragraph {position}")
    return json_response(request, dumps(found))
