"""All quotes, filtered by speaker, article and kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from app.api.deps import PageDep, SessionDep, next_cursor
from app.api.errors import responses
from app.api.queries import QUOTE_ORDER, after_quote, quote_key, quotes_out
from app.models import Quote
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
    session: SessionDep,
    page: PageDep,
    speaker: Annotated[str | None, Query(max_length=40, description="A speaker id.")] = None,
    article: Annotated[str | None, Query(max_length=200, description="An article id.")] = None,
    kind: QuoteKind | None = None,
) -> Page[ArticleQuoteOut]:
    stmt = select(Quote).order_by(*QUOTE_ORDER).limit(page.limit + 1)
    if speaker is not None:
        stmt = stmt.where(Quote.speaker_id == speaker)
    if article is not None:
        stmt = stmt.where(Quote.article_id == article)
    if kind is not None:
        stmt = stmt.where(Quote.kind == kind)
    condition = after_quote(page.after(3))
    if condition is not None:
        stmt = stmt.where(condition)
    rows = list(session.execute(stmt).scalars())
    return Page(
        items=quotes_out(session, rows[: page.limit], with_article=True),
        next_cursor=next_cursor(rows, page.limit, quote_key),
    )
