"""Row → response-model shaping shared by the routers (quotes appear under several resources)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlmodel import Session

from app.api.deps import PageParams, next_cursor
from app.models import Article, ArticleSpeaker, Paragraph, Quote, Speaker
from app.schemas import (
    ArticleOut,
    ArticleQuoteOut,
    Page,
    ParagraphOut,
    QuoteOut,
    SpanOut,
    SpeakerOut,
    SpeakerRef,
)


def _span(text: str | None, start: int | None, end: int | None) -> SpanOut | None:
    if text is None or start is None or end is None:
        return None
    return SpanOut(text=text, start=start, end=end)


def speaker_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(select(Speaker.id, Speaker.name).where(Speaker.id.in_(ids)))  # type: ignore[attr-defined]
    return {r[0]: r[1] for r in rows}


def quote_out(q: Quote, names: dict[str, str], with_article: bool = False) -> QuoteOut:
    fields = {
        "id": q.id,
        "paragraph": q.paragraph,
        "kind": q.kind,
        "speaker": SpeakerRef(id=q.speaker_id, name=names.get(q.speaker_id, "")),
        "mention": _span(q.mention_text, q.mention_start, q.mention_end),
        "cue": _span(q.cue_text, q.cue_start, q.cue_end),
        "content": _span(q.content_text, q.content_start, q.content_end),
        "addressee": _span(q.addressee_text, q.addressee_start, q.addressee_end),
        "via": q.via,
        "confidence": q.confidence,
    }
    if with_article:
        return ArticleQuoteOut(article_id=q.article_id, **fields)
    return QuoteOut(**fields)


def quotes_out(session: Session, rows: Sequence[Quote], with_article: bool = False) -> list:
    names = speaker_names(session, {q.speaker_id for q in rows})
    return [quote_out(q, names, with_article) for q in rows]


QUOTE_ORDER = (Quote.article_id, Quote.paragraph, Quote.cue_start)


def quote_key(q: Quote) -> tuple[str, int, int]:
    return (q.article_id, q.paragraph, q.cue_start)


def quote_page(session: Session, conditions: list, page: PageParams) -> Page[ArticleQuoteOut]:  # type: ignore[type-arg]
    """One page of quotes in article, paragraph and position order (keyset pagination)."""
    stmt = select(Quote).where(*conditions).order_by(*QUOTE_ORDER).limit(page.limit + 1)
    after = page.after(str, int, int)
    if after is not None:
        stmt = stmt.where(tuple_(*QUOTE_ORDER) > tuple(after))
    rows = list(session.execute(stmt).scalars())
    return Page(
        items=quotes_out(session, rows[: page.limit], with_article=True),
        next_cursor=next_cursor(rows, page.limit, quote_key),
    )


def speaker_out(s: Speaker) -> SpeakerOut:
    return SpeakerOut(
        id=s.id, name=s.name, kind=s.kind, aliases=json.loads(s.aliases), quote_count=s.quote_count
    )


def article_detail(session: Session, article: Article) -> ArticleOut:
    """The whole annotated article: what GET returns and what a write answers with."""
    paragraphs = session.execute(
        select(Paragraph).where(Paragraph.article_id == article.id).order_by(Paragraph.position)
    ).scalars()
    links = session.execute(
        select(ArticleSpeaker, Speaker)
        .join(Speaker, Speaker.id == ArticleSpeaker.speaker_id)  # type: ignore[arg-type]
        .where(ArticleSpeaker.article_id == article.id)
        .order_by(ArticleSpeaker.position)
    ).all()
    quotes = session.execute(
        select(Quote)
        .where(Quote.article_id == article.id)
        .order_by(Quote.paragraph, Quote.cue_start)
    ).scalars()
    return ArticleOut(
        id=article.id,
        title=article.title,
        source=article.source,  # type: ignore[arg-type]
        paragraphs=[ParagraphOut(position=p.position, text=p.text) for p in paragraphs],
        speakers=[
            SpeakerOut(
                id=s.id,
                name=s.name,
                kind=s.kind,
                aliases=json.loads(link.aliases),
                quote_count=link.quote_count,
            )
            for link, s in links
        ],
        quotes=quotes_out(session, list(quotes)),
    )
