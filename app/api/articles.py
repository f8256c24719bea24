"""Articles and their paragraphs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy import select

from app.api.caching import CACHED, IF_NONE_MATCH, cached_body, cached_json
from app.api.deps import PageDep, SessionDep, next_cursor
from app.api.errors import NotFound, responses
from app.api.queries import article_body, quotes_json
from app.api.reader import reader_of
from app.models import ARTICLE, QUOTE, Article, Paragraph
from app.schemas import ArticleOut, ArticleSummary, Page, ParagraphDetail, ParagraphOut

router = APIRouter(prefix="/v1/articles", tags=["articles"])
ArticleId = Annotated[
    str,
    Path(
        max_length=200,
        description="The article id: its seed file's stem, or the id it was written under.",
    ),
]


def _exists(session: SessionDep, article_id: str) -> None:
    if session.execute(select(Article.id).where(Article.id == article_id)).first() is None:
        raise NotFound(f"no article with id {article_id!r}")


# A page of the list reads these columns, not whole rows (each row holds its article's body).
_SUMMARY = [ARTICLE.c[name] for name in ArticleSummary.model_fields]


@router.get(
    "",
    summary="List articles",
    description="Every article with its counts, ordered by id.",
    response_model=Page[ArticleSummary],
    responses=responses(400, 422),
)
def list_articles(session: SessionDep, page: PageDep) -> Page[ArticleSummary]:
    stmt = select(*_SUMMARY).order_by(ARTICLE.c.id).limit(page.limit + 1)
    after = page.after(str)
    if after is not None:
        stmt = stmt.where(ARTICLE.c.id > after[0])
    rows = session.execute(stmt).all()
    items = [ArticleSummary.model_validate(row._mapping) for row in rows[: page.limit]]
    return Page(items=items, next_cursor=next_cursor(rows, page.limit, lambda a: (a.id,)))


@router.get(
    "/{article_id}",
    summary="One article, annotated",
    description=(
        "Paragraphs (normalized text), the speakers the article quotes with the aliases it "
        "uses for them, and every quote with code-point spans into its paragraph. "
        "`python -m app annotate` prints exactly this shape."
    ),
    response_model=ArticleOut,
    responses={**responses(404, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def get_article(request: Request, article_id: ArticleId) -> Response:
    body = await article_body(reader_of(request), article_id)
    if body is None:
        raise NotFound(f"no article with id {article_id!r}")
    return cached_body(body, request)


@router.get(
    "/{article_id}/paragraphs",
    summary="An article's paragraphs",
    description="Paragraphs in order; positions are numbered from 1.",
    response_model=Page[ParagraphOut],
    responses={**responses(400, 404, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
def list_paragraphs(
    request: Request, session: SessionDep, article_id: ArticleId, page: PageDep
) -> Response:
    _exists(session, article_id)
    stmt = (
        select(Paragraph)
        .where(Paragraph.article_id == article_id)
        .order_by(Paragraph.position)
        .limit(page.limit + 1)
    )
    after = page.after(int)
    if after is not None:
        stmt = stmt.where(Paragraph.position > after[0])
    rows = list(session.execute(stmt).scalars())
    items = [ParagraphOut(position=p.position, text=p.text) for p in rows[: page.limit]]
    out = Page(items=items, next_cursor=next_cursor(rows, page.limit, lambda p: (p.position,)))
    return cached_json(out, request)


@router.get(
    "/{article_id}/paragraphs/{position}",
    summary="One paragraph with its quotes",
    description="The paragraph's normalized text and the quotes whose cue stands in it.",
    response_model=ParagraphDetail,
    responses={**responses(404, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
def get_paragraph(
    request: Request,
    session: SessionDep,
    article_id: ArticleId,
    position: Annotated[int, Path(ge=1, le=1_000_000, description="Numbered from 1.")],
) -> Response:
    _exists(session, article_id)
    paragraph = session.execute(
        select(Paragraph).where(Paragraph.article_id == article_id, Paragraph.position == position)
    ).scalar_one_or_none()
    if paragraph is None:
        raise NotFound(f"article {article_id!r} has no paragraph {position}")
    quotes = quotes_json(
        session.connection(),
        [QUOTE.c.article_id == article_id, QUOTE.c.paragraph == position],
        [QUOTE.c.cue_start],
    )
    body = {"position": paragraph.position, "text": paragraph.text, "article_id": article_id}
    return cached_json({**body, "quotes": quotes}, request)  # the shape of ParagraphDetail
