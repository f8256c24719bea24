"""Articles and their paragraphs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy import select

from app.api.caching import CACHED, IfNoneMatch, cached_json
from app.api.deps import PageDep, SessionDep, next_cursor, reading
from app.api.errors import NotFound, responses
from app.api.queries import QUOTE, article_json, quotes_json
from app.models import Article, Paragraph
from app.schemas import ArticleOut, ArticleSummary, Page, ParagraphDetail, ParagraphOut

router = APIRouter(prefix="/v1/articles", tags=["articles"])
ArticleId = Annotated[
    str,
    Path(
        max_length=200,
        description="The article id: its seed file's stem, or the id it was written under.",
    ),
]


def _article(session: SessionDep, article_id: str) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id!r}")
    return article


@router.get(
    "",
    summary="List articles",
    description="Every article with its counts, ordered by id.",
    response_model=Page[ArticleSummary],
    responses=responses(400, 422),
)
def list_articles(session: SessionDep, page: PageDep) -> Page[ArticleSummary]:
    stmt = select(Article).order_by(Article.id).limit(page.limit + 1)
    after = page.after(str)
    if after is not None:
        stmt = stmt.where(Article.id > after[0])
    rows = list(session.execute(stmt).scalars())
    items = [ArticleSummary.model_validate(a, from_attributes=True) for a in rows[: page.limit]]
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
)
def get_article(
    request: Request, article_id: ArticleId, if_none_match: IfNoneMatch = None
) -> Response:
    with reading(request) as conn:
        body = article_json(conn, article_id)
    if body is None:
        raise NotFound(f"no article with id {article_id!r}")
    return cached_json(body, if_none_match)


@router.get(
    "/{article_id}/paragraphs",
    summary="An article's paragraphs",
    description="Paragraphs in order; positions are numbered from 1.",
    response_model=Page[ParagraphOut],
    responses={**responses(400, 404, 422), **CACHED},
)
def list_paragraphs(
    session: SessionDep, article_id: ArticleId, page: PageDep, if_none_match: IfNoneMatch = None
) -> Response:
    _article(session, article_id)
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
    return cached_json(out, if_none_match)


@router.get(
    "/{article_id}/paragraphs/{position}",
    summary="One paragraph with its quotes",
    description="The paragraph's normalized text and the quotes whose cue stands in it.",
    response_model=ParagraphDetail,
    responses={**responses(404, 422), **CACHED},
)
def get_paragraph(
    session: SessionDep,
    article_id: ArticleId,
    position: Annotated[int, Path(ge=1, le=1_000_000, description="Numbered from 1.")],
    if_none_match: IfNoneMatch = None,
) -> Response:
    _article(session, article_id)
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
    return cached_json({**body, "quotes": quotes}, if_none_match)  # the shape of ParagraphDetail
