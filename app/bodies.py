"""The JSON an article and each of its quotes are served as, written with their rows.

An article is read far more often than it is written, and its JSON changes only when it is
written: so the ingester and the write API store the JSON beside the rows (``article.body``,
``quote.body``), and the busiest routes send it as it is, in one indexed read. Building it
from the rows on every read cost twice the framework's own time per request.

Everything in an article's JSON belongs to that article (its paragraphs, quotes, and the
aliases and counts of its speaker links) except each speaker's name and kind. Those come from
the speaker row, which the first article to name the speaker creates, and which is dropped
with its last link: while any article's JSON names a speaker, the name and kind cannot
change, so a stored body never goes stale.

The same shapes can also be built from the rows (``article_json``, ``quote_json``): for
databases written before bodies were stored (``fill_missing_bodies``), for the routes that
do not store theirs, and for the tests, which check that the two agree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import orjson
from sqlalchemy import Connection, Row, bindparam, select, update

from app.models import ARTICLE, LINK, PARAGRAPH, QUOTE, SPEAKER


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, as FastAPI would send it; orjson writes an article in a tenth of
    ``json.dumps``' time. Bodies are stored as these bytes (a BLOB, a bytea): a read sends
    them without decoding and encoding them again."""
    return orjson.dumps(value)


# ---- from the annotation, as it is written -------------------------------------------------


def served_article(
    view: dict[str, Any], source: str, speakers: Mapping[str, tuple[str, str]]
) -> dict[str, Any]:
    """The article's JSON (``ArticleOut``) from its annotation view (``store.article_view``),
    with each speaker's ``(name, kind)`` as the speaker table holds them."""

    def named(ref: dict[str, Any]) -> dict[str, Any]:
        return {**ref, "name": speakers[ref["id"]][0]}

    return {
        "id": view["id"],
        "title": view["title"],
        "source": source,
        "paragraphs": view["paragraphs"],
        "speakers": [
            {**s, "name": speakers[s["id"]][0], "kind": speakers[s["id"]][1]}
            for s in view["speakers"]
        ],
        "quotes": [
            {**q, "speaker": named(q["speaker"])}
            for q in sorted(view["quotes"], key=lambda q: (q["paragraph"], q["cue"]["start"]))
        ],
    }


def served_quote(quote: dict[str, Any], article_id: str) -> dict[str, Any]:
    """A quote of ``served_article`` as the quote lists serve it (``ArticleQuoteOut``)."""
    return {**quote, "article_id": article_id}


# ---- from the rows ---------------------------------------------------------------------------


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


# ---- bodies for rows written before they were stored ---------------------------------------

MISSING_BODIES = select(ARTICLE.c.id).where(ARTICLE.c.body.is_(None)).order_by(ARTICLE.c.id)
_SET_ARTICLE = (
    update(ARTICLE).where(ARTICLE.c.id == bindparam("a")).values(body=bindparam("article_body"))
)
_SET_QUOTE = update(QUOTE).where(QUOTE.c.id == bindparam("q")).values(body=bindparam("quote_body"))


def articles_without_body(conn: Connection) -> list[str]:
    return list(conn.execute(MISSING_BODIES).scalars())


def fill_body(conn: Connection, article_id: str) -> None:
    """Store the bodies of one article and its quotes, built from its rows."""
    article = article_json(conn, article_id)
    if article is None:  # deleted meanwhile
        return
    conn.execute(_SET_ARTICLE, {"a": article_id, "article_body": dumps(article)})
    quotes = [
        {"q": q["id"], "quote_body": dumps(served_quote(q, article_id))} for q in article["quotes"]
    ]
    if quotes:
        conn.execute(_SET_QUOTE, quotes)
