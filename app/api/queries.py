"""Rows → JSON shared by the routers (quotes appear under several resources).

The busiest routes (an article, a page of quotes) read plain rows with SQLAlchemy Core and
write their JSON directly, in exactly the shape of their response models: building ORM
objects, then pydantic models, then validating them again as the response cost ten times the
database's own work. The models still document the routes (``response_model``), and the tests
check the JSON against them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import orjson
from fastapi import Response
from sqlalchemy import ColumnElement, Connection, Row, Select, bindparam, select, tuple_
from sqlmodel import Session

from app.api.deps import PageParams, next_cursor
from app.models import ARTICLE, LINK, PARAGRAPH, QUOTE, SPEAKER, Article, Speaker
from app.schemas import ArticleOut, SpeakerOut


def json_response(body: Any) -> Response:
    """The body as FastAPI would serialize it (compact, UTF-8), without a second validation;
    orjson writes an article in a tenth of ``json.dumps``' time."""
    return Response(orjson.dumps(body), media_type="application/json")


def _span(text: str | None, start: int | None, end: int | None) -> dict[str, Any] | None:
    if text is None or start is None or end is None:
        return None
    return {"text": text, "start": start, "end": end}


# A quote with its speaker's name: one statement, however many speakers a page has.
QUOTE_ROWS = select(
    QUOTE.c.id, QUOTE.c.paragraph, QUOTE.c.kind, QUOTE.c.speaker_id, SPEAKER.c.name,
    QUOTE.c.mention_text, QUOTE.c.mention_start, QUOTE.c.mention_end,
    QUOTE.c.cue_text, QUOTE.c.cue_start, QUOTE.c.cue_end,
    QUOTE.c.content_text, QUOTE.c.content_start, QUOTE.c.content_end,
    QUOTE.c.addressee_text, QUOTE.c.addressee_start, QUOTE.c.addressee_end,
    QUOTE.c.via, QUOTE.c.confidence, QUOTE.c.article_id,
).select_from(QUOTE.outerjoin(SPEAKER, SPEAKER.c.id == QUOTE.c.speaker_id))  # fmt: skip


def quote_json(row: Row[Any], with_article: bool = False) -> dict[str, Any]:
    """A ``QUOTE_ROWS`` row in the shape of ``QuoteOut`` (``ArticleQuoteOut``)."""
    (qid, paragraph, kind, speaker_id, name, mention, mention_start, mention_end,
     cue, cue_start, cue_end, content, content_start, content_end,
     addressee, addressee_start, addressee_end, via, confidence, article_id) = row  # fmt: skip
    out = {
        "id": qid,
        "paragraph": paragraph,
        "kind": kind,
        "speaker": {"id": speaker_id, "name": name or ""},
        "mention": _span(mention, mention_start, mention_end),
        "cue": _span(cue, cue_start, cue_end),
        "content": _span(content, content_start, content_end),
        "addressee": _span(addressee, addressee_start, addressee_end),
        "via": via,
        "confidence": confidence,
    }
    if with_article:
        out["article_id"] = article_id
    return out


def quotes_json(
    conn: Connection, conditions: Sequence[ColumnElement[bool]], order: Sequence[Any]
) -> list[dict[str, Any]]:
    rows = conn.execute(QUOTE_ROWS.where(*conditions).order_by(*order)).all()
    return [quote_json(r) for r in rows]


QUOTE_ORDER = (QUOTE.c.article_id, QUOTE.c.paragraph, QUOTE.c.cue_start)
QUOTE_FILTERS = {
    "speaker": QUOTE.c.speaker_id == bindparam("speaker"),
    "article": QUOTE.c.article_id == bindparam("article"),
    "kind": QUOTE.c.kind == bindparam("kind"),
}


_AFTER = ("article", "paragraph", "cue")


@lru_cache(maxsize=64)
def _page_statement(filters: tuple[str, ...], after: bool) -> Select[Any]:
    """A page of quotes filtered by the named filters, built once per combination."""
    stmt = QUOTE_ROWS.where(*(QUOTE_FILTERS[f] for f in filters))
    if after:
        last = tuple_(
            bindparam("after_article"), bindparam("after_paragraph"), bindparam("after_cue")
        )
        stmt = stmt.where(tuple_(*QUOTE_ORDER) > last)
    return stmt.order_by(*QUOTE_ORDER).limit(bindparam("limit"))


def quote_page(conn: Connection, filters: dict[str, Any], page: PageParams) -> dict[str, Any]:
    """One page of quotes in article, paragraph and position order (keyset pagination);
    ``filters``: values for some of ``QUOTE_FILTERS``."""
    after = page.after(str, int, int)
    params = {**filters, "limit": page.limit + 1}
    if after is not None:
        params.update(zip((f"after_{k}" for k in _AFTER), after, strict=True))
    stmt = _page_statement(tuple(sorted(filters)), after is not None)
    rows = conn.execute(stmt, params).all()
    cursor = next_cursor(rows, page.limit, lambda r: (r.article_id, r.paragraph, r.cue_start))
    items = [quote_json(r, with_article=True) for r in rows[: page.limit]]
    return {"items": items, "next_cursor": cursor}


def speaker_out(s: Speaker) -> SpeakerOut:
    return SpeakerOut(
        id=s.id, name=s.name, kind=s.kind, aliases=json.loads(s.aliases), quote_count=s.quote_count
    )


def article_json(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """The whole annotated article in the shape of ``ArticleOut``, or None."""
    head = conn.execute(_ARTICLE, {"a": article_id}).first()
    if head is None:
        return None
    paragraphs = conn.execute(_PARAGRAPHS, {"a": article_id}).all()
    speakers = conn.execute(_SPEAKERS, {"a": article_id}).all()
    quotes = conn.execute(_QUOTES, {"a": article_id}).all()
    return {
        "id": article_id,
        "title": head.title,
        "source": head.source,
        "paragraphs": [{"position": p.position, "text": p.text} for p in paragraphs],
        "speakers": [
            {"id": s.id, "name": s.name, "kind": s.kind, "aliases": json.loads(s.aliases),
             "quote_count": s.quote_count}
            for s in speakers
        ],
        "quotes": [quote_json(q) for q in quotes],
    }  # fmt: skip


# The article's statements, built once (building them cost as much as running them).
_ARTICLE = select(ARTICLE.c.title, ARTICLE.c.source).where(ARTICLE.c.id == bindparam("a"))
_PARAGRAPHS = (
    select(PARAGRAPH.c.position, PARAGRAPH.c.text)
    .where(PARAGRAPH.c.article_id == bindparam("a"))
    .order_by(PARAGRAPH.c.position)
)
_SPEAKERS = (
    select(SPEAKER.c.id, SPEAKER.c.name, SPEAKER.c.kind, LINK.c.aliases, LINK.c.quote_count)
    .join(SPEAKER, SPEAKER.c.id == LINK.c.speaker_id)
    .where(LINK.c.article_id == bindparam("a"))
    .order_by(LINK.c.position)
)
_QUOTES = QUOTE_ROWS.where(QUOTE.c.article_id == bindparam("a")).order_by(
    QUOTE.c.paragraph, QUOTE.c.cue_start
)


def article_detail(session: Session, article: Article) -> ArticleOut:
    """The whole annotated article as a model: what a write answers with."""
    return ArticleOut.model_validate(article_json(session.connection(), article.id))
