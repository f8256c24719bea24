"""What a search shows of its matches: each paragraph with its article and quotes, and facets
counted over every match."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, exists, func, select, union

from app.models import ARTICLE, PARAGRAPH, QUOTE, SEARCH_DOC, SEARCH_POSTING, SPEAKER
from app.search import Query
from app.store.search_query import FACET_SIZE, Ranked
from app.store.search_terms import Slot, groups_of
from app.store.search_time import time_limit

FACETS = ("speaker", "outlet", "year")


_PASSAGES = (
    select(
        SEARCH_DOC.c.id,
        SEARCH_DOC.c.article_id,
        SEARCH_DOC.c.paragraph,
        PARAGRAPH.c.text,
        ARTICLE.c.title,
        ARTICLE.c.outlet,
        ARTICLE.c.published_at,
        ARTICLE.c.url,
        QUOTE.c.id.label("quote_id"),
        QUOTE.c.kind,
        QUOTE.c.speaker_id,
        SPEAKER.c.name,
        QUOTE.c.content_start,
        QUOTE.c.content_end,
        QUOTE.c.link_by,
        QUOTE.c.link_across,
        QUOTE.c.link_editor,
    )
    .select_from(
        SEARCH_DOC.join(
            PARAGRAPH,
            and_(
                PARAGRAPH.c.article_id == SEARCH_DOC.c.article_id,
                PARAGRAPH.c.position == SEARCH_DOC.c.paragraph,
            ),
        )
        .join(ARTICLE, ARTICLE.c.id == SEARCH_DOC.c.article_id)
        .outerjoin(
            QUOTE,
            and_(
                QUOTE.c.article_id == SEARCH_DOC.c.article_id,
                QUOTE.c.paragraph == SEARCH_DOC.c.paragraph,
            ),
        )
        .outerjoin(SPEAKER, SPEAKER.c.id == QUOTE.c.speaker_id)
    )
    .where(SEARCH_DOC.c.id.in_(bindparam("docs", expanding=True)))
    .order_by(SEARCH_DOC.c.id, QUOTE.c.cue_start)
)


_QUOTE_FIELDS = (
    "id", "kind", "speaker_id", "name", "content_start", "content_end",
    "link_by", "link_across", "link_editor",
)  # fmt: skip


def passages(conn: Connection, ranked: Sequence[Ranked]) -> list[dict[str, Any]]:
    """The ranked paragraphs with their text, article and quotes (each quote's speaker, the
    evidence of its link and its content span), in rank order: one statement, a row per quote
    of each paragraph (one for a paragraph without quotes)."""
    if not ranked:
        return []
    found: dict[int, dict[str, Any]] = {}
    rows = conn.execute(_PASSAGES, {"docs": [r.doc_id for r in ranked]}).all()
    for doc, article, paragraph, text, title, outlet, published, url, *quote in rows:
        hit = found.get(doc)
        if hit is None:
            hit = found[doc] = {
                "article_id": article, "paragraph": paragraph, "text": text, "title": title,
                "outlet": outlet, "published_at": published, "url": url, "quotes": [],
            }  # fmt: skip
        if quote[0] is not None:
            hit["quotes"].append(dict(zip(_QUOTE_FIELDS, quote, strict=True)))
    return [{**found[r.doc_id], "score": r.score} for r in ranked if r.doc_id in found]


def _matched(group: Any, excluded: list[Slot], filters: dict[str, Any]) -> Select[Any]:
    """The ids of the paragraphs that hold every word of ``group`` (a phrase's pairs, or its
    words when they are not paired: not checked in a row) and none excluded, within the
    filters."""
    d, p = SEARCH_DOC.c, SEARCH_POSTING.c
    first, *rest = [terms for slot in group.slots for terms in slot.required()]
    stmt = select(d.id).join(SEARCH_POSTING, and_(p.doc_id == d.id, p.term_id.in_(first)))
    quoted = filters.get("type") == "quote" or bool(filters.get("speaker"))
    if quoted:
        stmt = stmt.where(p.quoted > 0)
    for terms in rest:
        other = SEARCH_POSTING.alias()
        condition = and_(other.c.doc_id == d.id, other.c.term_id.in_(terms))
        if quoted:
            condition = and_(condition, other.c.quoted > 0)
        stmt = stmt.where(exists().where(condition))
    banned = [t for s in excluded for t in s.terms]
    if banned:
        other = SEARCH_POSTING.alias()
        stmt = stmt.where(~exists().where(other.c.doc_id == d.id, other.c.term_id.in_(banned)))
    if filters.get("article"):
        stmt = stmt.where(d.article_id == filters["article"])
    if filters.get("outlet") is not None:
        stmt = stmt.where(d.outlet == filters["outlet"])
    if filters.get("published_after") is not None:
        stmt = stmt.where(d.published_at >= filters["published_after"])
    if filters.get("published_before") is not None:
        stmt = stmt.where(d.published_at < filters["published_before"])
    if filters.get("speaker"):
        q = QUOTE.c
        stmt = stmt.where(
            exists().where(
                q.article_id == d.article_id,
                q.paragraph == d.paragraph,
                q.speaker_id == filters["speaker"],
            )
        )
    return stmt.distinct()


def facets(
    conn: Connection, query: Query, filters: dict[str, Any], wanted: Sequence[str], timeout_ms: int
) -> dict[str, Any]:
    """Counts over every matching paragraph: ``total``, and per wanted facet its commonest
    values (speakers: the quotes in those paragraphs, with their names; years of the
    articles' dates)."""
    with time_limit(conn, timeout_ms):
        _, groups, excluded, _ = groups_of(conn, query)
        if not groups:
            return {"total": 0, **{name: [] for name in wanted}}
        matched = union(*(_matched(g, excluded, filters) for g in groups)).subquery()
        d = SEARCH_DOC.c
        out: dict[str, Any] = {
            "total": conn.execute(select(func.count()).select_from(matched)).scalar_one()
        }
        on_match = d.id == matched.c.id
        if "outlet" in wanted:
            stmt = (
                select(d.outlet, func.count().label("n"))
                .join(matched, on_match)
                .where(d.outlet.is_not(None))
                .group_by(d.outlet)
                .order_by(func.count().desc(), d.outlet)
                .limit(FACET_SIZE)
            )
            out["outlet"] = [{"value": v, "count": c} for v, c in conn.execute(stmt)]
        if "year" in wanted:
            stmt = (
                select(d.year, func.count())
                .join(matched, on_match)
                .where(d.year.is_not(None))
                .group_by(d.year)
                .order_by(d.year)
            )
            out["year"] = [{"value": v, "count": c} for v, c in conn.execute(stmt)]
        if "speaker" in wanted:
            q = QUOTE.c
            stmt = (
                select(q.speaker_id, SPEAKER.c.name, func.count(func.distinct(d.id)).label("n"))
                .select_from(SEARCH_DOC)
                .join(matched, on_match)
                .join(QUOTE, and_(q.article_id == d.article_id, q.paragraph == d.paragraph))
                .join(SPEAKER, SPEAKER.c.id == q.speaker_id)
                .group_by(q.speaker_id, SPEAKER.c.name)
                .order_by(func.count(func.distinct(d.id)).desc(), q.speaker_id)
                .limit(FACET_SIZE)
            )
            out["speaker"] = [
                {"id": i, "name": name, "count": c} for i, name, c in conn.execute(stmt)
            ]
        return out
